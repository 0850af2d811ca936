package com.veritrace.events;

import java.time.Clock;
import java.util.List;

import com.veritrace.VeritraceProperties;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.ParserLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration implements WebMvcConfigurer {

	private final Clock clock;

	EventsConfiguration(Clock clock) {
		this.clock = clock;
	}

	/**
	 * EPCIS XML for queries, last in the list: a client that accepts anything still gets
	 * JSON.
	 */
	@Override
	@SuppressWarnings("deprecation")
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(new EpcisXmlMessageConverter(this.clock));
	}

	/** Migration V25, a Java one: Flyway takes it from the context. */
	@Bean
	EpcisQueryIndexMigration epcisQueryIndexMigration() {
		return new EpcisQueryIndexMigration();
	}

	@Bean
	EpcisDocumentParser epcisDocumentParser(VeritraceProperties properties) {
		ParserLimits defaults = ParserLimits.defaults();
		return new EpcisDocumentParser(
				new ParserLimits(properties.capture().maxDocumentSize().toBytes(), defaults.maxDepth(),
						properties.capture().maxEvents(), defaults.maxStringLength(), defaults.maxViolations()));
	}

}
