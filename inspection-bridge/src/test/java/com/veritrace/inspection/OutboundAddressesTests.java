package com.veritrace.inspection;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Which addresses an outbound call may reach (literal addresses only: no DNS needed). */
class OutboundAddressesTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.254",
			"192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "192.0.0.8", "198.18.0.1", "224.0.0.1",
			"240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
			"::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.1.2.3" })
	void nonPublicAddressesAreRefused(String literal) throws UnknownHostException {
		assertThat(OutboundAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
		String host = literal.contains(":") ? "[" + literal + "]" : literal;
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> OutboundAddresses.check(URI.create("https://" + host + "/v1/results"), false))
			.satisfies(ex -> assertThat(ex.retryable()).isFalse())
			.withMessageContaining("non-public address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1", "192.169.0.1",
			"2001:4860:4860::8888", "::ffff:8.8.8.8" })
	void publicAddressesPass(String literal) throws UnknownHostException {
		assertThat(OutboundAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
		String host = literal.contains(":") ? "[" + literal + "]" : literal;
		OutboundAddresses.check(URI.create("https://" + host + "/v1/results"), false);
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "ftp://8.8.8.8/x", "gopher://8.8.8.8/", "https://user:pw@8.8.8.8/",
			"https:///nohost" })
	void otherSchemesUserInfoAndMissingHostsAreRefusedEvenOnAPrivateNetwork(String uri) {
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> OutboundAddresses.check(URI.create(uri), true))
			.withMessageContaining("refused to call");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/", "http://localhost/", "http://10.1.2.3/" })
	void theOperatorMayAllowPrivateNetworks(String uri) {
		OutboundAddresses.check(URI.create(uri), true);
	}

}
