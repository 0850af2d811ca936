package com.veritrace.web;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket write buffer reaches Tomcat's NIO endpoint. */
class TomcatConfigurationTests {

	@Test
	void theConnectorsSocketWriteBufferIsTheConfiguredSize() {
		Connector connector = new Connector("HTTP/1.1");
		assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).as("Tomcat's default")
			.isEqualTo("8192");
		new TomcatConfiguration().socketWriteBuffer(DataSize.ofKilobytes(16)).customize(connector);
		assertThat(String.valueOf(connector.getProperty("socket.appWriteBufSize"))).isEqualTo("16384");
	}

}
