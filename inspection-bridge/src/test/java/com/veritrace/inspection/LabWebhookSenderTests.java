package com.veritrace.inspection;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The webhook sender against a WireMock stub of a lab's request endpoint
 * (docs/INSPECTION.md).
 */
class LabWebhookSenderTests {

	static final String SECRET = "shared-secret-0123456789";

	static final String PATH = "/v1/inspection-requests";

	WireMockServer lab;

	final List<Duration> waits = new ArrayList<>();

	final Clock clock = Clock.fixed(Instant.parse("2026-11-24T04:00:00Z"), ZoneOffset.UTC);

	final LabWebhookSender.InspectionRequest request = new LabWebhookSender.InspectionRequest("req-1", 7,
			"Demo Tea Co.", "06901234567892", "LJ2026A", List.of("Lead (Pb)", "Pesticide residues"),
			LocalDate.of(2026, 12, 1), URI.create("https://veritrace.example/api/v1/inspection-reports"));

	@BeforeEach
	void start() {
		this.lab = new WireMockServer(options().dynamicPort());
		this.lab.start();
		LabResultPullerTests.warmUp(this.lab);
	}

	@AfterEach
	void stop() {
		this.lab.stop();
	}

	LabWebhookSender sender(int attempts, Duration timeout) {
		return new LabWebhookSender(
				new LabConnection(URI.create(this.lab.baseUrl() + "/"), SECRET, Duration.ofSeconds(2), timeout,
						new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(15)), true),
				this.clock, this.waits::add);
	}

	@Test
	void deliversASignedRequestAndReadsTheLabsReference() throws Exception {
		this.lab.stubFor(post(PATH).withHeader("Content-Type", equalTo("application/json"))
			.withHeader("X-Veritrace-Timestamp", equalTo("1795492800"))
			.withHeader("X-Veritrace-Delivery", matching("[0-9a-f-]{36}"))
			.withRequestBody(equalToJson("""
					{"requestId":"req-1","brand":{"id":7,"name":"Demo Tea Co."},"gtin":"06901234567892",
					 "lotNumber":"LJ2026A","requestedTests":["Lead (Pb)","Pesticide residues"],"dueBy":"2026-12-01",
					 "reportUploadUrl":"https://veritrace.example/api/v1/inspection-reports"}"""))
			.willReturn(okJson("{\"labReference\":\"LAB-REQ-881\"}").withStatus(202)));
		LabWebhookSender sender = sender(3, Duration.ofSeconds(5));
		LabWebhookSender.Delivery delivery = sender.send(this.request);
		assertThat(delivery.status()).isEqualTo(202);
		assertThat(delivery.attempts()).isEqualTo(1);
		assertThat(delivery.labReference()).isEqualTo("LAB-REQ-881");

		LoggedRequest sent = this.lab.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
		String expected = hmac(SECRET, "1795492800." + sent.getBodyAsString());
		assertThat(sent.getHeader("X-Veritrace-Signature")).isEqualTo("sha256=" + expected);
		assertThat(sent.getHeader("X-Veritrace-Delivery")).isEqualTo(delivery.deliveryId());
	}

	@Test
	void retriesTimeoutsAnd5xxWithTheSameDeliveryIdUntilDelivered() {
		this.lab.stubFor(post(PATH).inScenario("s")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("slow"));
		this.lab.stubFor(post(PATH).inScenario("s")
			.whenScenarioStateIs("slow")
			.willReturn(aResponse().withStatus(200).withFixedDelay(1500))
			.willSetStateTo("ok"));
		this.lab.stubFor(post(PATH).inScenario("s").whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204)));
		LabWebhookSender.Delivery delivery = sender(5, Duration.ofMillis(300)).send(this.request);
		assertThat(delivery.attempts()).isEqualTo(3);
		assertThat(delivery.status()).isEqualTo(204);
		assertThat(delivery.labReference()).isNull();
		assertThat(this.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(15));
		assertThat(this.lab.findAll(postRequestedFor(urlEqualTo(PATH))))
			.extracting(r -> r.getHeader("X-Veritrace-Delivery"))
			.containsOnly(delivery.deliveryId())
			.hasSize(3);
	}

	@Test
	void a4xxIsRefusedAtOnceAndExhaustedRetriesAreRetryable() {
		this.lab.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unknown gtin\"}")));
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> sender(3, Duration.ofSeconds(1)).send(this.request))
			.satisfies(ex -> assertThat(ex.retryable()).isFalse())
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(400))
			.withMessageContaining("unknown gtin");
		this.lab.verify(1, postRequestedFor(urlEqualTo(PATH)));

		this.lab.resetAll();
		this.lab.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> sender(2, Duration.ofSeconds(1)).send(this.request))
			.satisfies(ex -> assertThat(ex.retryable()).isTrue())
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(429));
		// Retry-After is honoured up to maxBackoff
		assertThat(this.waits).last().isEqualTo(Duration.ofMillis(15));

		this.lab.resetAll();
		this.lab.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> sender(2, Duration.ofSeconds(1)).send(this.request))
			.satisfies(ex -> assertThat(ex.retryable()).isTrue())
			.satisfies(ex -> assertThat(ex.status()).isZero());
		this.lab.verify(2, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void aMalformedAnswerToAnAcceptedDeliveryStillCountsAsDelivered() {
		this.lab.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("<html>thanks</html>")));
		LabWebhookSender.Delivery delivery = sender(3, Duration.ofSeconds(1)).send(this.request);
		assertThat(delivery.status()).isEqualTo(200);
		assertThat(delivery.labReference()).isNull();
		this.lab.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	static String hmac(String secret, String payload) throws Exception {
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
				"HmacSHA256"));
		return java.util.HexFormat.of()
			.formatHex(mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
	}

}
