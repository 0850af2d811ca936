package com.veritrace.scan;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The scan page's verdicts on MariaDB with scan counters in the real Redis. */
@MariaDbIntegrationTest
class ScanIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	ScanLogWriter scanLog;

	@Autowired
	PlaceToken placeTokens;

	Tenant brand;

	String gtin;

	List<String> serials;

	@BeforeEach
	void issuedCodes() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.brand = api.tenant(ApiClient.unique("Scan brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write", "recalls:write");
		this.gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Oolong 100 g\",\"category\":\"tea\"}", 201);
		api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"OL-1\",\"productionDate\":\"2026-05-01\",\"expiryDate\":\"2028-04-30\"}", 201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "OL-1", 3,
				2);
	}

	@Test
	void firstScanIsGenuineThenGenuineRepeatWithCountAndFirstDate() throws Exception {
		json(uri(0)).andExpect(status().isOk())
			.andExpect(jsonPath("$.verdict").value("GENUINE"))
			.andExpect(jsonPath("$.product.name").value("Oolong 100 g"))
			.andExpect(jsonPath("$.lot.lotNumber").value("OL-1"))
			.andExpect(jsonPath("$.code.status").value("ACTIVE"));
		json(uri(0)).andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"))
			.andExpect(jsonPath("$.scans.count").value(2))
			.andExpect(jsonPath("$.reason").value(containsString("scanned 2 times")));
	}

	@Test
	void forgedOrMistypedCodesAreUnknownAnd404() throws Exception {
		String forged = this.serials.get(0).substring(0, 15) + (this.serials.get(0).endsWith("A") ? "B" : "A");
		json("/01/" + this.gtin + "/10/OL-1/21/" + forged).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.verdict").value("UNKNOWN_CODE"))
			.andExpect(jsonPath("$.journey.length()").value(0));
		json("/01/" + ApiClient.randomGtin() + "/21/" + this.serials.get(0)).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.verdict").value("UNKNOWN_CODE"));
	}

	@Test
	void codesNotActivatedOrWithTheWrongLotAreSuspicious() throws Exception {
		json(uri(2)).andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
			.andExpect(jsonPath("$.reasonKey").value("reason.not-activated"));
		json("/01/" + this.gtin + "/10/OTHER/21/" + this.serials.get(1))
			.andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
			.andExpect(jsonPath("$.reasonKey").value("reason.lot-mismatch"));
	}

	@Test
	void theClientRegionHeaderCountsOnlyWhenAnEdgeSetIt() throws Exception {
		// any client can send the header: from an address that is not a configured edge
		// it is ignored (and these clients share one network)
		String[] places = { "Hangzhou", "Shanghai", "Beijing", "Chengdu", "Wuhan" };
		for (int i = 0; i < places.length; i++) {
			String place = places[i];
			String token = tokenOf(this.mvc.perform(get(uri(1)).header("Accept", "application/json")
				.header("X-Client-Region", place)
				.cookie(device("not-edge-" + i))
				.with(request -> {
					request.setRemoteAddr("203.0.113.9");
					return request;
				})));
			seen(token, "not-edge-" + i)
				.andExpect(jsonPath("$.verdict").value(org.hamcrest.Matchers.startsWith("GENUINE")));
		}
		// from the edge, the same header counts: four places, one too many
		for (int i = 0; i < 4; i++) {
			String token = tokenOf(this.mvc.perform(get(uri(1)).header("Accept", "application/json")
				.header("X-Client-Region", places[i])
				.cookie(device("edge-" + i))));
			seen(token, "edge-" + i).andExpect(jsonPath("$.verdict").value(i < 3 ? "GENUINE_REPEAT" : "SUSPICIOUS"));
		}
	}

	@Test
	void pageViewsAloneAreCheckedConfirmedClientsOfManyNetworksAreSuspicious() throws Exception {
		// views from four places and many views, no page script: being checked, no
		// accusation
		for (String place : new String[] { "Hangzhou", "Shanghai", "Beijing", "Chengdu" }) {
			this.mvc.perform(get(uri(1)).header("Accept", "application/json").header("X-Client-Region", place))
				.andExpect(jsonPath("$.verdict").value(org.hamcrest.Matchers.startsWith("GENUINE")));
		}
		json(uri(1)).andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"))
			.andExpect(jsonPath("$.reasonKey").value("reason.checking"));
		// burst: the default is 10 distinct confirmed clients within 10 minutes (here
		// from
		// two networks, in two places)
		for (int i = 0; i < 10; i++) {
			String token = tokenOf(this.mvc.perform(get(uri(0)).header("Accept", "application/json")
				.header("X-Client-Region", i % 2 == 0 ? "Hangzhou" : "Shanghai")
				.cookie(device("burst-" + i))));
			seen(token, "burst-" + i).andExpect(jsonPath("$.verdict")
				.value(i < 9 ? org.hamcrest.Matchers.startsWith("GENUINE") : org.hamcrest.Matchers.is("SUSPICIOUS")));
		}
		json(uri(0)).andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
			.andExpect(jsonPath("$.reasonKey").value("reason.burst"));
	}

	private static String tokenOf(ResultActions page) throws Exception {
		String token = JsonPath.read(page.andReturn().getResponse().getContentAsString(), "$.placeToken");
		assertThat(token).isNotBlank();
		return token;
	}

	private ResultActions seen(String token, String device) throws Exception {
		return this.mvc.perform(post("/h5/scans/seen?lang=en").contentType("application/json")
			.cookie(device(device))
			.content("{\"token\":\"" + token + "\"}"));
	}

	/** A device cookie as the page's script sets it. */
	static jakarta.servlet.http.Cookie device(String name) {
		return new jakarta.servlet.http.Cookie("vt_device", java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(java.util.Arrays.copyOf(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), 16)));
	}

	@Test
	void thePageIsCachedInRedisBrieflyButTheVerdictNeverIs() throws Exception {
		json(uri(0)).andExpect(jsonPath("$.verdict").value("GENUINE"));
		String key = "vt:page:" + this.gtin + "/" + this.serials.get(0) + "/OL-1/en";
		try (var redis = REDIS.connect()) {
			assertThat(redis.sync().get(key)).contains("Oolong 100 g");
			assertThat(redis.sync().pttl(key)).isBetween(1L, 30_000L);
			// within the TTL the page is served from the cache (a rename shows later),
			// the verdict is fresh
			this.jdbc.update("UPDATE product SET name = 'Renamed' WHERE gtin = ?", this.gtin);
			json(uri(0)).andExpect(jsonPath("$.product.name").value("Oolong 100 g"))
				.andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"))
				.andExpect(jsonPath("$.scans.count").value(2));
			this.mvc.perform(get(uri(0)).header("Accept", "text/html").header("Accept-Language", "en"))
				.andExpect(content().string(containsString("Oolong 100 g")))
				.andExpect(content().string(containsString("scanned 3 times")));
			// once it expires (in Redis, then in the node's one-second near cache), the
			// page is built again
			redis.sync().del(key);
			// and the product read for the page's first build, shared by the product's
			// codes, has expired
			Thread.sleep(Math.max(PageCache.Redis.NEAR_TTL.toMillis(), JourneyLoader.CATALOG_TTL.toMillis()) + 100);
			json(uri(0)).andExpect(jsonPath("$.product.name").value("Renamed"));
		}
	}

	@Test
	void aRecallShowsAtOnceWithTheBrandsInstructionsInThePagesLanguage() throws Exception {
		// the page is cached as genuine first: the recall must not wait for the cache
		json(uri(0)).andExpect(jsonPath("$.verdict").value("GENUINE"));
		new ApiClient(this.mvc).call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s","lots":["OL-1"],"recallClass":"II","reasonCode":"QUALITY_DEFECT",
				 "reason":"Mould found in retained samples",
				 "consumerInstructions":{"en":"Do not drink it; bring it back for a refund.","zh-CN":"请勿饮用，退回可全额退款。"},
				 "partnerInstructions":{"en":"Stop selling; hold all stock.","zh-CN":"停止销售，封存全部库存。"}}
				""".formatted(this.gtin), 201);
		json(uri(0)).andExpect(jsonPath("$.verdict").value("RECALLED"))
			.andExpect(jsonPath("$.reason").value("This item has been recalled. Do not use it."))
			.andExpect(jsonPath("$.recall.lotNumber").value("OL-1"))
			.andExpect(jsonPath("$.recall.recallClass").value("II"))
			.andExpect(jsonPath("$.recall.instructions").value("Do not drink it; bring it back for a refund."))
			.andExpect(jsonPath("$.lot.status").value("RECALLED"))
			// the recall order is a step of the journey, in the consumer's words
			.andExpect(jsonPath("$.journey[-1].step").value("recalled"))
			.andExpect(jsonPath("$.journey[-1].label").value("Recalled"));
		this.mvc.perform(get(uri(0) + "?lang=zh-CN").header("Accept", "text/html"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("role=\"alert\"")))
			.andExpect(content().string(containsString("请勿饮用，退回可全额退款。")));
	}

	@Test
	void browsersGetTheLocalisedPageProgramsJsonAndInvalidUrisA400() throws Exception {
		this.mvc.perform(get(uri(0)).header("Accept", "text/html").header("Accept-Language", "zh-CN,zh;q=0.9"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(containsString("lang=\"zh-CN\"")))
			.andExpect(content().string(containsString("正品")))
			.andExpect(content().string(containsString("Oolong 100 g")));
		this.mvc.perform(get(uri(0) + "?lang=en").header("Accept", "text/html").header("Accept-Language", "zh-CN"))
			.andExpect(content().string(containsString("lang=\"en\"")));
		this.mvc.perform(get("/01/0690123456789/21/X").header("Accept", "text/html"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("too short")));
		json("/01/0690123456789/21/X").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/invalid-code"));
		this.mvc.perform(get(uri(0) + "?linkType=all"))
			.andExpect(status().isOk())
			.andExpect(content().contentType("application/linkset+json"))
			.andExpect(jsonPath("$.linkset[0]['https://gs1.org/voc/pip'][0].href").value(containsString(this.gtin)));
	}

	@Test
	void everyScanIsLoggedWithoutPersonalData() throws Exception {
		this.mvc.perform(get(uri(0)).header("Accept", "application/json")
			.header("X-Client-Region", "Hangzhou<script>")
			.header("User-Agent", "Mozilla/5.0 (iPhone) AppleWebKit Mobile MicroMessenger/8.0")
			// through the edge (127.0.0.1, which may set the region), for the client
			// 203.0.113.9
			.header("X-Forwarded-For", "203.0.113.9"));
		json("/01/" + this.gtin + "/21/" + "ZZZZZZZZZZZZZZZZ");
		this.scanLog.flush();
		List<java.util.Map<String, Object>> rows = this.jdbc
			.queryForList("SELECT * FROM scan_log WHERE gtin = ? ORDER BY id", this.gtin);
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0)).containsEntry("verdict", "GENUINE")
			.containsEntry("place", "Hangzhouscript")
			.containsEntry("agent_family", "wechat")
			.containsEntry("brand_id", this.brand.id());
		assertThat(rows.get(1)).containsEntry("verdict", "UNKNOWN_CODE");
		assertThat(rows.toString()).doesNotContain("203.0.113.9").doesNotContain("iPhone");
	}

	@Test
	void aShipmentOfTheCaseShowsOnTheJourneyOfEveryItemInside() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		String body = String.format("%09d", (System.nanoTime() / 1000) % 1_000_000_000L);
		String sscc = com.veritrace.codes.Sscc.of(0, "0614141", Long.parseLong(body)).value();
		String item = "https://id.gs1.org/01/" + this.gtin + "/21/" + this.serials.get(0);
		api.call(post("/api/v1/aggregations"), this.brand.key(),
				"{\"sscc\":\"" + sscc + "\",\"children\":[\"" + item + "\"],\"eventTime\":\"2026-06-01T08:00:00Z\"}",
				200);
		String capture = api.call(post("/api/v1/epcis/capture"), this.brand.key(),
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-06-02T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\","
						+ "\"epcList\":[\"https://id.gs1.org/00/" + sscc + "\"],\"action\":\"OBSERVE\","
						+ "\"bizStep\":\"shipping\"}",
				202)
			.get("captureId")
			.asString();
		for (int i = 0; i < 200 && !api.call(get("/api/v1/epcis/capture/" + capture), this.brand.key(), "", 200)
			.get("status")
			.asString()
			.equals("SUCCESS"); i++) {
			Thread.sleep(50);
		}
		json(uri(0)).andExpect(jsonPath("$.journey[*].step", org.hamcrest.Matchers.hasItems("packing", "shipping")));
		// the other item, not in the case, does not inherit the shipment
		json(uri(1)).andExpect(
				jsonPath("$.journey[*].step", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("shipping"))));
	}

	@Test
	void thePageWeighsUnder100KbAndMakesNoThirdPartyRequests() throws Exception {
		String html = this.mvc.perform(get(uri(0)).header("Accept", "text/html"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
		long total = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
		for (String asset : new String[] { "/h5/css/scan.css", "/h5/js/scan.js", "/h5/js/proof-verify.js",
				"/h5/js/sm-crypto.js", "/h5/js/place.js" }) {
			byte[] body = this.mvc.perform(get(asset))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsByteArray();
			assertThat(body).isNotEmpty();
			total += body.length;
		}
		assertThat(total).isLessThan(100 * 1024);
	}

	@Test
	void aPhoneAddsItsApproximateAreaToItsScanOnceWithoutScanningAgain() throws Exception {
		String token = placeToken(uri(0));
		place(token, "30.3,120.2").andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.verdict").value("GENUINE"))
			.andExpect(jsonPath("$.label").value("Genuine"))
			.andExpect(jsonPath("$.reasonKey").value("reason.first-scan"))
			.andExpect(jsonPath("$.cell").value("30.3,120.2"));
		// the same token again: refused, nothing changes
		place(token, "31.2,121.5").andExpect(status().isConflict())
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("/problems/place-token-used"));
		this.scanLog.flush();
		assertThat(this.jdbc.queryForList("SELECT place FROM scan_log WHERE gtin = ? AND serial = ?", String.class,
				this.gtin, this.serials.get(0)))
			.containsExactly("30.3,120.2");
		// no scan was counted by adding the place; one place is known
		json(uri(0)).andExpect(jsonPath("$.scans.count").value(2));
		// a scan that has a place from the edge gets a token to confirm it, but the page
		// does not ask for the phone's area
		this.mvc.perform(get(uri(0)).header("Accept", "application/json").header("X-Client-Region", "Hangzhou"))
			.andExpect(jsonPath("$.placeToken").exists());
		this.mvc.perform(get(uri(0)).header("Accept", "text/html").header("X-Client-Region", "Hangzhou"))
			.andExpect(content().string(containsString("/h5/js/seen.js")))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("/h5/js/place.js"))));
		// the page carries the token and the script; the offer is shown from the start
		// (nothing moves when the script runs), its button disabled until the script
		// finds geolocation
		this.mvc.perform(get(uri(0)).header("Accept", "text/html"))
			.andExpect(content().string(containsString("data-token=\"")))
			.andExpect(content().string(containsString("<section id=\"place\" class=\"place\" aria-labelledby")))
			.andExpect(content().string(containsString("<button type=\"button\" id=\"place-button\" disabled>")))
			.andExpect(content().string(containsString("/h5/js/place.js")));
	}

	@Test
	void areasAddedByPhonesOfDistinctClientsCountAsPlacesAndCanMakeACodeSuspicious() throws Exception {
		String[] cells = { "30.3,120.2", "31.2,121.5", "39.9,116.4", "30.7,104.1" };
		for (int i = 0; i < cells.length; i++) {
			String address = "198.51." + (10 + i) + ".7";
			String token = tokenOf(this.mvc
				.perform(get(uri(1)).header("Accept", "application/json").cookie(device("phone-" + i)).with(r -> {
					r.setRemoteAddr(address);
					return r;
				})));
			ResultActions placed = this.mvc
				.perform(post("/h5/scans/place?lang=en").contentType("application/json")
					.cookie(device("phone-" + i))
					.content("{\"token\":\"" + token + "\",\"cell\":\"" + cells[i] + "\"}"))
				.andExpect(status().isOk());
			if (i < 3) {
				placed.andExpect(jsonPath("$.verdict").value(org.hamcrest.Matchers.startsWith("GENUINE")));
			}
			else {
				// the fourth distinct client's place (default threshold: 3) makes the
				// code
				// suspicious, on the page at once
				placed.andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
					.andExpect(jsonPath("$.label").value("Suspicious"))
					.andExpect(jsonPath("$.reasonKey").value("reason.too-many-places"))
					.andExpect(jsonPath("$.reason").value(containsString("4 different places (4 people)")));
			}
		}
		// one phone adding many places is one client, one place
		for (String cell : new String[] { "22.5,114.1", "23.1,113.3" }) {
			place(placeToken(uri(0)), cell)
				.andExpect(jsonPath("$.verdict").value(org.hamcrest.Matchers.startsWith("GENUINE")));
		}
		this.mvc
			.perform(post("/h5/scans/place?lang=zh-CN").contentType("application/json")
				.content("{\"token\":\"" + placeToken(uri(1)) + "\",\"cell\":\"22.5,114.1\"}"))
			.andExpect(jsonPath("$.label").value("可疑"));
	}

	@Test
	void forgedExpiredMalformedOrOversizedRequestsGetProblemDetails() throws Exception {
		String token = placeToken(uri(0));
		String claims = token.substring(0, token.indexOf('.'));
		String otherCode = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					new String(java.util.Base64.getUrlDecoder().decode(claims), java.nio.charset.StandardCharsets.UTF_8)
						.replace(this.serials.get(0), this.serials.get(1))
						.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		problem(place(otherCode + token.substring(token.indexOf('.')), "30.3,120.2"), 403, "place-token-invalid");
		problem(place("not-a-token", "30.3,120.2"), 400, "validation");
		String expired = this.placeTokens.issue(this.gtin, this.serials.get(0), "OL-1", 1L,
				System.currentTimeMillis() - 1);
		problem(place(expired, "30.3,120.2"), 403, "place-token-expired");
		// a precise position is refused (the phone must round it), and the token stays
		// usable
		problem(place(token, "30.28741,120.15358"), 400, "validation")
			.andExpect(jsonPath("$.errors[0].field").value("cell"));
		problem(this.mvc.perform(post("/h5/scans/place").contentType("application/json").content("{\"token\":")), 400,
				"malformed-body");
		problem(this.mvc.perform(post("/h5/scans/place").contentType("text/plain").content("x")), 415,
				"unsupported-media-type");
		problem(this.mvc.perform(post("/h5/scans/place").contentType("application/json")
			.content("{\"token\":\"" + "x".repeat(2000) + "\"}")), 413, "too-large");
		place(token, "30.3,120.2").andExpect(status().isOk());
		problem(this.mvc.perform(get("/h5/scans/place")), 405, "method-not-allowed");
	}

	@Test
	void aPageScannedLateInItsLifeIsBuiltAgainInTheBackgroundWhileScansGoOn() throws Exception {
		json(uri(0)).andExpect(jsonPath("$.product.name").value("Oolong 100 g"));
		String key = "vt:page:" + this.gtin + "/" + this.serials.get(0) + "/OL-1/en";
		try (var redis = REDIS.connect()) {
			this.jdbc.update("UPDATE product SET name = 'Renamed' WHERE gtin = ?", this.gtin);
			Thread.sleep(JourneyLoader.CATALOG_TTL.toMillis() + 100); // the product as
																		// read for the
																		// first build
																		// expires
			// the cached page as if loaded long ago (past two thirds of its TTL), still
			// in the cache
			String aged = redis.sync().get(key).replaceFirst("\"loadedMs\":\\d+", "\"loadedMs\":1");
			assertThat(aged).contains("\"loadedMs\":1");
			redis.sync().set(key, aged, io.lettuce.core.SetArgs.Builder.px(20_000));
			Thread.sleep(PageCache.Redis.NEAR_TTL.toMillis() + 100);
			// served at once from the cache, as it is; the page is built again behind it
			json(uri(0)).andExpect(jsonPath("$.product.name").value("Oolong 100 g"))
				.andExpect(jsonPath("$.verdict").value("GENUINE_REPEAT"));
			long deadline = System.currentTimeMillis() + 10_000;
			while (!redis.sync().get(key).contains("Renamed") && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			assertThat(redis.sync().get(key)).contains("Renamed").doesNotContain("\"loadedMs\":1}");
			assertThat(redis.sync().pttl(key)).isGreaterThan(20_000L);
			Thread.sleep(PageCache.Redis.NEAR_TTL.toMillis() + 100);
			json(uri(0)).andExpect(jsonPath("$.product.name").value("Renamed"));
		}
	}

	@Test
	void eachHtmlScanFillsItsOwnReasonAndTokenIntoTheVerdictRenderedOncePerPage() throws Exception {
		String first = html(uri(1));
		String second = html(uri(1));
		assertThat(first).contains("verdict v-GENUINE\"").doesNotContain("scanned 2 times");
		assertThat(second).contains("verdict v-GENUINE_REPEAT\"").contains("scanned 2 times");
		assertThat(first + second).doesNotContain(ScanPageController.Slots.REASON)
			.doesNotContain(ScanPageController.Slots.TOKEN);
		String firstToken = dataToken(first);
		String secondToken = dataToken(second);
		assertThat(firstToken).isNotEqualTo(secondToken);
		// each is the token of its own scan: both add a place, once
		place(secondToken, "30.3,120.2").andExpect(status().isOk());
		place(firstToken, "22.5,114.1").andExpect(status().isOk());
		place(firstToken, "22.5,114.1").andExpect(status().isConflict());
		// the same page in the other language has its own verdict part
		String zh = this.mvc.perform(get(uri(1)).header("Accept", "text/html").header("Accept-Language", "zh-CN"))
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(zh).contains("lang=\"zh-CN\"").contains("该码已被扫描 3 次").doesNotContain("scanned");
	}

	@Test
	void slotsAreFilledEscapedInOrder() {
		byte[][] parts = ScanPageController.Slots.split("<p>" + ScanPageController.Slots.REASON + "</p><i data-t=\""
				+ ScanPageController.Slots.TOKEN + "\"></i>");
		byte[][] place = ScanPageController.Slots.split("<section>place</section>");
		byte[][] shell = { utf8("<html>"), utf8("<main>"), utf8("</main></html>") };
		assertThat(new String(ScanPageController.Slots.page(shell, new byte[][][] { parts, place },
				"<b>Tom & \"Jerry's\"</b> 扫描", "a.b"), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("<html><p>&lt;b&gt;Tom &amp; &quot;Jerry&#39;s&quot;&lt;/b&gt; 扫描</p><i data-t=\"a.b\"></i>"
					+ "<main><section>place</section></main></html>");
		// nothing to escape: as it is; no token: empty
		assertThat(new String(ScanPageController.Slots.page(shell, new byte[][][] { parts, place }, "扫描 3 次", null),
				java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("<html><p>扫描 3 次</p><i data-t=\"\"></i><main><section>place</section></main></html>");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private String html(String path) throws Exception {
		return this.mvc.perform(get(path).header("Accept", "text/html").header("Accept-Language", "en"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static String dataToken(String html) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-token=\"([^\"]+)\"").matcher(html);
		assertThat(m.find()).as("a place token on the page").isTrue();
		return m.group(1);
	}

	/** The test's own client of the Redis the service caches pages in. */
	static final io.lettuce.core.RedisClient REDIS = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");

	@org.junit.jupiter.api.AfterAll
	static void closeRedis() {
		REDIS.shutdown();
	}

	private String placeToken(String path) throws Exception {
		String token = JsonPath.read(json(path).andReturn().getResponse().getContentAsString(), "$.placeToken");
		assertThat(token).isNotBlank();
		return token;
	}

	private ResultActions place(String token, String cell) throws Exception {
		return this.mvc.perform(post("/h5/scans/place?lang=en").contentType("application/json")
			.content("{\"token\":\"" + token + "\",\"cell\":\"" + cell + "\"}"));
	}

	private static ResultActions problem(ResultActions result, int status, String type) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentType("application/problem+json"))
			.andExpect(jsonPath("$.type").value("/problems/" + type));
	}

	private String uri(int index) {
		return "/01/" + this.gtin + "/10/OL-1/21/" + this.serials.get(index);
	}

	private ResultActions json(String path) throws Exception {
		return this.mvc.perform(get(path).header("Accept", "application/json"));
	}

}
