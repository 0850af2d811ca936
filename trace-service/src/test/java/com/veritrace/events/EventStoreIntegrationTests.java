package com.veritrace.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.ingest.EventSink.Status;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The event store on MariaDB through Connector/J: exact times, one row per hash, grants,
 * timelines.
 */
@MariaDbIntegrationTest
class EventStoreIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	EventRecorder recorder;

	@Autowired
	JdbcTemplate jdbc;

	final EpcisDocumentParser parser = new EpcisDocumentParser();

	final EventHasher hasher = new EventHasher();

	Tenant brand;

	Tenant warehouse;

	String gtin;

	@BeforeEach
	void brandProductAndWarehouse() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.brand = api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "grants:manage");
		this.warehouse = api.tenant(ApiClient.unique("Warehouse"), "WAREHOUSE", "events:write", "read");
		this.gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}", 201);
		api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L7\"}", 201);
	}

	@Test
	void keepsEventTimesExactToTheMillisecondWithTheirOffset() throws Exception {
		EventSink.Outcome outcome = record(this.brand.id(), event("2026-03-01T23:59:59.987+05:30", "S1", "shipping"))
			.get(0);
		assertThat(outcome.status()).isEqualTo(Status.STORED);
		StoredEvent stored = this.recorder.find(outcome.hash().digest());
		assertThat(stored.eventTime()).hasToString("2026-03-01T18:29:59.987Z");
		assertThat(stored.eventTimeZoneOffset()).isEqualTo("+05:30");
		assertThat(stored.eventHash()).isEqualTo(outcome.hash().ni());
		assertThat(stored.bizStep()).isEqualTo("https://ref.gs1.org/cbv/BizStep-shipping");
		this.mvc
			.perform(get("/api/v1/timelines/items/" + this.gtin + "/S1").header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].eventTime").value("2026-03-01T18:29:59.987Z"))
			.andExpect(jsonPath("$.events[0].eventTimeZoneOffset").value("+05:30"))
			.andExpect(jsonPath("$.events[0].eventHash").value(outcome.hash().ni()))
			.andExpect(jsonPath("$.events[0].event.eventTime").value("2026-03-01T23:59:59.987+05:30"));
	}

	@Test
	void storesAnEventOnceWhateverHowOftenItArrives() throws Exception {
		String json = event("2026-03-02T10:00:00.001Z", "S2", "receiving");
		List<EventSink.Outcome> first = record(this.brand.id(), json, json);
		assertThat(first).extracting(EventSink.Outcome::status).containsExactly(Status.STORED, Status.DUPLICATE);
		List<EventSink.Outcome> again = record(this.brand.id(), json);
		assertThat(again).extracting(EventSink.Outcome::status).containsExactly(Status.DUPLICATE);
		// reordered keys and another serialisation of the same event: same hash, still
		// one row
		String reordered = "{\"bizStep\":\"urn:epcglobal:cbv:bizstep:receiving\",\"action\":\"OBSERVE\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + this.gtin + "/21/S2\"],"
				+ "\"eventTimeZoneOffset\":\"+00:00\",\"eventTime\":\"2026-03-02T10:00:00.001Z\",\"type\":\"ObjectEvent\"}";
		assertThat(record(this.brand.id(), reordered)).extracting(EventSink.Outcome::status)
			.containsExactly(Status.DUPLICATE);
		assertThat(rowsFor(first.get(0))).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ? AND serial = 'S2'",
				Integer.class, this.gtin))
			.isEqualTo(1);
	}

	@Test
	void concurrentWritersOfTheSameEventsStoreEachOnce() throws Exception {
		List<String> batch = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			batch.add(event("2026-03-03T10:00:%02d.5Z".formatted(i), "C" + i, "shipping"));
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<EventSink.Outcome>>> results = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				results.add(pool.submit((Callable<List<EventSink.Outcome>>) () -> record(this.brand.id(),
						batch.toArray(String[]::new))));
			}
			int stored = 0;
			for (Future<List<EventSink.Outcome>> result : results) {
				stored += (int) result.get().stream().filter(o -> o.status() == Status.STORED).count();
			}
			assertThat(stored).isEqualTo(50);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_item WHERE gtin = ? AND serial LIKE 'C%'",
				Integer.class, this.gtin))
			.isEqualTo(50);
	}

	@Test
	void partnersReportOnlyWhatTheyWereGranted() throws Exception {
		List<EventSink.Outcome> refused = record(this.warehouse.id(), event("2026-03-04T08:00:00Z", "W1", "receiving"));
		assertThat(refused.get(0).status()).isEqualTo(Status.REJECTED);
		assertThat(refused.get(0).reason()).contains("has not granted your organisation").contains(this.gtin);
		assertThat(rowsFor(refused.get(0))).isZero();

		new ApiClient(this.mvc).call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":"
				+ this.warehouse.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\",\"lotNumber\":\"L7\"}",
				201);
		// a grant for lot L7 covers events of that lot, not item events without a lot
		assertThat(record(this.warehouse.id(), lotEvent("L7")).get(0).status()).isEqualTo(Status.STORED);
		assertThat(record(this.warehouse.id(), lotEvent("L8")).get(0).status()).isEqualTo(Status.REJECTED);
		assertThat(record(this.warehouse.id(), event("2026-03-04T08:00:00Z", "W1", "receiving")).get(0).status())
			.isEqualTo(Status.REJECTED);

		String unknownGtin = ApiClient.randomGtin();
		EventSink.Outcome unknown = record(this.brand.id(),
				event("2026-03-04T08:00:00Z", "X", "receiving").replace(this.gtin, unknownGtin))
			.get(0);
		assertThat(unknown.reason()).contains("not registered by any brand");
	}

	@Test
	void timelinesComeInEventTimeOrderAndPage() throws Exception {
		// recorded out of order; two with the same millisecond
		record(this.brand.id(), event("2026-05-03T00:00:00.000Z", "T1", "arriving"));
		record(this.brand.id(), event("2026-05-01T00:00:00.000+08:00", "T1", "commissioning"));
		record(this.brand.id(), event("2026-05-02T00:00:00.000Z", "T1", "shipping"),
				event("2026-05-02T00:00:00.000Z", "T1", "receiving"));
		record(this.brand.id(), lotEvent("L7"));
		List<String> steps = new ArrayList<>();
		String cursor = "";
		do {
			var json = new ApiClient(this.mvc).call(get("/api/v1/timelines/items/" + this.gtin + "/T1?lot=L7&limit=2"
					+ (cursor.isEmpty() ? "" : "&cursor=" + cursor)), this.brand.key(), "", 200);
			json.get("events")
				.forEach(e -> steps.add(e.get("bizStep").asString().replace("https://ref.gs1.org/cbv/BizStep-", "")));
			cursor = json.has("next") ? json.get("next").asString() : "";
		}
		while (!cursor.isEmpty());
		assertThat(steps).hasSize(5);
		assertThat(steps.get(0)).isEqualTo("commissioning");
		assertThat(steps.subList(1, 3)).containsExactlyInAnyOrder("shipping", "receiving");
		assertThat(steps.subList(3, 5)).containsExactly("arriving", "inspecting");
	}

	private List<EventSink.Outcome> record(long reporter, String... events) {
		List<EventSink.HashedEvent> hashed = new ArrayList<>();
		for (String json : events) {
			EpcisEvent event = this.parser.parse(json).events().get(0);
			hashed.add(new EventSink.HashedEvent(event, this.hasher.hash(event)));
		}
		return this.recorder.record(reporter, hashed);
	}

	private int rowsFor(EventSink.Outcome outcome) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event WHERE event_hash = ?", Integer.class,
				(Object) outcome.hash().digest());
	}

	private String event(String time, String serial, String bizStep) {
		String offset = time.endsWith("Z") ? "+00:00" : time.substring(time.length() - 6);
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"" + offset
				+ "\",\"epcList\":[\"https://id.gs1.org/01/" + this.gtin + "/21/" + serial
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\"}";
	}

	private String lotEvent(String lot) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-06-01T00:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[],\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/" + this.gtin + "/10/" + lot
				+ "\",\"quantity\":10}],\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\"}";
	}

}
