package com.veritrace.portal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.codes.Sscc;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The event pages against MariaDB: what a brand and a partner see, each search filter,
 * keyset pages that neither skip nor repeat, an item's journey (another organisation's
 * item is not there), and the refused records of a feed.
 */
@MariaDbIntegrationTest
class EventPagesIntegrationTests {

	private static final Pattern HASH = Pattern.compile("data-hash=\"(ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0)\"");

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	EventRecorder recorder;

	final EpcisDocumentParser parser = new EpcisDocumentParser();

	final EventHasher hasher = new EventHasher();

	ApiClient api;

	Portal portal;

	Tenant brand;

	Tenant warehouse;

	Tenant otherBrand;

	String gtin;

	String otherGtin;

	@BeforeEach
	void brandPartnerAndAnotherBrand() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Events brand"), "BRAND", "read", "products:write",
				"grants:manage");
		this.warehouse = this.api.tenant(ApiClient.unique("Events warehouse"), "WAREHOUSE", "read", "events:write");
		this.otherBrand = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "products:write");
		this.gtin = ApiClient.randomGtin();
		this.otherGtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		this.api.call(post("/api/v1/products"), this.otherBrand.key(),
				"{\"gtin\":\"" + this.otherGtin + "\",\"name\":\"Other\"}", 201);
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.warehouse.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
	}

	@Test
	void aBrandSeesItsOwnAndItsPartnersEventsNewestFirstAndAPartnerOnlyItsOwn() throws Exception {
		String made = record(this.brand, item("2026-01-01T08:00:00Z", this.gtin, "S1", "commissioning"));
		String shipped = record(this.brand, item("2026-01-02T08:00:00Z", this.gtin, "S1", "shipping"));
		String received = record(this.warehouse, item("2026-01-03T08:00:00Z", this.gtin, "S1", "receiving"));
		String others = record(this.otherBrand, item("2026-01-04T08:00:00Z", this.otherGtin, "X1", "commissioning"));

		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		assertThat(hashes(page(viewer, "/portal/events"))).containsExactly(received, shipped, made);

		Portal.Person partner = this.portal.login(this.warehouse.id(), Role.VIEWER);
		assertThat(hashes(page(partner, "/portal/events"))).containsExactly(received);

		Portal.Person other = this.portal.login(this.otherBrand.id(), Role.VIEWER);
		assertThat(hashes(page(other, "/portal/events"))).containsExactly(others);
		// naming the brand's item or product shows the other brand nothing of it
		assertThat(hashes(page(other, "/portal/events?code=https://id.gs1.org/01/" + this.gtin + "/21/S1"))).isEmpty();
		assertThat(hashes(page(other, "/portal/events?gtin=" + this.gtin))).isEmpty();
	}

	@Test
	void eachFilterNarrowsTheList() throws Exception {
		String s1 = record(this.brand, item("2026-02-01T08:00:00Z", this.gtin, "S1", "commissioning"));
		String s2 = record(this.brand, item("2026-02-02T08:00:00Z", this.gtin, "S2", "shipping"));
		String lot = record(this.brand, lot("2026-02-03T08:00:00Z", this.gtin, "L1"));
		String sscc = Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
		String packed = record(this.brand,
				"{\"type\":\"AggregationEvent\",\"eventTime\":\"2026-02-04T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
						+ "\"parentID\":\"https://id.gs1.org/00/" + sscc + "\",\"childEPCs\":[\"https://id.gs1.org/01/"
						+ this.gtin + "/21/S2\"],\"action\":\"ADD\",\"bizStep\":\"packing\"}");
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);

		assertThat(hashes(page(viewer, "/portal/events?code=https://id.gs1.org/01/" + this.gtin + "/21/S1")))
			.containsExactly(s1);
		// an EPC URN names the same item as its Digital Link
		assertThat(hashes(page(viewer, "/portal/events?code=" + urn(this.gtin, "S2")))).containsExactly(packed, s2);
		assertThat(hashes(page(viewer, "/portal/events?gtin=" + this.gtin + "&lot=L1"))).containsExactly(lot);
		assertThat(hashes(page(viewer, "/portal/events?gtin=" + this.gtin))).containsExactly(packed, lot, s2, s1);
		assertThat(hashes(page(viewer, "/portal/events?sscc=" + sscc))).containsExactly(packed);
		assertThat(hashes(page(viewer, "/portal/events?bizStep=shipping"))).containsExactly(s2);
		assertThat(hashes(page(viewer, "/portal/events?from=2026-02-02T00:00&to=2026-02-04T00:00")))
			.containsExactly(lot, s2);

		// a bad code: the problem next to its field, no list, not an error page
		String bad = page(viewer, "/portal/events?code=not-a-code");
		assertThat(bad).contains("id=\"ev-code-error\"").contains("is not an item code");
		assertThat(hashes(bad)).isEmpty();
		assertThat(page(viewer, "/portal/events?sscc=" + sscc + "&gtin=" + this.gtin)).contains("id=\"ev-sscc-error\"");
	}

	@Test
	void keysetPagesNeitherSkipNorRepeat() throws Exception {
		List<String> all = new ArrayList<>();
		// 70 events of the brand and 50 of its partner on the same product, some at the
		// same instant
		for (int i = 0; i < 70; i++) {
			all.add(record(this.brand,
					item("2026-03-01T08:%02d:00Z".formatted(i % 60), this.gtin, "K" + i, "shipping")));
		}
		for (int i = 0; i < 50; i++) {
			all.add(record(this.warehouse,
					item("2026-03-01T08:%02d:00Z".formatted(i % 60), this.gtin, "W" + i, "receiving")));
		}
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		Set<String> seen = new LinkedHashSet<>();
		String url = "/portal/events";
		int pages = 0;
		while (url != null) {
			String html = page(viewer, url);
			List<String> hashes = hashes(html);
			assertThat(hashes).hasSizeLessThanOrEqualTo(EventPagesController.PAGE);
			for (String h : hashes) {
				assertThat(seen.add(h)).as("event %s shown twice", h).isTrue();
			}
			Matcher next = Pattern.compile("href=\"(/portal/events\\?after=[^\"]+)\" rel=\"next\"").matcher(html);
			url = next.find() ? next.group(1).replace("&amp;", "&") : null;
			assertThat(++pages).isLessThan(10);
		}
		assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
		assertThat(pages).isGreaterThanOrEqualTo(3);
		// newest first across pages: 08:59 is the brand's 60th event only
		assertThat(new ArrayList<>(seen).get(0)).isEqualTo(all.get(59));
	}

	@Test
	void anItemsJourneyShowsHashAndProofAndAnotherOrganisationsItemIsNotThere() throws Exception {
		String made = record(this.brand, item("2026-04-01T08:00:00Z", this.gtin, "J1", "commissioning"));
		String received = record(this.warehouse, item("2026-04-02T08:00:00Z", this.gtin, "J1", "receiving"));
		record(this.otherBrand, item("2026-04-03T08:00:00Z", this.otherGtin, "J9", "commissioning"));
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		String html = page(viewer, "/portal/events/items/01/" + this.gtin + "/21/J1");
		assertThat(hashes(html)).containsExactly(made, received);
		assertThat(html).contains(">" + made + "<").contains("class=\"ev-proof");
		// the same journey by EPC URN
		assertThat(hashes(page(viewer, "/portal/events/items?code=" + urn(this.gtin, "J1")))).containsExactly(made,
				received);

		// another brand's item, and this brand's item for another brand or a partner: 404
		this.mvc.perform(viewer.as(get("/portal/events/items/01/" + this.otherGtin + "/21/J9")))
			.andExpect(status().isNotFound());
		Portal.Person other = this.portal.login(this.otherBrand.id(), Role.OWNER);
		this.mvc.perform(other.as(get("/portal/events/items/01/" + this.gtin + "/21/J1")))
			.andExpect(status().isNotFound());
		// an unregistered product answers the same
		this.mvc.perform(other.as(get("/portal/events/items/01/" + ApiClient.randomGtin() + "/21/J1")))
			.andExpect(status().isNotFound());
	}

	@Test
	void refusedRecordsOfAFeedAreListedForItsOrganisationOnly() throws Exception {
		this.api.call(post("/api/v1/ingest/carrier-delivery"), this.warehouse.key(), "{\"waybill\": 7}", 202);
		Portal.Person operator = this.portal.login(this.warehouse.id(), Role.OPERATOR);
		long until = System.currentTimeMillis() + 30_000;
		String html = page(operator, "/portal/dead-letters");
		while (!html.contains("/waybill") && System.currentTimeMillis() < until) {
			Thread.sleep(200);
			html = page(operator, "/portal/dead-letters");
		}
		assertThat(html).contains("invalid").contains("/waybill").contains("carrier-delivery");
		Portal.Person brandOwner = this.portal.login(this.brand.id(), Role.OWNER);
		assertThat(page(brandOwner, "/portal/dead-letters")).doesNotContain("/waybill");
		// the API needs events:write for them: so does the page
		Portal.Person viewer = this.portal.login(this.warehouse.id(), Role.VIEWER);
		this.mvc.perform(viewer.as(get("/portal/dead-letters"))).andExpect(status().isForbidden());
	}

	private String page(Portal.Person person, String url) throws Exception {
		return this.mvc.perform(person.as(get(url)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private static List<String> hashes(String html) {
		List<String> out = new ArrayList<>();
		Matcher m = HASH.matcher(html);
		while (m.find()) {
			out.add(m.group(1));
		}
		return out;
	}

	private String record(Tenant reporter, String json) {
		EpcisEvent event = this.parser.parse(json).events().get(0);
		EventSink.Outcome outcome = this.recorder
			.record(reporter.id(), List.of(new EventSink.HashedEvent(event, this.hasher.hash(event))))
			.get(0);
		assertThat(outcome.status()).as(outcome.reason()).isEqualTo(EventSink.Status.STORED);
		return outcome.hash().ni();
	}

	private static String item(String time, String gtin, String serial, String bizStep) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/" + serial
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\"}";
	}

	private static String lot(String time, String gtin, String lot) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[],\"quantityList\":[{\"epcClass\":\"https://id.gs1.org/01/" + gtin + "/10/" + lot
				+ "\",\"quantity\":10}],\"action\":\"OBSERVE\",\"bizStep\":\"inspecting\"}";
	}

	/** The EPC URN of a GTIN-14 with a 7-digit company prefix. */
	private static String urn(String gtin14, String serial) {
		String indicator = gtin14.substring(0, 1);
		String prefix = gtin14.substring(1, 8);
		String reference = indicator + gtin14.substring(8, 13);
		return "urn:epc:id:sgtin:" + prefix + "." + reference + "." + serial;
	}

}
