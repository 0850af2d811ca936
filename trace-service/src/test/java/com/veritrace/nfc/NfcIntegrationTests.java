package com.veritrace.nfc;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Chips registered through the API and tapped with the tag simulator, on MariaDB with the
 * scan counters in Redis: verified taps open the item's scan page, replays are SUSPICIOUS
 * and raise an alert, forged messages are UNKNOWN, malformed ones 400.
 */
@MariaDbIntegrationTest
class NfcIntegrationTests {

	static final HexFormat HEX = HexFormat.of().withUpperCase();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	ApiClient api;

	Tenant brand;

	String gtin;

	List<String> serials;

	@BeforeEach
	void issuedCodes() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Chip brand"), "BRAND", "read", "products:write", "codes:issue");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Baijiu 500 ml\",\"category\":\"liquor\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
				"{\"lotNumber\":\"BJ-1\",\"productionDate\":\"2026-05-01\",\"expiryDate\":\"2036-04-30\"}", 201);
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "BJ-1", 4,
				4);
	}

	static String randomUid() {
		byte[] uid = new byte[7];
		ThreadLocalRandom.current().nextBytes(uid);
		uid[0] = 0x04;
		return HEX.formatHex(uid);
	}

	static byte[] randomKey() {
		byte[] key = new byte[16];
		ThreadLocalRandom.current().nextBytes(key);
		return key;
	}

	String tagJson(String uid, int serial, byte[] meta, byte[] file) {
		return "{\"uid\":\"" + uid + "\",\"gtin\":\"" + this.gtin + "\",\"serial\":\"" + this.serials.get(serial) + "\""
				+ (meta == null ? "" : ",\"sdmMetaReadKey\":\"" + HEX.formatHex(meta) + "\",\"sdmFileReadKey\":\""
						+ HEX.formatHex(file) + "\"")
				+ "}";
	}

	ResultActions tap(String profile, String query) throws Exception {
		return this.mvc.perform(get("/nfc/" + profile + "?" + query).header("Accept", "application/json"));
	}

	@Test
	void registeredChipVerifiesEachTapAndAReplayIsSuspiciousWithAnAlert() throws Exception {
		String uid = randomUid();
		byte[] meta = randomKey();
		byte[] file = randomKey();
		JsonNode registered = this.api.call(post("/api/v1/nfc/tags"), this.brand.key(),
				"{\"tags\":[" + tagJson(uid, 0, meta, file) + "]}", 201);
		assertThat(registered.get("registered").asInt()).isEqualTo(1);
		assertThat(registered.get("urlTemplate").asString())
			.endsWith("/nfc/default?picc_data={PICCData}&cmac={SDMMAC}");
		// the keys are stored sealed, never as given
		byte[] box = this.jdbc.queryForObject("SELECT file_key_box FROM nfc_tag WHERE uid = ?", byte[].class, uid);
		assertThat(HEX.formatHex(box)).doesNotContain(HEX.formatHex(file));

		TagSimulator chip = new TagSimulator(uid, meta, file, 60);
		TagSimulator.Tap first = chip.tap();
		// a HEAD (a link preview) answers without moving the chip's counter
		this.mvc.perform(head("/nfc/default?" + first.query())).andExpect(status().isOk());
		tap("default", first.query()).andExpect(status().isOk())
			.andExpect(jsonPath("$.verdict").value("GENUINE"))
			.andExpect(jsonPath("$.reasonKey").value("reason.chip-verified"))
			.andExpect(jsonPath("$.reason").value(containsString("tap 61")))
			.andExpect(jsonPath("$.chip.status").value("VERIFIED"))
			.andExpect(jsonPath("$.chip.tap").value(61))
			.andExpect(jsonPath("$.placeToken").doesNotExist())
			.andExpect(jsonPath("$.code.serial").value(this.serials.get(0)))
			.andExpect(jsonPath("$.product.name").value("Baijiu 500 ml"));
		TagSimulator.Tap second = null;
		for (int i = 0; i < 20; i++) {
			second = chip.tap("item=BJ-1;n=" + String.format("%04d", i));
			tap("default", second.query()).andExpect(jsonPath("$.chip.status").value("VERIFIED"))
				.andExpect(jsonPath("$.chip.tap").value(62 + i));
		}
		assertThat(this.jdbc.queryForObject("SELECT last_counter FROM nfc_tag WHERE uid = ?", Integer.class, uid))
			.isEqualTo(81);
		// the first tap's URL again: a copy
		tap("default", first.query()).andExpect(status().isOk())
			.andExpect(jsonPath("$.verdict").value("SUSPICIOUS"))
			.andExpect(jsonPath("$.reasonKey").value("reason.chip-replayed"))
			.andExpect(jsonPath("$.chip.status").value("REPLAYED"))
			.andExpect(jsonPath("$.reason").value(containsString("tap 61")))
			.andExpect(jsonPath("$.reason").value(containsString("tap 81")));
		// the last one again: replayed too (strictly increasing)
		tap("default", second.query()).andExpect(jsonPath("$.chip.status").value("REPLAYED"));
		assertThat(this.jdbc.queryForObject("SELECT rejected_taps FROM nfc_tag WHERE uid = ?", Long.class, uid))
			.isEqualTo(2);
		List<String> alerts = this.jdbc.queryForList(
				"SELECT severity FROM alert WHERE organisation_id = ? AND kind = 'SUSPICIOUS_CODE' AND subject = ?",
				String.class, this.brand.id(), "01/" + this.gtin + "/21/" + this.serials.get(0));
		assertThat(alerts).containsExactly("CRITICAL");
		// the taps are scans in the scan log: 21 verified, 2 replayed, and the HEAD
		// (logged, not counted, as a QR scan's HEAD)
		long deadline = System.currentTimeMillis() + 15_000;
		long logged = 0;
		while (System.currentTimeMillis() < deadline && logged < 24) {
			logged = this.jdbc.queryForObject("SELECT COUNT(*) FROM scan_log WHERE gtin = ? AND serial = ?", Long.class,
					this.gtin, this.serials.get(0));
			Thread.sleep(100);
		}
		assertThat(logged).isEqualTo(24);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM scan_log WHERE gtin = ? AND serial = ? AND verdict = 'SUSPICIOUS'", Long.class,
				this.gtin, this.serials.get(0)))
			.isEqualTo(2);
	}

	@Test
	void forgedMessagesAreUnknownAndMalformedOnesAre400() throws Exception {
		String uid = randomUid();
		byte[] meta = randomKey();
		byte[] file = randomKey();
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[" + tagJson(uid, 1, meta, file) + "]}",
				201);
		TagSimulator chip = new TagSimulator(uid, meta, file, 0);
		TagSimulator.Tap good = chip.tap();
		for (int bit : new int[] { 0, 7, 31, 63 }) {
			tap("default", good.flipMacBit(bit).query()).andExpect(status().isNotFound())
				.andExpect(jsonPath("$.verdict").value("UNKNOWN_CODE"))
				.andExpect(jsonPath("$.chip.status").value("UNKNOWN"));
		}
		tap("default", good.flipPiccBit(77).query()).andExpect(status().isNotFound());
		// a chip nobody registered, with the same keys
		tap("default", new TagSimulator(randomUid(), meta, file, 0).tap().query()).andExpect(status().isNotFound());
		// the forged attempts did not move the counter: the genuine tap still passes
		tap("default", good.query()).andExpect(jsonPath("$.chip.status").value("VERIFIED"));
		// malformed: problem details for programs
		tap("default", "picc_data=XYZ&cmac=" + good.cmac()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("picc_data"));
		tap("default", "picc_data=" + good.piccData()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("cmac"))
			.andExpect(jsonPath("$.errors[0].reason").value("missing"));
		tap("default", good.query() + "&cmac=" + good.cmac()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("2 times")));
		tap("default", good.query().replace("&cmac=", "&enc=ABC&cmac=")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("enc"));
		tap("no-such-profile", good.query()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("profile"));
		tap("default", "picc_data=" + good.piccData() + "&cmac=%E0%A5%A9" + good.cmac().substring(1))
			.andExpect(status().isBadRequest());
		// and a page for people
		this.mvc.perform(get("/nfc/default?picc_data=00&cmac=00").header("Accept", "text/html"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("not a well-formed chip message")));
		this.mvc.perform(get("/nfc/default?" + good.flipMacBit(3).query()).header("Accept", "text/html"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("not registered, or its message is not genuine")));
	}

	@Test
	void theChipVerifiedPageIsTheScanPageWithTheChipsVerdict() throws Exception {
		String uid = randomUid();
		byte[] meta = randomKey();
		byte[] file = randomKey();
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[" + tagJson(uid, 2, meta, file) + "]}",
				201);
		TagSimulator chip = new TagSimulator(uid, meta, file, 60);
		TagSimulator.Tap tap = chip.tap();
		this.mvc.perform(get("/nfc/default?" + tap.query()).header("Accept", "text/html"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Chip verified, tap 61")))
			.andExpect(content().string(containsString("Baijiu 500 ml")))
			// the language switch leads to the item's page, not to the tap (a replay)
			.andExpect(content().string(containsString("/01/" + this.gtin + "/21/" + this.serials.get(2) + "?lang=")))
			.andExpect(content().string(not(containsString("picc_data"))));
		this.mvc
			.perform(
					get("/nfc/default?" + tap.query()).header("Accept", "text/html").header("Accept-Language", "zh-CN"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("芯片消息已被使用过")));
	}

	@Test
	void plainMirroringAndDerivedKeys() throws Exception {
		byte[] master = randomKey();
		String uid = randomUid();
		// no keys and no master key yet: 400
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(),
				"{\"profile\":\"plain\",\"tags\":[" + tagJson(uid, 3, null, null) + "]}", 400);
		this.api.call(put("/api/v1/nfc/master-key"), this.brand.key(),
				"{\"masterKey\":\"" + HEX.formatHex(master) + "\"}", 204);
		JsonNode registered = this.api.call(post("/api/v1/nfc/tags"), this.brand.key(),
				"{\"profile\":\"plain\",\"tags\":[" + tagJson(uid, 3, null, null) + "]}", 201);
		assertThat(registered.get("derivedKeys").asInt()).isEqualTo(1);
		assertThat(registered.get("urlTemplate").asString()).contains("/nfc/plain?uid={UID}&ctr={SDMReadCtr}");
		byte[] file = KeyDiversification.fileReadKey(master, HEX.parseHex(uid));
		int counter = 6;
		byte[] mac = Sun.sunMac(Sun.sessionMacKey(file, HEX.parseHex(uid), counter), new byte[0]);
		String query = "uid=" + uid + "&ctr=000006&cmac=" + HEX.formatHex(mac);
		tap("plain", query).andExpect(jsonPath("$.chip.status").value("VERIFIED"))
			.andExpect(jsonPath("$.chip.tap").value(6));
		tap("plain", query).andExpect(jsonPath("$.chip.status").value("REPLAYED"));
		// the encrypted layout with derived keys: the brand's meta-read key
		String uid2 = randomUid();
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[" + tagJson(uid2, 3, null, null) + "]}",
				201);
		TagSimulator chip = new TagSimulator(uid2, KeyDiversification.metaReadKey(master),
				KeyDiversification.fileReadKey(master, HEX.parseHex(uid2)), 0);
		tap("default", chip.tap().query()).andExpect(jsonPath("$.chip.status").value("VERIFIED"));
	}

	@Test
	void registrationIsTheBrandsOwnAndNeedsItsRight() throws Exception {
		String uid = randomUid();
		byte[] meta = randomKey();
		byte[] file = randomKey();
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[" + tagJson(uid, 0, meta, file) + "]}",
				201);
		JsonNode view = this.api.call(get("/api/v1/nfc/tags/" + uid), this.brand.key(), "", 200);
		assertThat(view.get("gtin").asString()).isEqualTo(this.gtin);
		assertThat(view.toString()).doesNotContain(HEX.formatHex(meta)).doesNotContain(HEX.formatHex(file));
		assertThat(view.has("sdmFileReadKey")).isFalse();
		// twice: 409
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[" + tagJson(uid, 0, meta, file) + "]}",
				409);
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "codes:issue");
		// another brand's chip is 404, and its GTIN not one the other may bind chips to
		this.api.call(get("/api/v1/nfc/tags/" + uid), other.key(), "", 404);
		JsonNode problem = this.api.call(post("/api/v1/nfc/tags"), other.key(),
				"{\"tags\":[" + tagJson(randomUid(), 1, meta, file) + "]}", 400);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("tags[0].gtin");
		// a key without codes:issue may read, not register
		Tenant reader = this.api.tenant(ApiClient.unique("Reader brand"), "BRAND", "read");
		this.api.call(post("/api/v1/nfc/tags"), reader.key(),
				"{\"tags\":[" + tagJson(randomUid(), 1, meta, file) + "]}", 403);
		// bad input: each field named
		JsonNode bad = this.api.call(post("/api/v1/nfc/tags"), this.brand.key(),
				"{\"tags\":[{\"uid\":\"04ZZ\",\"gtin\":\"" + this.gtin + "\",\"serial\":\"" + this.serials.get(1)
						+ "\",\"sdmMetaReadKey\":\"00\"}]}",
				400);
		assertThat(bad.get("errors").toString()).contains("tags[0].uid", "tags[0].sdmFileReadKey",
				"tags[0].sdmMetaReadKey");
		this.api.call(post("/api/v1/nfc/tags"), this.brand.key(), "{\"tags\":[]}", 400);
	}

}
