package com.veritrace.events;

import com.veritrace.VeritraceProperties;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.ParserLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class EventsConfiguration {

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
