package com.veritrace.scan;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.ProofDocuments;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SignedTreeHead;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.anchor.witness.WitnessMain;
import com.veritrace.anchor.witness.WitnessState;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import com.veritrace.support.PortalBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The national-crypto profile end to end ({@code veritrace.crypto.profile=sm}, issue 16
 * items 6 and 7), on MariaDB with the embedded default's generated keys: captured events
 * keep their CBV 2.0 SHA-256 hashes, the log hashes with SM3, its tree heads are signed
 * with an SM2 key generated into the key folder and published at
 * {@code /.well-known/veritrace-log}, an SM2 witness's cosignature is accepted, the
 * witness program follows the SM3 log and cosigns with its SM2 key, and Chromium's scan
 * page verifies it all on the phone (sm-crypto.js); a lab's report document is digested
 * with SM3. Its own database: one database holds one log, under one hash.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.crypto.profile=sm",
				"veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY, "veritrace.demo.enabled=false",
				"veritrace.anchor.batch.max-delay=200ms" })
@ActiveProfiles("mariadb")
@ContextConfiguration(initializers = SmProfileIntegrationTests.SmDatabase.class)
class SmProfileIntegrationTests {

	/** The witness (its private key stays here; the log knows its public key). */
	static final TreeHeadSigner WITNESS = SigningKeys
		.signer(SigningKeys.generate(SignatureAlgorithm.SM2, new SecureRandom()), new SecureRandom());

