package com.veritrace.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.util.unit.DataSize;

/**
 * Encoded slashes ({@code %2F}) are passed through undecoded (Tomcat refuses them by
 * default): {@link RequestPathFilter} allows them only in an EPCIS identifier segment,
 * where the router decodes them into the path variable.
 * <p>
 * The embedded Tomcat's socket write buffer ({@code veritrace.web.socket-write-buffer},
 * 16 KB; Tomcat's default is 8 KB): a response larger than the buffer, headers included,
 * goes out in two writes instead of one, and the scan page with its journey, proofs and
 * the Content-Security-Policy header is just over 8 KB (docs/BENCHMARKS.md, the scan
 * page).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	TomcatConnectorCustomizer socketWriteBuffer(
			@Value("${veritrace.web.socket-write-buffer:16KB}") DataSize socketWriteBuffer) {
		return (connector) -> connector.setProperty("socket.appWriteBufSize",
				String.valueOf(socketWriteBuffer.toBytes()));
	}

	@Bean
	TomcatConnectorCustomizer encodedSlashesPassedThrough() {
		return (connector) -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
	}

	@Bean
	HttpFirewall httpFirewall() {
		return RequestPathFilter.encodedSlashes();
	}

}
