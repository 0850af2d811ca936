package com.veritrace.inspection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The pull connector against a WireMock stub of the lab API in docs/INSPECTION.md. */
class LabResultPullerTests {

	static final byte[] PDF = "%PDF-1.4 lab report".getBytes(StandardCharsets.US_ASCII);

	static final String PDF_SHA256 = DocumentHashAlgorithm.SHA_256.newDigest().digest(PDF).length == 32
			? java.util.HexFormat.of().formatHex(DocumentHashAlgorithm.SHA_256.newDigest().digest(PDF)) : "";

	WireMockServer lab;

	final List<Duration> waits = new ArrayList<>();

	@BeforeEach
	void start() {
		this.lab = new WireMockServer(options().dynamicPort());
		this.lab.start();
		warmUp(this.lab);
	}

	/**
	 * The first request to a fresh WireMock can take longer than the short timeouts these
	 * tests use.
	 */
	static void warmUp(WireMockServer server) {
		try {
			java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__admin/mappings")).build(),
						java.net.http.HttpResponse.BodyHandlers.discarding());
		}
		catch (Exception ex) {
			throw new IllegalStateException("WireMock did not answer", ex);
		}
	}

	@AfterEach
	void stop() {
		this.lab.stop();
	}

	LabResultPuller puller(int attempts, Duration requestTimeout) {
		return puller(URI.create(this.lab.baseUrl() + "/"), attempts, requestTimeout, true);
	}

	/**
	 * {@code allowPrivateNetwork}: WireMock runs on loopback, which the tests allow
	 * explicitly.
	 */
	LabResultPuller puller(URI base, int attempts, Duration requestTimeout, boolean allowPrivateNetwork) {
		LabConnection connection = new LabConnection(base, "lab-token-123", Duration.ofSeconds(2), requestTimeout,
				new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(40)), allowPrivateNetwork);
		return new LabResultPuller(connection, 2, 1024, this.waits::add);
	}

	static String result(String id) {
		return """
				{"id":"%s","metadata":{"reportNumber":"%s"},
				 "document":{"href":"/v1/results/%s/document","mediaType":"application/pdf","sha256":"%s"}}
				""".formatted(id, id, id, PDF_SHA256);
	}

	void stubDocument(String id, byte[] body) {
		this.lab.stubFor(get("/v1/results/" + id + "/document")
			.willReturn(aResponse().withHeader("Content-Type", "application/pdf").withBody(body)));
	}

	static final class MemoryCursor implements LabResultPuller.CursorStore {

		String cursor;

		final List<String> saved = new ArrayList<>();

		@Override
		public Optional<String> load() {
			return Optional.ofNullable(this.cursor);
		}

		@Override
		public void save(String cursor) {
			this.cursor = cursor;
			this.saved.add(cursor);
		}

	}

	@Test
	void pollsPageByPageFromTheSavedCursorWithTheTokenAndHandsOverEachDocument() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).withQueryParam("cursor", absent())
			.withHeader("Authorization", equalTo("Bearer lab-token-123"))
			.willReturn(okJson(
					"{\"results\":[" + result("R1") + "," + result("R2") + "],\"cursor\":\"c2\",\"hasMore\":true}")));
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).withQueryParam("cursor", equalTo("c2"))
			.withQueryParam("limit", equalTo("2"))
			.willReturn(okJson("{\"results\":[" + result("R3") + "],\"cursor\":\"c3\",\"hasMore\":false}")));
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).withQueryParam("cursor", equalTo("c3"))
			.willReturn(okJson("{\"results\":[],\"cursor\":\"c3\",\"hasMore\":false}")));
		for (String id : List.of("R1", "R2", "R3")) {
			stubDocument(id, PDF);
		}
		MemoryCursor cursor = new MemoryCursor();
		List<String> handled = new ArrayList<>();
		LabResultPuller puller = puller(3, Duration.ofSeconds(2));
		LabResultPuller.PollSummary summary = puller.poll(cursor, (result, document) -> {
			assertThat(document.content()).isEqualTo(PDF);
			assertThat(document.mediaType()).isEqualTo("application/pdf");
			handled.add(result.id() + ":" + result.metadata().get("reportNumber").asString());
		}, 10);
		assertThat(handled).containsExactly("R1:R1", "R2:R2", "R3:R3");
		assertThat(summary).isEqualTo(new LabResultPuller.PollSummary(2, 3, 0, "c3"));
		assertThat(cursor.saved).containsExactly("c2", "c3");

		// the next poll starts from c3 and finds nothing new
		assertThat(puller.poll(cursor, (r, d) -> handled.add(r.id()), 10).handled()).isZero();
		assertThat(handled).hasSize(3);
		assertThat(this.waits).isEmpty();
	}

	@Test
	void retries5xxAndTimeoutsWithGrowingBackoffThenSucceeds() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("slow"));
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).inScenario("flaky")
			.whenScenarioStateIs("slow")
			.willReturn(okJson("{\"results\":[],\"cursor\":\"x\",\"hasMore\":false}").withFixedDelay(1500))
			.willSetStateTo("fine"));
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).inScenario("flaky")
			.whenScenarioStateIs("fine")
			.willReturn(okJson("{\"results\":[" + result("R9") + "],\"cursor\":\"c9\",\"hasMore\":false}")));
		LabResultPuller.ResultPage page = puller(4, Duration.ofMillis(300)).fetchPage(null);
		assertThat(page.results()).extracting(LabResultPuller.LabResult::id).containsExactly("R9");
		assertThat(this.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		this.lab.verify(3, getRequestedFor(urlPathEqualTo("/v1/results")));
	}

	@Test
	void givesUpAfterTheLastAttemptAsRetryableAndKeepsTheCursor() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(aResponse().withStatus(500)));
		MemoryCursor cursor = new MemoryCursor();
		cursor.cursor = "c1";
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> puller(3, Duration.ofSeconds(1)).poll(cursor, (r, d) -> {
			}, 5))
			.satisfies(ex -> assertThat(ex.retryable()).isTrue())
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(500))
			.withMessageContaining("after 3 attempts");
		assertThat(this.waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		assertThat(cursor.saved).isEmpty();
		this.lab.verify(3, getRequestedFor(urlPathEqualTo("/v1/results")).withQueryParam("cursor", equalTo("c1")));
	}

	@Test
	void aConnectionResetIsRetriedAndA4xxIsNot() {
		this.lab.stubFor(
				get(urlPathEqualTo("/v1/results")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> puller(2, Duration.ofSeconds(1)).fetchPage(null))
			.satisfies(ex -> assertThat(ex.retryable()).isTrue());
		this.lab.verify(2, getRequestedFor(urlPathEqualTo("/v1/results")));

		this.lab.resetAll();
		this.waits.clear();
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(aResponse().withStatus(401)));
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> puller(3, Duration.ofSeconds(1)).fetchPage(null))
			.satisfies(ex -> assertThat(ex.retryable()).isFalse())
			.satisfies(ex -> assertThat(ex.status()).isEqualTo(401));
		this.lab.verify(1, getRequestedFor(urlPathEqualTo("/v1/results")));
		assertThat(this.waits).isEmpty();
	}

	@Test
	void malformedPagesFailWithoutRetryAndMalformedResultsAreSkipped() {
		for (String body : List.of("<html>oops</html>", "{\"results\":{},\"cursor\":\"c\",\"hasMore\":false}",
				"{\"results\":[],\"hasMore\":false}", "{\"results\":[],\"cursor\":\"c\",\"hasMore\":\"no\"}")) {
			this.lab.resetAll();
			this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(okJson(body)));
			assertThatExceptionOfType(LabConnectorException.class)
				.isThrownBy(() -> puller(3, Duration.ofSeconds(1)).fetchPage(null))
				.satisfies(ex -> assertThat(ex.retryable()).isFalse())
				.withMessageContaining("malformed");
			this.lab.verify(1, getRequestedFor(urlPathEqualTo("/v1/results")));
		}
		this.lab.resetAll();
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(okJson("{\"results\":[" + result("R1")
				+ ",{\"id\":\"R2\"},{\"id\":\"R3\",\"metadata\":{},\"document\":{\"href\":\"/d\",\"sha256\":\"xyz\"}},7],"
				+ "\"cursor\":\"c\",\"hasMore\":false}")));
		LabResultPuller.ResultPage page = puller(1, Duration.ofSeconds(1)).fetchPage(null);
		assertThat(page.results()).extracting(LabResultPuller.LabResult::id).containsExactly("R1");
		assertThat(page.malformed()).containsExactly("results[1]: 'metadata' is not an object",
				"results[2]: 'document.sha256' is not 64 hex digits", "results[3]: not an object");
	}

	@Test
	void aDocumentThatDoesNotMatchItsDigestOrIsTooLargeIsSkippedAndTheRestHandled() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(okJson("{\"results\":[" + result("R1") + ","
				+ result("R2") + "," + result("R3") + "],\"cursor\":\"c4\",\"hasMore\":false}")));
		stubDocument("R1", "%PDF-1.4 tampered".getBytes(StandardCharsets.US_ASCII));
		stubDocument("R2", new byte[2048]);
		stubDocument("R3", PDF);
		MemoryCursor cursor = new MemoryCursor();
		List<String> handled = new ArrayList<>();
		LabResultPuller.PollSummary summary = puller(1, Duration.ofSeconds(1)).poll(cursor,
				(r, d) -> handled.add(r.id()), 5);
		assertThat(handled).containsExactly("R3");
		assertThat(summary.skipped()).isEqualTo(2);
		assertThat(cursor.saved).containsExactly("c4");
	}

	@Test
	void aHandlerRefusingBadMetadataSkipsTheResultButAnyOtherFailureStopsThePollBeforeTheCursorMoves() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(okJson(
				"{\"results\":[" + result("R1") + "," + result("R2") + "],\"cursor\":\"c2\",\"hasMore\":false}")));
		stubDocument("R1", PDF);
		stubDocument("R2", PDF);
		MemoryCursor cursor = new MemoryCursor();
		LabResultPuller.PollSummary summary = puller(1, Duration.ofSeconds(1)).poll(cursor, (r, d) -> {
			if (r.id().equals("R1")) {
				throw new InvalidReportException(List.of(new ReportProblem("metadata.gtin", "is required")));
			}
		}, 5);
		assertThat(summary.handled()).isEqualTo(1);
		assertThat(summary.skipped()).isEqualTo(1);

		MemoryCursor fresh = new MemoryCursor();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> puller(1, Duration.ofSeconds(1)).poll(fresh, (r, d) -> {
				throw new IllegalStateException("database down");
			}, 5));
		assertThat(fresh.saved).isEmpty();
	}

	@Test
	void aLoopbackLabIsRefusedBeforeAnyRequestUnlessTheOperatorAllowsItsPrivateNetwork() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results"))
			.willReturn(okJson("{\"results\":[],\"cursor\":\"c1\",\"hasMore\":false}")));
		for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
			URI base = URI.create("http://" + host + ":" + this.lab.port() + "/");
			assertThatExceptionOfType(LabConnectorException.class)
				.isThrownBy(() -> puller(base, 3, Duration.ofSeconds(1), false).fetchPage(null))
				.satisfies(ex -> assertThat(ex.retryable()).isFalse())
				.withMessageContaining("non-public address")
				.withMessageContaining("allow-private-network is off");
		}
		assertThat(this.lab.getAllServeEvents()).isEmpty();
		assertThat(this.waits).isEmpty();
		assertThat(puller(3, Duration.ofSeconds(1)).fetchPage(null).cursor()).isEqualTo("c1");
	}

	@Test
	void aDocumentLinkOutsideTheLabsOriginIsSkippedAndTheTokenNeverLeaves() {
		WireMockServer elsewhere = new WireMockServer(options().dynamicPort());
		elsewhere.start();
		try {
			elsewhere.stubFor(get(urlPathEqualTo("/steal")).willReturn(aResponse().withBody(PDF)));
			String away = "{\"id\":\"R9\",\"metadata\":{},\"document\":{\"href\":\"" + elsewhere.baseUrl()
					+ "/steal\"}}";
			String scheme = "{\"id\":\"R8\",\"metadata\":{},\"document\":{\"href\":\"file:///etc/passwd\"}}";
			this.lab.stubFor(get(urlPathEqualTo("/v1/results")).willReturn(okJson("{\"results\":[" + away + "," + scheme
					+ "," + result("R1") + "],\"cursor\":\"c2\",\"hasMore\":false}")));
			stubDocument("R1", PDF);
			List<String> handled = new ArrayList<>();
			LabResultPuller.PollSummary summary = puller(1, Duration.ofSeconds(1)).poll(new MemoryCursor(),
					(r, d) -> handled.add(r.id()), 5);
			assertThat(handled).containsExactly("R1");
			assertThat(summary.skipped()).isEqualTo(2);
			assertThat(elsewhere.getAllServeEvents()).isEmpty();

			LabResultPuller.LabResult forged = new LabResultPuller.LabResult("R9", null,
					URI.create(elsewhere.baseUrl() + "/steal"), null, null);
			assertThatExceptionOfType(LabConnectorException.class)
				.isThrownBy(() -> puller(1, Duration.ofSeconds(1)).fetchDocument(forged))
				.withMessageContaining("outside the lab's origin");
			assertThat(elsewhere.getAllServeEvents()).isEmpty();
		}
		finally {
			elsewhere.stop();
		}
	}

	@Test
	void answersOverTheirCapAreCutOffWithoutRetryEvenWithoutAContentLength() {
		this.lab.stubFor(get(urlPathEqualTo("/v1/results"))
			.willReturn(okJson("{\"results\":[" + result("R1") + "],\"cursor\":\"c2\",\"hasMore\":false}")));
		// chunked: no Content-Length tells the size in advance
		this.lab.stubFor(get("/v1/results/R1/document")
			.willReturn(aResponse().withHeader("Transfer-Encoding", "chunked").withBody(new byte[4096])));
		LabResultPuller.LabResult r1 = puller(3, Duration.ofSeconds(1)).fetchPage(null).results().get(0);
		assertThatExceptionOfType(LabConnectorException.class)
			.isThrownBy(() -> puller(3, Duration.ofSeconds(1)).fetchDocument(r1))
			.satisfies(ex -> assertThat(ex.retryable()).isFalse())
			.withMessageContaining("larger than 1024 bytes");
		assertThat(this.lab.countRequestsMatching(getRequestedFor(urlPathEqualTo("/v1/results/R1/document")).build())
			.getCount()).isEqualTo(1);
		assertThat(this.waits).isEmpty();
	}

}