	static Path keys;

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** A database of its own: the other tests' log hashes with SHA-256. */
	static class SmDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			MariaDbTestDatabase.properties("sm").applyTo(context.getEnvironment());
		}

	}

	@DynamicPropertySource
	static void keysAndWitness(DynamicPropertyRegistry registry) throws Exception {
		keys = Files.createTempDirectory("veritrace-sm-keys");
		Path witness = Files.writeString(keys.resolve("witness.pub.pem"),
				SigningKeys.publicPem(WITNESS.algorithm(), WITNESS.publicKey()));
		registry.add("veritrace.anchor.keys.dir", () -> keys.resolve("generated").toString());
		registry.add("veritrace.anchor.keys.witnesses[0].name", () -> "SM Regulator");
		registry.add("veritrace.anchor.keys.witnesses[0].public-key-file", witness::toString);
		// a second witness: the witness program, with the SM2 key it generates in its
		// state folder
		WitnessState.open(keys.resolve("member")).key(SignatureAlgorithm.SM2, new SecureRandom());
		registry.add("veritrace.anchor.keys.witnesses[1].name", () -> "SM Member");
		registry.add("veritrace.anchor.keys.witnesses[1].public-key-file",
				() -> keys.resolve("member").resolve("witness.pub.pem").toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void smLogProofsHeadsAndWitnessVerifyInJavaAndOnThePhone() throws Exception {
		// a brand, a product, lot B1, an activated code and two events captured on it
		String org = organisation("SM Tea", "BRAND");
		String key = apiKey(org, "read", "products:write", "events:write", "codes:issue");
		String gtin = ApiClient.randomGtin();
		send("POST", "/api/v1/products", key, "{\"gtin\":\"" + gtin + "\",\"name\":\"Longjing 250 g\"}", 201);
		send("POST", "/api/v1/products/" + gtin + "/lots", key, "{\"lotNumber\":\"B1\"}", 201);
		String serial = IssuedCodes
			.issue(this.issuance, this.registry, this.jdbc, Long.parseLong(org), gtin, "B1", 2, 2)
			.get(0);
		String epc = "https://id.gs1.org/01/" + gtin + "/21/" + serial;
		send("POST", "/api/v1/epcis/capture", key,
				"{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
						+ "\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-05-01T00:00:00Z\",\"epcisBody\":{\"eventList\":["
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-01T09:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"ADD\",\"bizStep\":\"commissioning\"},"
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-03T15:30:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}]}}",
				202);
		List<String> hashes = awaitAnchored(gtin, serial, key);
		assertThat(hashes).hasSize(2)
			.as("event hashes stay GS1 CBV 2.0 SHA-256")
			.allSatisfy((h) -> assertThat(h).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0"));

		// the proof: an SM3 log, verified by the Java verifier
		String hex = digest(hashes.get(0));
		JsonNode proof = send("GET", "/api/v1/proofs/" + hex, null, null, 200);
		assertThat(proof.get("hashAlgorithm").asString()).isEqualTo("SM3");
		assertThat(proof.get("eventHash").asString()).isEqualTo(hashes.get(0));
		assertThat(ProofDocuments.verify(proof).valid()).as(proof.toPrettyString()).isTrue();
		JsonNode sth = proof.get("signedTreeHead");
		assertThat(sth.get("signatureAlgorithm").asString()).isEqualTo("SM2");

		// the head's SM2 signature, under the key the log publishes, which is the one
		// generated into the key folder
		JsonNode log = send("GET", "/.well-known/veritrace-log", null, null, 200);
		assertThat(log.get("hashAlgorithm").asString()).isEqualTo("SM3");
		JsonNode published = log.get("keys").get(0);
		assertThat(published.get("signatureAlgorithm").asString()).isEqualTo("SM2");
		TreeHeadSigner generated = SigningKeys
			.signer(Files.readString(keys.resolve("generated").resolve("tree-head-signing.pem")), new SecureRandom());
		assertThat(generated.algorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThat(published.get("publicKey").asString()).isEqualTo(HexFormat.of().formatHex(generated.publicKey()));
		TreeHead head = TreeHead.fromSignedBytes(HexFormat.of().parseHex(sth.get("signedBytes").asString()));
		SignedTreeHead signed = new SignedTreeHead(head, SignatureAlgorithm.SM2,
				HexFormat.of().parseHex(sth.get("publicKey").asString()),
				HexFormat.of().parseHex(sth.get("signature").asString()));
		assertThatCode(
				() -> TreeHeadSigner.verify(signed, HexFormat.of().parseHex(published.get("publicKey").asString())))
			.doesNotThrowAnyException();
		assertThat(log.get("witnesses").get(0).get("signatureAlgorithm").asString()).isEqualTo("SM2");

		// the SM2 witness cosigns that head: accepted once, then recognised
		Cosignature cosignature = Cosignature.sign(WITNESS, head, System.currentTimeMillis());
		String body = "{\"signatureAlgorithm\":\"SM2\",\"publicKey\":\"" + HexFormat.of().formatHex(WITNESS.publicKey())
				+ "\",\"timestamp\":\"" + Instant.ofEpochMilli(cosignature.timeMs()) + "\",\"signature\":\""
				+ HexFormat.of().formatHex(cosignature.signature()) + "\"}";
		String cosignatures = "/api/v1/log/tree-heads/" + head.treeSize() + "/cosignatures";
		send("POST", cosignatures, null, body, 201);
		send("POST", cosignatures, null, body, 200);
		// a changed signature is refused with problem details
		byte[] forged = cosignature.signature();
		forged[10] ^= 1;
		send("POST", cosignatures, null,
				body.replace(HexFormat.of().formatHex(cosignature.signature()), HexFormat.of().formatHex(forged)), 400);

		// the phone: Chromium checks the SM3 path, the SM2 head and the SM2 cosignature
		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			ChromeDriver driver = browser.driver();
			driver.manage().window().setSize(new Dimension(360, 1400));
			browser.open("/01/" + gtin + "/10/B1/21/" + serial + "?lang=en");
			awaitChecked(browser);
			// the proofs are folded into "How we know"
			driver.findElement(By.cssSelector("#how > summary")).click();
			List<WebElement> proofs = driver.findElements(By.cssSelector("#proofs li"));
			assertThat(proofs).hasSize(2)
				.allSatisfy((p) -> assertThat(p.getDomAttribute("data-result")).isEqualTo("VALID"))
				.allSatisfy((p) -> assertThat(p.getDomAttribute("data-witnesses")).isEqualTo("1"));
			assertThat(proofs.get(0).getText()).contains("Verified on this phone")
				.contains("confirmed by an independent witness: SM Regulator");
			// the proofs, the first with its technical details open, in the screenshot
			proofs.get(0).findElement(By.cssSelector("summary")).click();
			assertThat(proofs.get(0).findElement(By.cssSelector(".proof-head")).getText())
				.contains("Tree size " + head.treeSize());
			driver.executeScript("document.getElementById('proofs').scrollIntoView()");
			Path shots = Path.of("target", "screenshots");
			Files.createDirectories(shots);
			Files.write(shots.resolve("scan-sm-profile.png"), driver.getScreenshotAs(OutputType.BYTES));

			// the head's SM2 signature altered in the database: the phone refuses it
			byte[] signature = this.jdbc.queryForObject("SELECT signature FROM anchor_tree_head WHERE tree_size = ?",
					byte[].class, head.treeSize());
			byte[] altered = signature.clone();
			altered[40] ^= 1;
			this.jdbc.update("UPDATE anchor_tree_head SET signature = ? WHERE tree_size = ?", altered, head.treeSize());
			try {
				browser.open("/01/" + gtin + "/10/B1/21/" + serial + "?lang=en");
				awaitChecked(browser);
				assertThat(driver.findElements(By.cssSelector("#proofs li")))
					.allSatisfy((p) -> assertThat(p.getDomAttribute("data-result")).isEqualTo("INVALID:BAD_SIGNATURE"));
			}
			finally {
				this.jdbc.update("UPDATE anchor_tree_head SET signature = ? WHERE tree_size = ?", signature,
						head.treeSize());
			}
		}

		// the witness program follows the SM3 log: it checks the SM2 heads and the SM3
		// consistency proofs, and cosigns each head with its SM2 key
		java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
		java.io.PrintStream print = new java.io.PrintStream(output, true, StandardCharsets.UTF_8);
		int exit = WitnessMain.run(new String[] { "--log", "http://127.0.0.1:" + this.port, "--state",
				keys.resolve("member").toString(), "--name", "SM Member", "--once" }, java.util.Map.of(), print, print);
		assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
		String memberKey = HexFormat.of()
			.formatHex(SigningKeys
				.signer(Files.readString(keys.resolve("member").resolve("witness.pem")), new SecureRandom())
				.publicKey());
		JsonNode cosigned = send("GET", "/api/v1/log/tree-heads/" + head.treeSize(), null, null, 200);
		assertThat(cosigned.get("cosignatures").valueStream().map((c) -> c.get("publicKey").asString()))
			.as(cosigned.toPrettyString())
			.contains(memberKey, HexFormat.of().formatHex(WITNESS.publicKey()));
		assertThat(cosigned.get("cosignatures").valueStream())
			.allSatisfy((c) -> assertThat(c.get("signatureAlgorithm").asString()).isEqualTo("SM2"));
	}

	@Test
	void labReportDocumentsAreDigestedWithSm3() throws Exception {
		String brand = organisation("SM Brand", "BRAND");
		String brandKey = apiKey(brand, "read", "products:write", "grants:manage");
		String lab = organisation("SM Lab", "LAB");
		String labKey = apiKey(lab, "read", "reports:write");
		String gtin = ApiClient.randomGtin();
		send("POST", "/api/v1/products", brandKey, "{\"gtin\":\"" + gtin + "\",\"name\":\"Tea\"}", 201);
		send("POST", "/api/v1/products/" + gtin + "/lots", brandKey, "{\"lotNumber\":\"B1\"}", 201);
		send("POST", "/api/v1/grants", brandKey,
				"{\"granteeOrganisationId\":" + lab + ",\"right\":\"REPORTS\",\"gtin\":\"" + gtin + "\"}", 201);
		String metadata = """
				{"reportNumber":"SM-1","gtin":"%s","lotNumber":"B1","sample":{"description":"3 tins","quantity":"3"},
				 "tests":[{"name":"Lead (Pb)","result":"0.21","unit":"mg/kg","limit":"<= 5.0","outcome":"PASS","key":true}],
				 "verdict":"PASS","issuedOn":"2026-11-20","signer":{"name":"Dr. Wang Li"}}
				"""
			.formatted(gtin);
		byte[] pdf = ("%PDF-1.4\n% " + java.util.UUID.randomUUID() + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
		String boundary = "vt" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + metadata + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"r.pdf\"\r\n"
				+ "Content-Type: application/pdf\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(pdf);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> uploaded = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/inspection-reports"))
				.header("Authorization", "Bearer " + labKey)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		org.bouncycastle.crypto.digests.SM3Digest sm3 = new org.bouncycastle.crypto.digests.SM3Digest();
		sm3.update(pdf, 0, pdf.length);
		byte[] digest = new byte[32];
		sm3.doFinal(digest, 0);
		assertThat(JSON.readTree(uploaded.body()).get("document").get("hash").asString())
			.isEqualTo("ni:///sm3;" + HexFormat.of().formatHex(digest));
	}

	/**
	 * Waits for scan.js to have checked every proof; if it does not, fails with what the
	 * page's verifier says of the first proof.
	 */
	private static void awaitChecked(PortalBrowser browser) {
		try {
			browser.waiting(30)
				.until((d) -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			Object diagnosis = browser.driver().executeAsyncScript("""
					const done = arguments[arguments.length - 1];
					const li = document.querySelector('#proofs li');
					if (!li) { done('no proof on the page: ' + document.body.innerText.slice(0, 1500)); return; }
					const url = li.dataset.proofUrl;
					import('/h5/js/proof-verify.js').then(async (m) => {
					  const proof = await (await fetch(url)).json();
					  done(JSON.stringify(await m.verifyInclusion(proof)));
					}).catch((e) => done('error: ' + e));
					""");
			throw new AssertionError("the scan page did not finish checking its proofs: " + diagnosis, ex);
		}
	}

	private List<String> awaitAnchored(String gtin, String serial, String key) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		JsonNode timeline = send("GET", "/api/v1/timelines/items/" + gtin + "/" + serial, key, null, 200);
		while (timeline.get("events").size() < 2) {
			assertThat(System.nanoTime()).as("events not stored in time").isLessThan(deadline);
			Thread.sleep(100);
			timeline = send("GET", "/api/v1/timelines/items/" + gtin + "/" + serial, key, null, 200);
		}
		List<String> hashes = timeline.get("events").valueStream().map((e) -> e.get("eventHash").asString()).toList();
		for (String hash : hashes) {
			while (!"ANCHORED"
				.equals(send("GET", "/api/v1/proofs/" + digest(hash), null, null, 200).get("status").asString())) {
				assertThat(System.nanoTime()).as("event not anchored in time").isLessThan(deadline);
				Thread.sleep(200);
			}
		}
		return hashes;
	}

	private static String digest(String hashId) {
		return hashId.substring(hashId.indexOf(';') + 1, hashId.indexOf('?'));
	}

	private JsonNode send(String method, String path, String key, String body, int expected) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
		return JSON.readTree(response.body());
	}

	/** A new organisation of this kind (its name made unique); its id. */
	private String organisation(String name, String kind) throws Exception {
		return send("POST", "/api/v1/organisations", MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"" + name + " " + System.nanoTime() + "\",\"kind\":\"" + kind + "\"}", 201)
			.get("id")
			.asString();
	}

	/** A new API key of the organisation with these scopes. */
	private String apiKey(String organisation, String... scopes) throws Exception {
		return send("POST", "/api/v1/organisations/" + organisation + "/api-keys", MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"k\",\"scopes\":[\"" + String.join("\",\"", scopes) + "\"]}", 201)
			.get("key")
			.asString();
	}

}
