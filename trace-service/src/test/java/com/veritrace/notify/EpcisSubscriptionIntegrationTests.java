package com.veritrace.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.events.EpcisSchema;
import com.veritrace.events.EventRecorder;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * EPCIS query subscriptions end to end on MariaDB, WireMock as the subscriber's receiver
 * on loopback: streamed deliveries signed (the signature recomputed here), in record-time
 * order, holding only what the subscriber may see; retries after 500s; batches halved for
 * a receiver that answers 413 to large bodies; a worker stopped in the middle loses
 * nothing (the cursor is durable); schedules with reportIfEmpty; dest refused when not
 * https or not public; another organisation's subscriptions are 404; deleting the query
 * deletes its subscriptions.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.epcis.subscriptions.enabled=true",
		"veritrace.notify.http.allow-loopback=true", "veritrace.epcis.subscriptions.poll-interval=PT0.2S",
		"veritrace.epcis.subscriptions.settle=PT0.1S", "veritrace.epcis.subscriptions.initial-backoff=PT0.2S",
		"veritrace.epcis.subscriptions.max-backoff=PT0.5S", "veritrace.epcis.subscriptions.lease=PT3S",
		"veritrace.epcis.subscriptions.batch-size=10", "veritrace.events.late-commit-after=PT0.05S",
		"veritrace.epcis.subscriptions.late-window=PT1S" })
class EpcisSubscriptionIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@BeforeAll
	static void startReceiver() {
		RECEIVER.start();
	}

	@AfterAll
	static void stopReceiver() {
		RECEIVER.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SubscriptionWorker worker;

	@Autowired
	SubscriptionStore store;

	@Autowired
	PlatformTransactionManager transactions;

	ApiClient api;

	Tenant brand;

	Tenant other;

	String gtin;

	String path;

	@BeforeEach
	void setUp() throws Exception {
		RECEIVER.resetAll();
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("SubsBrand"), "BRAND", "read", "events:write");
		this.other = this.api.tenant(ApiClient.unique("SubsOther"), "BRAND", "read", "events:write");
		this.gtin = ApiClient.randomGtin();
		this.path = "/hook/" + UUID.randomUUID();
		this.api.call(post("/api/v1/epcis/queries"), this.brand.key(),
				"{\"name\":\"received\",\"query\":{\"EQ_bizStep\":[\"receiving\"]}}", 201);
	}

	@Test
	void aStreamDeliversEveryMatchingEventSignedInRecordTimeOrder() throws Exception {
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.willReturn(aResponse().withStatus(204)));
		JsonNode created = subscribe("{\"dest\":\"" + dest() + "\",\"signatureToken\":\"tok-123\",\"stream\":true}",
				201);
		assertThat(created.has("signatureToken")).isFalse();
		assertThat(created.toString()).doesNotContain("tok-123");
		String id = created.get("subscriptionID").asString();
		long lateBefore = lateNotes();
		List<String> expected = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			List<String> events = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				String serial = "R" + round + "-" + i;
				events.add(event(this.gtin, serial, i % 3 == 2 ? "shipping" : "receiving"));
				if (i % 3 != 2) {
					expected.add(epc(this.gtin, serial));
				}
			}
			store(this.brand.id(), events);
			// the other brand's receiving events are not the subscriber's to see
			store(this.other.id(), List.of(event(ApiClient.randomGtin(), "O" + round, "receiving")));
		}
		waitFor(() -> new LinkedHashSet<>(accepted(this.path)).size() >= expected.size());
		Thread.sleep(500); // nothing more comes
		List<String> delivered = accepted(this.path);
		assertThat(new ArrayList<>(new LinkedHashSet<>(delivered))).as("first deliveries, in record-time order")
			.containsExactlyElementsOf(expected);
		if (lateNotes() == lateBefore) {
			assertThat(delivered).as("no transaction committed late, so nothing was sent again")
				.containsExactlyElementsOf(expected);
		}
		else {
			// a store that committed later than late-commit-after (50 ms here; easily
			// reached on a loaded machine) sends the subscription back to it: what came
			// after it is delivered again, at least once as documented, never a foreign
			// event
			assertThat(expected).containsAll(delivered);
		}
		for (ServeEvent served : chronological()) {
			byte[] body = served.getRequest().getBody();
			assertThat(served.getRequest().getHeader("GS1-Signature")).isEqualTo("sha256=" + hmac("tok-123", body));
			JsonNode doc = JSON.readTree(body);
			assertThat(EpcisSchema.problems(doc)).isEmpty();
			assertThat(doc.at("/epcisBody/queryResults/queryName").asString()).isEqualTo("received");
			assertThat(doc.at("/epcisBody/queryResults/subscriptionID").asString()).isEqualTo(id);
		}
		JsonNode shown = this.api.call(get("/api/v1/epcis/queries/received/subscriptions/" + id), this.brand.key(), "",
				200);
		assertThat(shown.get("stream").asBoolean()).isTrue();
		assertThat(shown.has("lastNotifiedAt")).isTrue();
		assertThat(shown.toString()).doesNotContain("tok-123");
		JsonNode log = this.api.call(get("/api/v1/epcis/queries/received/subscriptions/" + id + "/deliveries"),
				this.brand.key(), "", 200);
		assertThat(log.size()).isEqualTo(chronological().size());
		int events = 0;
		for (JsonNode attempt : log) {
			assertThat(attempt.get("delivered").asBoolean()).isTrue();
			assertThat(attempt.get("status").asInt()).isEqualTo(204);
			events += attempt.get("events").asInt();
		}
		assertThat(events).isEqualTo(delivered.size());
		// the other organisation sees none of it
		this.api.call(get("/api/v1/epcis/queries/received/subscriptions/" + id), this.other.key(), "", 404);
		this.api.call(get("/api/v1/epcis/queries/received/subscriptions/" + id + "/deliveries"), this.other.key(), "",
				404);
		this.api.call(get("/api/v1/epcis/queries/received/subscriptions"), this.other.key(), "", 404);
		this.api.call(delete("/api/v1/epcis/queries/received/subscriptions/" + id), this.other.key(), "", 404);
		JsonNode list = this.api.call(get("/api/v1/epcis/queries/received/subscriptions"), this.brand.key(), "", 200);
		assertThat(list).hasSize(1);
		// deleting the query unsubscribes
		this.api.call(delete("/api/v1/epcis/queries/received"), this.brand.key(), "", 204);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM epcis_subscription WHERE subscription_id = ?",
				Integer.class, id))
			.isZero();
	}

	@Test
	void anEventCommittedAfterTheCursorPassedItIsDeliveredAllTheSame() throws Exception {
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.willReturn(aResponse().withStatus(204)));
		subscribe("{\"dest\":\"" + dest() + "\",\"stream\":true}", 201);
		java.util.concurrent.CountDownLatch stored = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
		Thread slow = new Thread(() -> new TransactionTemplate(this.transactions).executeWithoutResult(status -> {
			store(this.brand.id(), List.of(event(this.gtin, "LATE", "receiving")));
			stored.countDown();
			try {
				// held open until an event recorded after it has been delivered
				commit.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		slow.start();
		try {
			assertThat(stored.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			store(this.brand.id(), List.of(event(this.gtin, "ON-TIME", "receiving")));
			waitFor(() -> accepted(this.path).contains(epc(this.gtin, "ON-TIME")));
			// the cursor has passed the open transaction's event: not delivered yet
			Thread.sleep(300);
			assertThat(accepted(this.path)).containsExactly(epc(this.gtin, "ON-TIME"));
		}
		finally {
			commit.countDown();
			slow.join();
		}
		// the late transaction noted itself; the subscription goes back to it
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_late", Integer.class)).isPositive();
		waitFor(() -> accepted(this.path).contains(epc(this.gtin, "LATE")));
		// at least once: the on-time event after it may come again, nothing is lost
		assertThat(accepted(this.path)).startsWith(epc(this.gtin, "ON-TIME"), epc(this.gtin, "LATE"))
			.containsOnly(epc(this.gtin, "ON-TIME"), epc(this.gtin, "LATE"));
	}

	@Test
	void failedDeliveriesAreRetriedAndA413HalvesTheBatch() throws Exception {
		// two 500s, then bodies of more than 3 events are refused with 413
		answer("flaky", Scenario.STARTED, 500, "once more");
		answer("flaky", "once more", 500, "up");
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.atPriority(1)
			.inScenario("flaky")
			.whenScenarioStateIs("up")
			.andMatching(EpcisSubscriptionIntegrationTests::moreThanThreeEvents)
			.willReturn(aResponse().withStatus(413)));
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.atPriority(5)
			.inScenario("flaky")
			.whenScenarioStateIs("up")
			.willReturn(aResponse().withStatus(200)));
		List<String> expected = storeReceiving("B", 25);
		String id = subscribeFromTheStart();
		waitFor(() -> accepted(this.path).size() >= expected.size());
		Thread.sleep(500);
		assertThat(accepted(this.path)).containsExactlyElementsOf(expected);
		List<Integer> statuses = new ArrayList<>();
		for (ServeEvent served : chronological()) {
			statuses.add(served.getResponse().getStatus());
			if (served.getResponse().getStatus() == 200) {
				assertThat(epcsOf(served)).hasSizeLessThanOrEqualTo(3);
			}
		}
		// 500, 500 (the same batch of 10), 413 (10), 413 (5), then batches of 2
		assertThat(statuses.subList(0, 4)).containsExactly(500, 500, 413, 413);
		assertThat(epcsOf(chronological().get(0))).isEqualTo(epcsOf(chronological().get(1))).hasSize(10);
		assertThat(epcsOf(chronological().get(3))).hasSize(5);
		assertThat(epcsOf(chronological().get(4))).hasSize(2);
		assertThat(this.jdbc.queryForObject("SELECT batch_size FROM epcis_subscription WHERE subscription_id = ?",
				Integer.class, id))
			.isEqualTo(2);
		JsonNode log = this.api.call(get("/api/v1/epcis/queries/received/subscriptions/" + id + "/deliveries"),
				this.brand.key(), "", 200);
		List<Integer> logged = new ArrayList<>();
		log.forEach(a -> logged.add(0, a.get("status").asInt()));
		assertThat(logged).isEqualTo(statuses);
		assertThat(log.get(log.size() - 1).get("error").asString()).isEqualTo("HTTP 500");
	}

	@Test
	void aWorkerStoppedInTheMiddleLosesNothing() throws Exception {
		// the first delivery is acknowledged, every later one fails until the restart
		answer("down", Scenario.STARTED, 200, "down");
		answer("down", "down", 503, "down");
		List<String> expected = storeReceiving("C", 25);
		String id = subscribeFromTheStart();
		waitFor(() -> chronological().size() >= 2);
		this.worker.stop();
		try {
			// the cursor stands after the acknowledged batch: its last event
			assertThat(accepted(this.path)).containsExactlyElementsOf(expected.subList(0, 10));
			Long cursorRow = this.jdbc.queryForObject(
					"SELECT cursor_row_id FROM epcis_subscription WHERE subscription_id = ?", Long.class, id);
			Long tenth = this.jdbc
				.queryForObject("SELECT e.id FROM trace_event e JOIN trace_event_epc k ON k.event_row_id = e.id"
						+ " WHERE k.epc = ? AND k.role = 'E'", Long.class, expected.get(9));
			assertThat(cursorRow).isEqualTo(tenth);
			// more events while no worker runs; the receiver comes back
			List<String> more = new ArrayList<>();
			for (int i = 25; i < 30; i++) {
				more.add(event(this.gtin, "C" + i, "receiving"));
				expected.add(epc(this.gtin, "C" + i));
			}
			store(this.brand.id(), more);
			RECEIVER.setScenarioState("down", Scenario.STARTED);
			RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
				.atPriority(1)
				.willReturn(aResponse().withStatus(200)));
		}
		finally {
			this.worker.start();
		}
		waitFor(() -> accepted(this.path).size() >= expected.size());
		Thread.sleep(500);
		// every event acknowledged once, in order: only unacknowledged batches were sent
		// again
		assertThat(accepted(this.path)).containsExactlyElementsOf(expected);
	}

	@Test
	void oneNodeAtATimeWorksASubscription() throws Exception {
		this.worker.stop();
		try {
			String id = subscribe("{\"dest\":\"" + dest() + "\",\"stream\":true}", 201).get("subscriptionID")
				.asString();
			long row = this.jdbc.queryForObject("SELECT id FROM epcis_subscription WHERE subscription_id = ?",
					Long.class, id);
			long now = System.currentTimeMillis();
			assertThat(this.store.claim(row, "node-a", now, now + 10_000)).isTrue();
			// another node neither takes it nor moves its cursor while the lease holds
			assertThat(this.store.claim(row, "node-b", now + 1, now + 10_000)).isFalse();
			assertThat(this.store.advance(row, "node-b", now, 1, now, now + 10_000)).isFalse();
			assertThat(this.store.due(now + 1, 100)).doesNotContain(row);
			assertThat(this.store.advance(row, "node-a", now, 1, now, now + 10_000)).isTrue();
			// once it runs out (a node that died), another takes over and the first is
			// out
			assertThat(this.store.claim(row, "node-b", now + 10_001, now + 20_000)).isTrue();
			assertThat(this.store.advance(row, "node-a", now, 2, now, now + 30_000)).isFalse();
			assertThat(this.jdbc.queryForObject("SELECT cursor_row_id FROM epcis_subscription WHERE id = ?", Long.class,
					row))
				.isEqualTo(1);
		}
		finally {
			this.worker.start();
		}
	}

	@Test
	void aScheduleReportsEvenWhenNothingIsNew() throws Exception {
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.willReturn(aResponse().withStatus(200)));
		JsonNode created = subscribe(
				"{\"dest\":\"" + dest() + "\",\"reportIfEmpty\":true," + "\"schedule\":{\"second\":\"[0-59]\"}}", 201);
		assertThat(created.get("schedule").get("second").asString()).isEqualTo("[0-59]");
		waitFor(() -> !chronological().isEmpty());
		JsonNode empty = JSON.readTree(chronological().get(0).getRequest().getBody());
		assertThat(EpcisSchema.problems(empty)).isEmpty();
		assertThat(empty.at("/epcisBody/queryResults/resultsBody/eventList")).isEmpty();
		assertThat(chronological().get(0).getRequest().getHeader("GS1-Signature")).isNull();
		store(this.brand.id(), List.of(event(this.gtin, "D1", "receiving")));
		waitFor(() -> accepted(this.path).contains(epc(this.gtin, "D1")));
	}

	@Test
	void badSubscriptionsAreRefusedWithEveryProblem() throws Exception {
		for (String dest : List.of("https://10.1.2.3/hook", "https://192.168.0.10/hook", "https://169.254.169.254/x",
				"http://8.8.8.8/hook", "ftp://127.0.0.1/hook", "https://user:pw@127.0.0.1/hook", "not a url")) {
			JsonNode problem = subscribe("{\"dest\":\"" + dest + "\",\"stream\":true}", 400);
			assertThat(problem.get("type").asString()).as(dest)
				.isEqualTo("epcisException:SubscriptionControlsException");
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("dest");
		}
		JsonNode many = subscribe("{\"stream\":true,\"schedule\":{\"minute\":\"61\"},\"reportIfEmpty\":\"yes\","
				+ "\"initialRecordTime\":\"yesterday\",\"signatureToken\":\"\",\"extra\":1}", 400);
		List<String> fields = new ArrayList<>();
		many.get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).contains("dest", "schedule.minute", "schedule", "reportIfEmpty", "initialRecordTime",
				"signatureToken", "extra");
		assertThat(subscribe("{\"dest\":\"" + dest() + "\"}", 400).get("errors").get(0).get("field").asString())
			.isEqualTo("stream");
		// no such query (or another organisation's): 404
		this.api.call(post("/api/v1/epcis/queries/received/subscriptions"), this.other.key(),
				"{\"dest\":\"" + dest() + "\",\"stream\":true}", 404);
		// scopes: read may list, not subscribe
		Tenant reader = this.api.tenant(ApiClient.unique("SubsReader"), "BRAND", "read");
		this.api.call(post("/api/v1/epcis/queries"), this.brand.key(), "{\"name\":\"q2\",\"query\":{}}", 201);
		this.api.call(post("/api/v1/epcis/queries/q2/subscriptions"), reader.key(),
				"{\"dest\":\"" + dest() + "\",\"stream\":true}", 403);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM epcis_subscription s JOIN epcis_named_query q"
				+ " ON q.id = s.query_id WHERE q.organisation_id = ?", Integer.class, this.brand.id()))
			.isZero();
	}

	/**
	 * This test's subscriptions end with it (they would call their receiver paths on).
	 */
	@AfterEach
	void unsubscribe() {
		this.jdbc.update("DELETE FROM epcis_subscription WHERE organisation_id = ?", this.brand.id());
	}

	// ------------------------------------------------------------------ helpers

	/**
	 * In this state of the scenario, the receiver answers with this status and moves to
	 * the next state.
	 */
	void answer(String scenario, String state, int status, String next) {
		RECEIVER.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(this.path))
			.inScenario(scenario)
			.whenScenarioStateIs(state)
			.willReturn(aResponse().withStatus(status))
			.willSetStateTo(next));
	}

	/**
	 * Stores n receiving events of the brand (serials prefix0..); their EPCs in order.
	 */
	List<String> storeReceiving(String prefix, int n) {
		List<String> expected = new ArrayList<>();
		List<String> events = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			events.add(event(this.gtin, prefix + i, "receiving"));
			expected.add(epc(this.gtin, prefix + i));
		}
		store(this.brand.id(), events);
		return expected;
	}

	/** A stream subscription from before any event; its ID. */
	String subscribeFromTheStart() throws Exception {
		return subscribe(
				"{\"dest\":\"" + dest() + "\",\"stream\":true," + "\"initialRecordTime\":\"2000-01-01T00:00:00Z\"}",
				201)
			.get("subscriptionID")
			.asString();
	}

	String dest() {
		return "http://127.0.0.1:" + RECEIVER.port() + this.path;
	}

	JsonNode subscribe(String body, int status) throws Exception {
		return this.api.call(post("/api/v1/epcis/queries/received/subscriptions"), this.brand.key(), body, status);
	}

	/** What this test's receiver path was sent, in the order received. */
	List<ServeEvent> chronological() {
		List<ServeEvent> all = new ArrayList<>(
				RECEIVER.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(this.path)).toList());
		all.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
		return all;
	}

	/**
	 * The EPCs of the documents the receiver acknowledged (2xx), in the order received.
	 */
	/**
	 * The highest id of the late-commit notes (0 if none): a rise means a rewind may have
	 * happened.
	 */
	long lateNotes() {
		Long max = this.jdbc.queryForObject("SELECT MAX(id) FROM trace_event_late", Long.class);
		return max == null ? 0 : max;
	}

	List<String> accepted(String path) {
		List<String> out = new ArrayList<>();
		for (ServeEvent served : chronological()) {
			if (served.getResponse().getStatus() / 100 == 2) {
				out.addAll(epcsOf(served));
			}
		}
		return out;
	}

	static List<String> epcsOf(ServeEvent served) {
		List<String> out = new ArrayList<>();
		JSON.readTree(served.getRequest().getBody())
			.at("/epcisBody/queryResults/resultsBody/eventList")
			.forEach(e -> out.add(e.at("/epcList/0").asString()));
		return out;
	}

	static MatchResult moreThanThreeEvents(Request request) {
		return MatchResult
			.of(JSON.readTree(request.getBody()).at("/epcisBody/queryResults/resultsBody/eventList").size() > 3);
	}

	static String hmac(String key, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return java.util.HexFormat.of().formatHex(mac.doFinal(body));
	}

	static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.get()) {
			assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	static String epc(String gtin, String serial) {
		return "https://id.gs1.org/01/" + gtin + "/21/" + serial;
	}

	static String event(String gtin, String serial, String bizStep) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"2024-03-01T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\",\"epcList\":[\"" + epc(gtin, serial) + "\"]}";
	}

	void store(long reporterId, List<String> events) {
		EpcisCapture.record(this.recorder, reporterId, EpcisCapture.document(events));
	}

}
