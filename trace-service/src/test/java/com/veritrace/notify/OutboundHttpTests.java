package com.veritrace.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guarded webhook client: which URLs it refuses before any byte is sent (not https,
 * non-public addresses, user information), and what it makes of a partner's receiver
 * (WireMock on loopback, allowed here as in development): redirects not followed,
 * oversized or slow answers cut off.
 */
class OutboundHttpTests {

	WireMockServer receiver;

	OutboundHttp guarded;

	OutboundHttp loopbackAllowed;

	@BeforeEach
	void start() {
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.guarded = new OutboundHttp(settings(false));
		this.loopbackAllowed = new OutboundHttp(settings(true));
	}

	@AfterEach
	void stop() throws Exception {
		this.receiver.stop();
		this.guarded.close();
		this.loopbackAllowed.close();
	}

	static NotifyProperties.Http settings(boolean allowLoopback) {
		return new NotifyProperties.Http(Duration.ofSeconds(2), Duration.ofMillis(1500), DataSize.ofKilobytes(64),
				allowLoopback);
	}

	@Test
	void refusesWhatIsNotHttpsToAPublicAddress() {
		String[][] refused = { { "http://example.com/hook", "only https" }, { "ftp://example.com/hook", "only https" },
				{ "https://10.1.2.3/hook", "10.1.2.3, which is not a public address" },
				{ "https://192.168.0.10/hook", "not a public address" },
				{ "https://172.16.5.4/hook", "not a public address" },
				{ "https://169.254.169.254/latest/meta-data", "169.254.169.254, which is not a public address" },
				{ "https://100.64.0.1/hook", "not a public address" }, { "https://[fd00::1]/hook", "not a public" },
				{ "https://[::ffff:10.0.0.1]/hook", "not a public address" },
				{ "https://127.0.0.1/hook", "127.0.0.1, which is not a public address" },
				{ "https://localhost/hook", "not a public address" },
				{ "https://user:pw@example.com/hook", "user name or password" }, { "https:///hook", "names no host" } };
		for (String[] c : refused) {
			assertThatThrownBy(() -> this.guarded.check(URI.create(c[0]))).as(c[0])
				.isInstanceOf(OutboundHttp.Refused.class)
				.hasMessageContaining(c[1]);
		}
		// in development and tests, this machine: over http too; never the private
		// networks
		this.loopbackAllowed.check(URI.create("http://127.0.0.1:8080/hook"));
		this.loopbackAllowed.check(URI.create("https://localhost/hook"));
		assertThatThrownBy(() -> this.loopbackAllowed.check(URI.create("https://10.1.2.3/hook")))
			.hasMessageContaining("not a public address");
		assertThatThrownBy(() -> this.loopbackAllowed.check(URI.create("http://93.184.215.14/hook")))
			.hasMessageContaining("only https");
	}

	@Test
	void aRefusedUrlIsNeverCalled() {
		this.receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
		OutboundHttp.Answer answer = this.guarded.post(URI.create(this.receiver.url("/hook")), Map.of(), body());
		assertThat(answer.ok()).isFalse();
		assertThat(answer.status()).isZero();
		assertThat(answer.error()).startsWith("refused: only https");
		assertThat(this.receiver.getAllServeEvents()).isEmpty();
	}

	@Test
	void postsTheBodyAndHeadersAndTakesA2xx() {
		this.receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));
		OutboundHttp.Answer answer = this.loopbackAllowed.post(URI.create(this.receiver.url("/hook")),
				Map.of("X-Veritrace-Event", "RECALL_ISSUED"), body());
		assertThat(answer).extracting(OutboundHttp.Answer::status, OutboundHttp.Answer::error)
			.containsExactly(204, null);
		this.receiver
			.verify(postRequestedFor(urlEqualTo("/hook")).withHeader("X-Veritrace-Event", equalTo("RECALL_ISSUED"))
				.withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
				.withRequestBody(equalTo("{\"a\":1}")));
	}

	@Test
	void doesNotFollowARedirect() {
		this.receiver.stubFor(
				post("/hook").willReturn(aResponse().withStatus(302).withHeader("Location", "http://10.0.0.1/admin")));
		this.receiver.stubFor(post("/admin").willReturn(aResponse().withStatus(200)));
		OutboundHttp.Answer answer = this.loopbackAllowed.post(URI.create(this.receiver.url("/hook")), Map.of(),
				body());
		assertThat(answer.status()).isEqualTo(302);
		assertThat(answer.error()).isEqualTo("HTTP 302: redirect to http://10.0.0.1/admin not followed");
		assertThat(this.receiver.getAllServeEvents()).hasSize(1);
	}

	@Test
	void cutsOffAnOversizedOrSlowAnswerAndReportsErrors() {
		this.receiver.stubFor(post("/big").willReturn(aResponse().withStatus(200).withBody(new byte[200_000])));
		assertThat(this.loopbackAllowed.post(URI.create(this.receiver.url("/big")), Map.of(), body()).error())
			.isEqualTo("the answer is larger than 65536 bytes");
		this.receiver.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
		OutboundHttp.Answer slow = this.loopbackAllowed.post(URI.create(this.receiver.url("/slow")), Map.of(), body());
		assertThat(slow.error()).isEqualTo("no answer within 1500 ms");
		assertThat(slow.durationMs()).isBetween(1400L, 2900L);
		this.receiver.stubFor(post("/down").willReturn(aResponse().withStatus(503)));
		assertThat(this.loopbackAllowed.post(URI.create(this.receiver.url("/down")), Map.of(), body()))
			.extracting(OutboundHttp.Answer::status, OutboundHttp.Answer::error)
			.containsExactly(503, "HTTP 503");
		int closed = this.receiver.port();
		this.receiver.stop();
		assertThat(
				this.loopbackAllowed.post(URI.create("http://127.0.0.1:" + closed + "/hook"), Map.of(), body()).error())
			.contains("Connect");
	}

	private static byte[] body() {
		return "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
	}

}
