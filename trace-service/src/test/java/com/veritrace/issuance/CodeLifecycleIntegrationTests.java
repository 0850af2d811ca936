package com.veritrace.issuance;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Activation, voiding, aggregation into cases and pallets, aggregation-aware timelines
 * and tenant isolation.
 */
@MariaDbIntegrationTest
class CodeLifecycleIntegrationTests {

	static final String URI = "https://id.veritrace.example/01/";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeRegistry registry;

	@Autowired
	EventRecorder recorder;

	@Autowired
	EpcisDocumentParser parser;

	ApiClient api;

	Tenant brandA;

	Tenant brandB;

	String gtinA;

	String gtinB;

	long jobA;

	long jobB;

	List<String> serialsA;

	List<String> serialsB;

	@BeforeEach
	void twoBrandsWithCodes() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brandA = this.api.tenant(ApiClient.unique("Brand A"), "BRAND", "read", "products:write", "codes:issue",
				"events:write");
		this.brandB = this.api.tenant(ApiClient.unique("Brand B"), "BRAND", "read", "products:write", "codes:issue",
				"events:write");
		this.gtinA = ApiClient.randomGtin();
		this.gtinB = ApiClient.randomGtin();
		this.jobA = issue(this.brandA, this.gtinA, 12);
		this.jobB = issue(this.brandB, this.gtinB, 3);
		this.serialsA = serials(this.jobA);
		this.serialsB = serials(this.jobB);
	}

	@Test
	void activationByRangeAndListAndVoidingChangeTheRegistry() throws Exception {
		JsonNode range = this.api.call(post("/api/v1/code-jobs/" + this.jobA + "/activation"), this.brandA.key(),
				"{\"from\":1,\"to\":5}", 200);
		assertThat(range.get("changed").asInt()).isEqualTo(5);
		assertThat(this.registry.status(this.gtinA, this.serialsA.get(4))).isEqualTo(CodeStatus.ACTIVE);
		assertThat(this.registry.status(this.gtinA, this.serialsA.get(5))).isEqualTo(CodeStatus.ISSUED);

		// by list, in the forms scanners give: Digital Link (any host), EPC URN
		JsonNode list = this.api.call(post("/api/v1/codes/activation"), this.brandA.key(),
				codes(URI + this.gtinA + "/10/L1/21/" + this.serialsA.get(0),
						"https://example.org/01/" + this.gtinA + "/21/" + this.serialsA.get(6)),
				200);
		assertThat(list.get("changed").asInt()).isEqualTo(1);
		assertThat(list.get("unchanged").asInt()).isEqualTo(1);

		JsonNode voided = this.api.call(post("/api/v1/codes/voiding"), this.brandA.key(),
				codes(URI + this.gtinA + "/21/" + this.serialsA.get(7)), 200);
		assertThat(voided.get("changed").asInt()).isEqualTo(1);
		assertThat(this.registry.status(this.gtinA, this.serialsA.get(7))).isEqualTo(CodeStatus.VOIDED);
		JsonNode entry = this.api.call(get("/api/v1/codes/" + this.gtinA + "/" + this.serialsA.get(7)),
				this.brandA.key(), "", 200);
		assertThat(entry.get("status").asString()).isEqualTo("VOIDED");
		assertThat(entry.get("lotNumber").asString()).isEqualTo("L1");

		// a voided code is not activated again; the request is refused whole
		JsonNode refused = this.api.call(post("/api/v1/codes/activation"), this.brandA.key(),
				codes(URI + this.gtinA + "/21/" + this.serialsA.get(8),
						URI + this.gtinA + "/21/" + this.serialsA.get(7)),
				400);
		assertThat(refused.get("errors").get(0).get("field").asString()).isEqualTo("codes[1]");
		assertThat(this.registry.status(this.gtinA, this.serialsA.get(8))).isEqualTo(CodeStatus.ISSUED);

		// malformed list entries and unknown codes are named by index
		JsonNode malformed = this.api.call(post("/api/v1/codes/activation"), this.brandA.key(),
				codes(URI + this.gtinA + "/21/" + this.serialsA.get(8), "not a code",
						URI + this.gtinA + "/21/ZZZZZZZZZZZZZZZZ"),
				400);
		assertThat(malformed.get("errors").get(0).get("field").asString()).isEqualTo("codes[1]");
		JsonNode unknown = this.api.call(post("/api/v1/codes/activation"), this.brandA.key(),
				codes(URI + this.gtinA + "/21/ZZZZZZZZZZZZZZZZ"), 400);
		assertThat(unknown.get("errors").get(0).get("reason").asString()).contains("not an issued code");
		this.api.call(post("/api/v1/codes/activation"), this.brandA.key(), "{\"codes\":[]}", 400);
		this.api.call(post("/api/v1/code-jobs/" + this.jobA + "/activation"), this.brandA.key(),
				"{\"from\":5,\"to\":13}", 400);
	}

	@Test
	void aForgedSerialIsUnknown() {
		String real = this.serialsA.get(0);
		char last = real.charAt(15);
		String forged = real.substring(0, 15) + (last == 'A' ? 'B' : 'A');
		assertThat(this.registry.passesCheck(this.gtinA, forged)).isFalse();
		assertThat(this.registry.status(this.gtinA, forged)).isEqualTo(CodeStatus.UNKNOWN_CODE);
		// same serial, other GTIN: the check is per GTIN
		assertThat(this.registry.passesCheck(this.gtinB, real)).isFalse();
		assertThat(this.registry.status(this.gtinA, real)).isEqualTo(CodeStatus.ISSUED);
	}

	@Test
	void aBrandCannotTouchAnotherBrandsJobsCodesOrContainers() throws Exception {
		String b0 = URI + this.gtinB + "/21/" + this.serialsB.get(0);
		assertHidden(this.api.call(get("/api/v1/code-jobs/" + this.jobB), this.brandA.key(), "", 404));
		assertHidden(this.api.call(get("/api/v1/code-jobs/" + this.jobB + "/print-file"), this.brandA.key(), "", 404));
		assertHidden(this.api.call(post("/api/v1/code-jobs/" + this.jobB + "/activation"), this.brandA.key(),
				"{\"from\":1,\"to\":3}", 404));
		assertHidden(this.api.call(post("/api/v1/code-jobs/" + this.jobB + "/voiding"), this.brandA.key(),
				"{\"from\":1,\"to\":3}", 404));
		assertHidden(this.api.call(post("/api/v1/codes/activation"), this.brandA.key(), codes(b0), 404));
		assertHidden(this.api.call(post("/api/v1/codes/voiding"), this.brandA.key(), codes(b0), 404));
		assertHidden(this.api.call(get("/api/v1/codes/" + this.gtinB + "/" + this.serialsB.get(0)), this.brandA.key(),
				"", 404));
		assertHidden(this.api.call(post("/api/v1/aggregations"), this.brandA.key(),
				"{\"sscc\":\"" + sscc(1) + "\",\"children\":[\"" + b0 + "\"]}", 404));
		assertHidden(this.api.call(post("/api/v1/code-jobs"), this.brandA.key(), "{\"requestId\":\"x\",\"gtin\":\""
				+ this.gtinB + "\",\"lotNumber\":\"L1\",\"quantity\":1,\"format\":\"DIGITAL_LINK\"}", 404));
		// B packs a case; A can neither add to it, unpack it nor look inside
		String caseB = sscc(2);
		this.api.call(post("/api/v1/aggregations"), this.brandB.key(),
				"{\"sscc\":\"" + caseB + "\",\"children\":[\"" + b0 + "\"]}", 200);
		String a0 = URI + this.gtinA + "/21/" + this.serialsA.get(0);
		// an SSCC is unique: that it is taken cannot be hidden, but nothing else is told
		JsonNode taken = this.api.call(post("/api/v1/aggregations"), this.brandA.key(),
				"{\"sscc\":\"" + caseB + "\",\"children\":[\"" + a0 + "\"]}", 409);
		assertThat(taken.get("detail").asString())
			.isEqualTo("SSCC " + caseB + " is already in use by another organisation");
		assertHidden(
				this.api.call(post("/api/v1/aggregations/" + caseB + "/disaggregation"), this.brandA.key(), "{}", 404));
		assertHidden(this.api.call(get("/api/v1/aggregations/" + caseB), this.brandA.key(), "", 404));
		// nothing changed
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ? AND status <> 'ISSUED'",
				Long.class, this.jobB))
			.isZero();
		assertThat(this.api.call(get("/api/v1/aggregations/" + caseB), this.brandB.key(), "", 200)).hasSize(1);
	}

	@Test
	void eventsOnACaseOrItsPalletCountForTheItemsInsideWhileTheyAreInside() throws Exception {
		String caseSscc = sscc(3);
		String palletSscc = sscc(4);
		String item0 = URI + this.gtinA + "/21/" + this.serialsA.get(0);
		String item1 = URI + this.gtinA + "/21/" + this.serialsA.get(1);
		String item2 = URI + this.gtinA + "/21/" + this.serialsA.get(2);
		Tenant stranger = this.api.tenant(ApiClient.unique("Stranger"), "LOGISTICS", "events:write", "read");

		observe(this.brandA.id(), caseSscc, "2026-05-01T08:00:00Z", "inspecting"); // before
																					// packing:
																					// not
																					// the
																					// items'
		lotEvent(this.brandA.id(), "2026-05-01T09:00:00Z");
		JsonNode packed = this.api.call(post("/api/v1/aggregations"), this.brandA.key(), "{\"sscc\":\"" + caseSscc
				+ "\",\"children\":[\"" + item0 + "\",\"" + item1 + "\"],\"eventTime\":\"2026-05-02T08:00:00Z\"}", 200);
		assertThat(packed.get("eventHash").asString()).startsWith("ni:///sha-256;");
		assertThat(packed.get("duplicate").asBoolean()).isFalse();
		assertThat(packed.get("contents")).hasSize(2);
		// packing again is the same event: acknowledged, not stored twice
		JsonNode repeat = this.api.call(post("/api/v1/aggregations"), this.brandA.key(), "{\"sscc\":\"" + caseSscc
				+ "\",\"children\":[\"" + item0 + "\",\"" + item1 + "\"],\"eventTime\":\"2026-05-02T08:00:00Z\"}", 200);
		assertThat(repeat.get("duplicate").asBoolean()).isTrue();
		// an item cannot be in two containers at once
		this.api.call(post("/api/v1/aggregations"), this.brandA.key(),
				"{\"sscc\":\"" + palletSscc + "\",\"children\":[\"" + item0 + "\"]}", 409);
		this.api.call(post("/api/v1/aggregations"), this.brandA.key(), "{\"sscc\":\"" + palletSscc
				+ "\",\"children\":[\"" + caseSscc + "\"],\"eventTime\":\"2026-05-02T09:00:00Z\"}", 200);

		observe(this.brandA.id(), palletSscc, "2026-05-03T08:00:00Z", "shipping");
		observe(stranger.id(), caseSscc, "2026-05-03T09:00:00Z", "receiving"); // not
																				// granted:
																				// not on
																				// the
																				// timeline
		this.api.call(post("/api/v1/aggregations/" + caseSscc + "/disaggregation"), this.brandA.key(),
				"{\"children\":[\"" + item1 + "\"],\"eventTime\":\"2026-05-04T08:00:00Z\"}", 200);
		observe(this.brandA.id(), caseSscc, "2026-05-05T08:00:00Z", "storing");

		// item0: lot event (lot from the registry), its own packing, its case onto the
		// pallet, pallet shipping,
		// case storing; not the case's inspection before packing, the stranger's report,
		// nor item1's unpacking
		assertThat(bizSteps(this.serialsA.get(0))).containsExactly("inspecting(lot)", "packing", "packing", "shipping",
				"storing");
		// item1 left the case before storing; it saw its own unpacking
		assertThat(bizSteps(this.serialsA.get(1))).containsExactly("inspecting(lot)", "packing", "packing", "shipping",
				"unpacking");
		// item2 was never packed
		assertThat(bizSteps(this.serialsA.get(2))).containsExactly("inspecting(lot)");
		assertThat(this.api.call(get("/api/v1/aggregations/" + caseSscc), this.brandA.key(), "", 200)).hasSize(1);

		// paging walks the same merged timeline
		JsonNode page1 = this.api.call(
				get("/api/v1/timelines/items/" + this.gtinA + "/" + this.serialsA.get(0) + "?limit=2"),
				this.brandA.key(), "", 200);
		JsonNode page2 = this.api.call(get("/api/v1/timelines/items/" + this.gtinA + "/" + this.serialsA.get(0)
				+ "?limit=2&cursor=" + page1.get("next").asString()), this.brandA.key(), "", 200);
		JsonNode page3 = this.api.call(get("/api/v1/timelines/items/" + this.gtinA + "/" + this.serialsA.get(0)
				+ "?limit=2&cursor=" + page2.get("next").asString()), this.brandA.key(), "", 200);
		assertThat(page1.get("events")).hasSize(2);
		assertThat(page2.get("events")).hasSize(2);
		assertThat(page2.get("events").get(1).get("bizStep").asString()).endsWith("shipping");
		assertThat(page3.get("events")).hasSize(1);
		assertThat(page3.get("events").get(0).get("bizStep").asString()).endsWith("storing");
		assertThat(page3.has("next")).isFalse();
		this.api.call(post("/api/v1/aggregations"), this.brandA.key(),
				"{\"sscc\":\"" + palletSscc + "\",\"children\":[\"" + item2 + "\",\"x\"]}", 400);
	}

	private List<String> bizSteps(String serial) throws Exception {
		JsonNode timeline = this.api.call(get("/api/v1/timelines/items/" + this.gtinA + "/" + serial),
				this.brandA.key(), "", 200);
		assertThat(timeline.get("lotNumber").asString()).isEqualTo("L1");
		List<String> steps = new java.util.ArrayList<>();
		for (JsonNode e : timeline.get("events")) {
			String step = e.get("bizStep").asString().replace("https://ref.gs1.org/cbv/BizStep-", "");
			steps.add(e.get("event").toString().contains("quantityList") ? step + "(lot)" : step);
		}
		return steps;
	}

	private void observe(long reporter, String sscc, String time, String bizStep) {
		record(reporter,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
						+ "\"epcList\":[\"" + com.veritrace.codes.Sscc.parse(sscc).toEpcUri(7)
						+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\"}");
	}

	private void lotEvent(long reporter, String time) {
		record(reporter,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
						+ "\"epcList\":[],\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/" + this.gtinA
						+ "/10/L1\",\"quantity\":12}],\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\"}");
	}

	private void record(long reporter, String json) {
		List<EventSink.HashedEvent> hashed = this.parser.parse(json)
			.events()
			.stream()
			.map(e -> new EventSink.HashedEvent(e, new EventHasher().hash(e)))
			.toList();
		assertThat(this.recorder.record(reporter, hashed).get(0).status()).isNotEqualTo(EventSink.Status.REJECTED);
	}

	/**
	 * An SSCC with company prefix 0614141 (7 digits), a test-unique serial reference and
	 * its check digit.
	 */
	private String sscc(int n) {
		String body = "0" + "0614141" + String.format("%09d", (System.nanoTime() / 1000 + n) % 1_000_000_000L);
		return com.veritrace.codes.Sscc.of(0, "0614141", Long.parseLong(body.substring(8))).value();
	}

	private long issue(Tenant brand, String gtin, int quantity) throws Exception {
		this.api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		this.api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		long id = this.api
			.call(post("/api/v1/code-jobs"), brand.key(),
					"{\"requestId\":\"r1\",\"gtin\":\"" + gtin + "\",\"lotNumber\":\"L1\",\"quantity\":" + quantity
							+ ",\"format\":\"DIGITAL_LINK\"}",
					202)
			.get("id")
			.asLong();
		long deadline = System.currentTimeMillis() + 30_000;
		while (!this.api.call(get("/api/v1/code-jobs/" + id), brand.key(), "", 200)
			.get("status")
			.asString()
			.equals("COMPLETED")) {
			assertThat(System.currentTimeMillis()).isLessThan(deadline);
			Thread.sleep(30);
		}
		return id;
	}

	private List<String> serials(long job) {
		return this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq", String.class,
				job);
	}

	private static String codes(String... codes) {
		StringBuilder sb = new StringBuilder("{\"codes\":[");
		for (int i = 0; i < codes.length; i++) {
			sb.append(i == 0 ? "" : ",").append('"').append(codes[i]).append('"');
		}
		return sb.append("]}").toString();
	}

	/**
	 * Another brand's resource is answered exactly as one that does not exist (no
	 * existence oracle).
	 */
	private static void assertHidden(JsonNode problem) {
		assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
		assertThat(problem.toString()).doesNotContain("another organisation");
	}

}
