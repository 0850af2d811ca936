package com.veritrace.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class PublicRateLimitFilterTests {

	final AtomicLong now = new AtomicLong(1_000_000);

	final Clock clock = new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(PublicRateLimitFilterTests.this.now.get());
		}
	};

	final PublicRateLimitFilter filter = new PublicRateLimitFilter(properties(60), this.clock,
			JsonMapper.builder().build());

	@Test
	void allowsTheBudgetThenAnswers429WithRetryAfterAndRefills() throws Exception {
		for (int i = 0; i < 60; i++) {
			assertThat(call("10.0.0.1", "/api/v1/epcis/event-hashes").getStatus()).isEqualTo(200);
		}
		MockHttpServletResponse refused = call("10.0.0.1", "/api/v1/epcis/event-hashes");
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentType()).isEqualTo("application/problem+json");
		assertThat(refused.getContentAsString()).contains("/problems/rate-limited");
		// another client has its own budget
		assertThat(call("10.0.0.2", "/api/v1/proofs/abc").getStatus()).isEqualTo(200);
		// a second later one token is back (60 a minute)
		this.now.addAndGet(1000);
		assertThat(call("10.0.0.1", "/api/v1/epcis/event-hashes").getStatus()).isEqualTo(200);
		assertThat(call("10.0.0.1", "/api/v1/epcis/event-hashes").getStatus()).isEqualTo(429);
	}

	@Test
	void placesAddedToScansShareTheScanBudget() throws Exception {
		for (int i = 0; i < 150; i++) {
			assertThat(call("10.0.0.4", "/01/09506000134352/21/ABC").getStatus()).isEqualTo(200);
			assertThat(call("10.0.0.4", "/h5/scans/place").getStatus()).isEqualTo(200);
		}
		assertThat(call("10.0.0.4", "/h5/scans/place").getStatus()).isEqualTo(429);
		assertThat(call("10.0.0.4", "/01/09506000134352/21/ABC").getStatus()).isEqualTo(429);
	}

	@Test
	void theTransparencyLogHasItsOwnLargerBudgetSoAWitnessCanCatchUp() throws Exception {
		// the public budget spent on proofs leaves the log's untouched
		for (int i = 0; i < 60; i++) {
			assertThat(call("10.0.0.5", "/api/v1/proofs/abc").getStatus()).isEqualTo(200);
		}
		assertThat(call("10.0.0.5", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
		// 1,200 a minute by default: 600 heads' consistency proofs and cosignatures at
		// once
		for (int i = 0; i < 600; i++) {
			assertThat(call("10.0.0.5", "/api/v1/log/consistency").getStatus()).isEqualTo(200);
			assertThat(call("10.0.0.5", "/api/v1/log/tree-heads/" + (i + 1) + "/cosignatures").getStatus())
				.isEqualTo(200);
		}
		MockHttpServletResponse refused = call("10.0.0.5", "/.well-known/veritrace-log");
		assertThat(refused.getStatus()).isEqualTo(429);
		assertThat(refused.getContentAsString()).contains("more than 1200 requests a minute");
	}

	@Test
	void authenticatedEndpointsAreNotCounted() throws Exception {
		for (int i = 0; i < 100; i++) {
			assertThat(call("10.0.0.3", "/api/v1/products").getStatus()).isEqualTo(200);
		}
	}

	@Test
	void anIpv6ClientSpendsOneBudgetForItsWhole64() throws Exception {
		for (int i = 0; i < 60; i++) {
			String address = "2001:db8:1:2:" + Integer.toHexString(i) + "::" + Integer.toHexString(i + 1);
			assertThat(call(address, "/api/v1/proofs/abc").getStatus()).isEqualTo(200);
		}
		assertThat(call("2001:db8:1:2:ffff:ffff:ffff:fffe", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
		assertThat(call("2001:0db8:0001:0002:0000:0000:0000:0001", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
		// the neighbouring /64 is another subscriber
		assertThat(call("2001:db8:1:3::1", "/api/v1/proofs/abc").getStatus()).isEqualTo(200);
		assertThat(PublicRateLimitFilter.client("2001:db8:1:2:aaaa::1")).isEqualTo("20010db800010002::/64");
		assertThat(PublicRateLimitFilter.client("10.1.2.3")).isEqualTo("10.1.2.3");
	}

	@Test
	void aFloodOfNewAddressesEvictsIdleClientsButNeverRefillsAnActiveOnesBudget() throws Exception {
		for (int i = 0; i < 60; i++) {
			call("10.9.9.9", "/api/v1/proofs/abc");
		}
		assertThat(call("10.9.9.9", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
		for (int i = 0; i < 150_000; i++) {
			call("11." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "/api/v1/proofs/abc");
			if (i % 1000 == 0) {
				// the spender stays active while the flood goes on
				assertThat(call("10.9.9.9", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
			}
		}
		assertThat(call("10.9.9.9", "/api/v1/proofs/abc").getStatus()).isEqualTo(429);
		assertThat(this.filter.trackedClients()).isLessThanOrEqualTo(100_000);
	}

	private MockHttpServletResponse call(String address, String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setRemoteAddr(address);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

	static VeritraceProperties properties(int perMinute) {
		var source = new MapConfigurationPropertySource(
				java.util.Map.of("veritrace.rate-limit.public-per-minute", String.valueOf(perMinute)));
		return new Binder(source).bindOrCreate("veritrace", VeritraceProperties.class);
	}

}
