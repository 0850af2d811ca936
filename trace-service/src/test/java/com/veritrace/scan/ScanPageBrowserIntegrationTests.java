package com.veritrace.scan;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.anchor.Cosignature;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHead;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.MariaDbInitializer;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan page in Debian's headless Chromium against the real server (MariaDB, Redis):
 * the verdict, the journey, the in-browser proof check, the repeat scan, a tampered proof
 * failing, and the consumer adding their approximate area (a faked geolocation) to the
 * scan. Screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
				"veritrace.demo.enabled=false", "veritrace.scan.counters=redis", "veritrace.scan.page-cache=redis",
				"veritrace.scan.counter-retention=PT1H", "veritrace.anchor.batch.max-delay=200ms",
				"veritrace.scan.place-header-edges=127.0.0.1,::1", "veritrace.epcis.subscriptions.enabled=false" })
@ActiveProfiles("mariadb")
@ContextConfiguration(initializers = MariaDbInitializer.class)
class ScanPageBrowserIntegrationTests {

	/**
	 * A witness of the log, configured by its public key (its private key stays here).
	 */
	static final TreeHeadSigner WITNESS = TreeHeadSigner.generate(new java.security.SecureRandom());

	@DynamicPropertySource
	static void witness(DynamicPropertyRegistry registry) throws Exception {
		Path key = Files.createTempFile("witness", ".pub.pem");
		Files.writeString(key, SigningKeys.publicPem(WITNESS.algorithm(), WITNESS.publicKey()));
		registry.add("veritrace.anchor.keys.witnesses[0].name", () -> "Test Market Regulator");
		registry.add("veritrace.anchor.keys.witnesses[0].public-key-file", key::toString);
	}

	static ChromeDriver browser;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	ScanLogWriter scanLog;

	@Autowired
	com.veritrace.catalog.CatalogService catalog;

	@Autowired
	com.veritrace.VeritraceProperties properties;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startChromium() throws Exception {
		System.setProperty("SE_OFFLINE", "true");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--window-size=360,1600", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopChromium() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void consumerSeesTheVerdictTheJourneyAndAProofVerifiedOnThePhone() throws Exception {
		// a brand with a product, a lot, two activated codes and two captured events
		Issued code = issueActivatedCode();
		String key = code.key();
		String gtin = code.gtin();
		String serial = code.serial();
		String epc = "https://id.gs1.org/01/" + gtin + "/21/" + serial;
		post("/api/v1/epcis/capture", key,
				"{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
						+ "\"creationDate\":\"2026-05-01T00:00:00Z\",\"epcisBody\":{\"eventList\":["
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-01T09:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"ADD\",\"bizStep\":\"commissioning\"},"
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-05-03T15:30:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}]}}");
		List<String> hashes = awaitAnchored(gtin, serial, key);
		assertThat(hashes).hasSize(2);

		String page = "http://localhost:" + this.port + "/01/" + gtin + "/10/B1/21/" + serial + "?lang=en";
		browser.get(page);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
		assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Genuine");
		List<WebElement> steps = browser.findElements(By.cssSelector("#journey li"));
		assertThat(steps).extracting(s -> s.getDomAttribute("data-step")).containsExactly("commissioning", "shipping");
		// the journey as a story: the day (where it happened), then what happened, and
		// who did it
		assertThat(steps.get(1).getText()).contains("3 May 2026").contains("Shipped by Browser Tea");
		// the proofs are folded into "How we know", whose line says the outcome in a word
		assertThat(browser.findElement(By.id("how-status")).getText())
			.isEqualTo("Checked on this phone: all 2 records are as they were written");
		assertThat(browser.findElement(By.id("proofs")).isDisplayed()).isFalse();
		browser.findElement(By.cssSelector("#how > summary")).click();
		List<WebElement> proofs = browser.findElements(By.cssSelector("#proofs li"));
		assertThat(proofs).hasSize(2).allSatisfy(p -> assertThat(p.getDomAttribute("data-result")).isEqualTo("VALID"));
		// the log's signature checked against its published key; no witness has
		// cosigned yet
		assertThat(proofs.get(0).getText())
			.contains("Verified on this phone: the event is in the log, whose signature checks out")
			.contains("no independent witness has confirmed it yet");
		assertThat(proofs.get(0).getDomAttribute("data-witnesses")).isEqualTo("0");
		assertThat(browser.findElement(By.id("proof-alert")).isDisplayed()).isFalse();
		assertThat(com.veritrace.support.PortalBrowser.accessibilityViolations(browser)).as("axe-core on the scan page")
			.isEmpty();

		// the witness cosigns the tree head the proofs use: the page now names it
		String hex = hashes.get(0).substring(hashes.get(0).indexOf(';') + 1, hashes.get(0).indexOf('?'));
		JsonNode proof = get("/api/v1/proofs/" + hex, null);
		long size = proof.get("treeSize").asLong();
		TreeHead head = TreeHead.fromSignedBytes(
				java.util.HexFormat.of().parseHex(proof.get("signedTreeHead").get("signedBytes").asString()));
		Cosignature cosignature = Cosignature.sign(WITNESS, head, System.currentTimeMillis());
		String body = "{\"signatureAlgorithm\":\"ED25519\",\"publicKey\":\""
				+ java.util.HexFormat.of().formatHex(WITNESS.publicKey()) + "\",\"timestamp\":\""
				+ java.time.Instant.ofEpochMilli(cosignature.timeMs()) + "\",\"signature\":\""
				+ java.util.HexFormat.of().formatHex(cosignature.signature()) + "\"}";
		HttpResponse<String> cosigned = this.http.send(HttpRequest
			.newBuilder(
					URI.create("http://localhost:" + this.port + "/api/v1/log/tree-heads/" + size + "/cosignatures"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(cosigned.statusCode()).as(cosigned.body()).isEqualTo(201);
		browser.get(page);
		wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
		browser.findElement(By.cssSelector("#how > summary")).click();
		proofs = browser.findElements(By.cssSelector("#proofs li"));
		assertThat(proofs).allSatisfy(p -> assertThat(p.getDomAttribute("data-witnesses")).isEqualTo("1"));
		assertThat(proofs.get(0).getText()).contains("confirmed by an independent witness: Test Market Regulator");
		// the technical detail is folded away until asked for
		assertThat(proofs.get(0).findElement(By.cssSelector(".proof-head")).isDisplayed()).isFalse();
		proofs.get(0).findElement(By.cssSelector("summary")).click();
		assertThat(proofs.get(0).findElement(By.cssSelector(".proof-head")).getText()).contains("Tree size " + size);
		screenshot("scan-genuine.png");

		// the head's signature altered in the database (as by someone without the key):
		// the phone refuses it, whatever the page's verdict says
		byte[] signature = this.jdbc.queryForObject("SELECT signature FROM anchor_tree_head WHERE tree_size = ?",
				byte[].class, size);
		byte[] forged = signature.clone();
		forged[5] ^= 1;
		this.jdbc.update("UPDATE anchor_tree_head SET signature = ? WHERE tree_size = ?", forged, size);
		try {
			browser.get(page);
			wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
			proofs = browser.findElements(By.cssSelector("#proofs li"));
			assertThat(proofs)
				.allSatisfy(p -> assertThat(p.getDomAttribute("data-result")).isEqualTo("INVALID:BAD_SIGNATURE"));
			// a failed check unfolds "How we know" by itself
			assertThat(browser.findElement(By.id("how")).getDomProperty("open")).isEqualTo("true");
			assertThat(browser.findElement(By.id("how-status")).getText())
				.isEqualTo("A record FAILED its check: see below");
			assertThat(proofs.get(0).getText())
				.contains("Check FAILED: the log's signature does not match. Do not rely on this record");
			// and at the top of the page, whatever the verdict says
			assertThat(browser.findElement(By.id("proof-alert")).getText())
				.startsWith("The records on this page failed their check");
			screenshot("scan-forged-tree-head.png");
		}
		finally {
			this.jdbc.update("UPDATE anchor_tree_head SET signature = ? WHERE tree_size = ?", signature, size);
		}

		browser.get(page);
		wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
		assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Genuine, scanned before");
		// the fourth view of the page (with the witness's, and the forged head's)
		assertThat(browser.findElement(By.cssSelector("#verdict p")).getText()).contains("scanned 4 times");

		// the same verifier, given a proof with one bit of its audit path flipped,
		// refuses it
		Object tampered = browser.executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						const url = document.querySelector('#proofs li').dataset.proofUrl;
						import('/h5/js/proof-verify.js').then(async m => {
						  const proof = await (await fetch(url)).json();
						  const p = proof.auditPath.length ? proof.auditPath : null;
						  if (p) { p[0] = (p[0][0] === '0' ? '1' : '0') + p[0].slice(1); } else { proof.rootHash = '00' + proof.rootHash.slice(2); }
						  const r = await m.verifyInclusion(proof);
						  done(r.valid + ':' + r.reason);
						});
						""");
		assertThat(tampered).isEqualTo("false:ROOT_MISMATCH");

		browser.get(page.replace("lang=en", "lang=zh-CN"));
		wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked")));
		assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
		screenshot("scan-repeat-zh.png");
		// readable at 360 px: nothing wider than the viewport
		Long overflow = (Long) browser
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(overflow).isLessThanOrEqualTo(0L);
	}

	@Test
	void consumerAddsTheirApproximateAreaAndTheVerdictBoxUpdates() throws Exception {
		Issued code = issueActivatedCode();
		String page = "http://localhost:" + this.port + "/01/" + code.gtin() + "/10/B1/21/" + code.serial()
				+ "?lang=en";
		// three phones elsewhere, placed by the edge's region header, whose pages
		// confirmed
		// their scans (as seen.js does, with their own device cookies)
		String[] regions = { "Hangzhou", "Beijing", "Chengdu" };
		for (int i = 0; i < regions.length; i++) {
			String cookie = "vt_device=" + "elsewhere-phone-" + i + "-xxxxxxxx".substring(0, 5);
			HttpResponse<String> scan = this.http.send(HttpRequest.newBuilder(URI.create(page))
				.header("X-Client-Region", regions[i])
				.header("Accept", "application/json")
				.header("Cookie", cookie)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(scan.statusCode()).isEqualTo(200);
			String token = com.jayway.jsonpath.JsonPath.read(scan.body(), "$.placeToken");
			HttpResponse<String> seen = this.http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/h5/scans/seen"))
					.header("Content-Type", "application/json")
					.header("Cookie", cookie)
					.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(seen.statusCode()).isEqualTo(200);
		}
		// the phone is in Shanghai, precisely; it shares its location when asked
		browser.executeCdpCommand("Browser.grantPermissions",
				Map.of("origin", "http://localhost:" + this.port, "permissions", List.of("geolocation")));
		browser.executeCdpCommand("Emulation.setGeolocationOverride",
				Map.of("latitude", 31.23456, "longitude", 121.47370, "accuracy", 5));
		try {
			browser.get(page);
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
			WebElement button = wait.until(d -> {
				// shown from the start, enabled once place.js finds geolocation
				WebElement b = d.findElement(By.id("place-button"));
				return b.isDisplayed() && b.isEnabled() ? b : null;
			});
			assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText())
				.isEqualTo("Genuine, scanned before");
			assertThat(button.getText()).isEqualTo("Add my approximate area");
			button.click();
			wait.until(d -> d.findElement(By.id("place")).getDomAttribute("data-result") != null
					&& !"LOCATING".equals(d.findElement(By.id("place")).getDomAttribute("data-result")));
			assertThat(browser.findElement(By.id("place")).getDomAttribute("data-result")).isEqualTo("ADDED");
			assertThat(browser.findElement(By.id("place-status")).getText())
				.isEqualTo("Added to this scan: the area around 31.2, 121.5.");
			assertThat(button.isDisplayed()).isFalse();
			// the fourth distinct place: the verdict box turns suspicious without a
			// reload (which would scan again)
			assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Suspicious");
			assertThat(browser.findElement(By.id("verdict")).getDomAttribute("class")).contains("v-SUSPICIOUS");
			assertThat(browser.findElement(By.cssSelector("#verdict p")).getText()).contains("4 different places");
			screenshot("scan-place-added.png");
		}
		finally {
			browser.executeCdpCommand("Emulation.clearGeolocationOverride", Map.of());
		}
		// only the rounded cell left the phone: that is what the scan's log row holds
		this.scanLog.flush();
		assertThat(this.jdbc.queryForList("SELECT place FROM scan_log WHERE gtin = ? ORDER BY id", String.class,
				code.gtin()))
			.containsExactly("Hangzhou", "Beijing", "Chengdu", "31.2,121.5");
		// the page's rounding, at the edges: negative coordinates, halves, and no
		// negative zero
		Object cells = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import('/h5/js/place.js').then(m => done([m.cellOf(-33.8688, 151.2093), m.cellOf(-0.04, 0.04),
				  m.cellOf(51.25, -0.15), m.cellOf(89.99, -179.99)].join(' ')));
				""");
		assertThat(cells).isEqualTo("-33.9,151.2 0.0,0.0 51.3,-0.1 90.0,-180.0");
	}

	@Test
	void aForgedCodeGetsTheUnknownVerdictPage() throws Exception {
		String gtin = com.veritrace.support.ApiClient.randomGtin();
		browser.get("http://localhost:" + this.port + "/01/" + gtin + "/21/ABCDEFGHJKMNPQRS?lang=en");
		assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Unknown code");
		screenshot("scan-unknown.png");
	}

	/**
	 * What a shopper sees first on a small phone (360 by 640 CSS pixels), in English and
	 * Chinese, for a genuine item with a picture and a story, a recalled one and an
	 * unknown code: the verdict and the product with its picture above the fold, nothing
	 * moving once shown (cumulative layout shift, as Chromium reports it), the head that
	 * a shared link shows (description, Open Graph) and icons that exist. Screenshots:
	 * scan-360-{genuine,recalled,unknown}-{en,zh}.png (the first screen) and
	 * scan-360-genuine-{en,zh}-full.png.
	 */
	@Test
	void thePageAtPhoneWidthShowsVerdictAndProductFirstAndDoesNotMove() throws Exception {
		Issued genuine = issueActivatedCode();
		picture(genuine);
		String epc = "https://id.gs1.org/01/" + genuine.gtin() + "/21/" + genuine.serial();
		String farm = "\"bizLocation\":{\"id\":\"https://id.gs1.org/414/6901234000016\"}";
		String store = "\"bizLocation\":{\"id\":\"https://id.gs1.org/414/6901234000023\"}";
		post("/api/v1/epcis/capture", genuine.key(),
				"{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\","
						+ "\"creationDate\":\"2026-05-01T00:00:00Z\",\"epcisBody\":{\"eventList\":["
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-04-12T09:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"ADD\",\"bizStep\":\"commissioning\"," + farm
						+ "},"
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-04-20T15:30:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"," + farm + "},"
						+ "{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-04-23T10:00:00.000+08:00\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + epc + "\"],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\"," + store
						+ "}]}}");
		awaitAnchored(genuine.gtin(), genuine.serial(), genuine.key(), 3);
		Issued recalled = issueActivatedCode();
		post("/api/v1/recalls", recalled.key(),
				"""
						{"gtin":"%s","lots":["B1"],"recallClass":"II","reasonCode":"CONTAMINATION_CHEMICAL",
						 "reason":"Pesticide residue above the limit",
						 "consumerInstructions":{"en":"Do not drink it. Take it back to the shop for a refund.","zh-CN":"请勿饮用，可退回购买处退款。"},
						 "partnerInstructions":{"en":"Hold all stock.","zh-CN":"封存全部库存。"}}
						"""
					.formatted(recalled.gtin()));
		// the recall reaches the scan page within a second or so (the recall index)
		String recalledPath = "/01/" + recalled.gtin() + "/10/B1/21/" + recalled.serial();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + recalledPath))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString())
			.body()
			.contains("\"verdict\":\"RECALLED\"")) {
			assertThat(System.nanoTime()).as("recall not on the scan page in time").isLessThan(deadline);
			Thread.sleep(200);
		}
		String unknown = "/01/" + com.veritrace.support.ApiClient.randomGtin() + "/21/ABCDEFGHJKMNPQRS";

		// what a shared link shows: the product, its picture, the page's address
		String base = this.properties.publicBaseUrl();
		String path = "/01/" + genuine.gtin() + "/10/B1/21/" + genuine.serial();
		HttpResponse<String> html = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path + "?lang=en")).build(),
				HttpResponse.BodyHandlers.ofString());
		String image = this.jdbc.queryForObject("SELECT image_version FROM product WHERE gtin = ?", Long.class,
				genuine.gtin()) + "";
		assertThat(html.body())
			.contains("<meta name=\"description\" content=\"Check that your Longjing 250 g from Browser Tea")
			.contains("<meta property=\"og:title\" content=\"Longjing 250 g\">")
			.contains("<meta property=\"og:image\" content=\"" + base + "/h5/products/" + genuine.gtin()
					+ "/image.jpg?v=" + image + "\">")
			.contains("<meta property=\"og:url\" content=\"" + base + path + "\">")
			.contains("<link rel=\"icon\" href=\"/favicon.ico\"")
			.doesNotContain("noindex");
		// the icons are there (no 404 in the console), the favicon as an icon
		for (String icon : List.of("/favicon.ico", "/h5/icons/veritrace.svg", "/h5/icons/apple-touch-icon.png",
				"/h5/icons/icon-512.png")) {
			HttpResponse<byte[]> got = this.http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + icon)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(got.statusCode()).as(icon).isEqualTo(200);
			assertThat(got.body().length).as(icon).isGreaterThan(100);
		}
		assertThat(this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/favicon.ico")).build(),
					HttpResponse.BodyHandlers.discarding())
			.headers()
			.firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("icon"));
		// an unknown code's page is not for search engines
		assertThat(this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + unknown)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body()).contains("<meta name=\"robots\" content=\"noindex\">");

		phone(640);
		try {
			for (String lang : List.of("en", "zh")) {
				String query = "?lang=" + ("en".equals(lang) ? "en" : "zh-CN");
				Map<String, String> shown = firstScreen(path + query, "scan-360-genuine-" + lang + ".png", true);
				// scanned before: the head was read above, and the English page before
				// the Chinese one
				assertThat(shown.get("verdict")).isEqualTo("en".equals(lang) ? "Genuine, scanned before" : "正品（已被扫描过）");
				// the journey in plain words: days and places, no hashes
				String story = browser.findElement(By.id("journey")).getText();
				assertThat(story).contains("en".equals(lang) ? "12 April 2026" : "2026年4月12日")
					.contains("GLN 6901234000016")
					.contains("GLN 6901234000023")
					.doesNotContain("ni:///")
					.doesNotContain("UTC");
				fullPage("scan-360-genuine-" + lang + "-full.png");

				shown = firstScreen(recalledPath + query, "scan-360-recalled-" + lang + ".png", true);
				assertThat(shown.get("verdict")).isEqualTo("en".equals(lang) ? "Recalled" : "已召回");
				assertThat(browser.findElement(By.cssSelector(".recall-instructions")).getText())
					.isEqualTo("en".equals(lang) ? "Do not drink it. Take it back to the shop for a refund."
							: "请勿饮用，可退回购买处退款。");

				shown = firstScreen(unknown + query, "scan-360-unknown-" + lang + ".png", false);
				assertThat(shown.get("verdict")).isEqualTo("en".equals(lang) ? "Unknown code" : "未知码");
			}
		}
		finally {
			browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
		}
	}

	/** A phone's screen, 360 CSS pixels wide and {@code height} high. */
	private void phone(long height) {
		browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", 360, "height", height, "deviceScaleFactor", 1, "mobile", true));
	}

	/**
	 * Opens a page at 360 by 640, waits for its scripts, saves the first screen and
	 * checks what is on it: the verdict (and the product's picture and name, with
	 * {@code product}) within the first 640 pixels, the layout shift below 0.1 (none
	 * expected), nothing wider than the screen, no axe-core violation.
	 */
	private Map<String, String> firstScreen(String path, String screenshot, boolean product) throws Exception {
		browser.get("http://localhost:" + this.port + path);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		if (product) {
			wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-proofs-checked"))
					|| d.findElements(By.id("how")).isEmpty());
		}
		// what Chromium counts as layout shift since the page started (buffered), after
		// the scripts had their time
		Object shift = browser.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				let total = 0;
				new PerformanceObserver((list) => {
				  for (const e of list.getEntries()) { if (!e.hadRecentInput) { total += e.value; } }
				}).observe({ type: 'layout-shift', buffered: true });
				setTimeout(() => done(String(total)), 700);
				""");
		assertThat(Double.parseDouble((String) shift)).as("cumulative layout shift of " + path).isLessThan(0.1);
		screenshot(screenshot);
		long fold = 640;
		assertThat((Long) browser.executeScript("return window.innerHeight;")).isEqualTo(fold);
		assertThat(bottom("#verdict")).as("verdict above the fold").isLessThanOrEqualTo(fold);
		if (product) {
			assertThat(bottom(".product-image")).as("the product's picture above the fold").isLessThanOrEqualTo(fold);
			assertThat(bottom("#product-title")).as("the product's name above the fold").isLessThanOrEqualTo(fold);
		}
		Long overflow = (Long) browser
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(overflow).as("wider than the screen").isLessThanOrEqualTo(0L);
		assertThat(com.veritrace.support.PortalBrowser.accessibilityViolations(browser)).as("axe-core on " + path)
			.isEmpty();
		return Map.of("verdict", browser.findElement(By.cssSelector("#verdict h1")).getText());
	}

	private long bottom(String selector) {
		Number bottom = (Number) browser.executeScript(
				"return Math.ceil(document.querySelector(arguments[0]).getBoundingClientRect().bottom);", selector);
		return bottom.longValue();
	}

	/** The whole page at 360 pixels wide (the screen made as tall as the page). */
	private void fullPage(String name) throws Exception {
		phone((Long) browser.executeScript("return document.documentElement.scrollHeight;"));
		try {
			screenshot(name);
		}
		finally {
			phone(640);
		}
	}

	/** A product picture (a 640 by 480 PNG: a tea-green field with a lighter leaf). */
	private void picture(Issued code) throws Exception {
		java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(640, 480,
				java.awt.image.BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = image.createGraphics();
		g.setColor(new java.awt.Color(0x4d7c2a));
		g.fillRect(0, 0, 640, 480);
		g.setColor(new java.awt.Color(0xb5d98a));
		g.fillOval(180, 90, 280, 300);
		g.dispose();
		java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(image, "png", png);
		long brand = this.jdbc.queryForObject("SELECT brand_id FROM product WHERE gtin = ?", Long.class, code.gtin());
		this.catalog.setImage(
				new com.veritrace.tenancy.Caller(brand, "brand", com.veritrace.tenancy.OrganisationKind.BRAND, 0,
						java.util.EnumSet.of(com.veritrace.tenancy.Scope.PRODUCTS_WRITE)),
				code.gtin(), png.toByteArray());
	}

	record Issued(String key, String gtin, String serial) {
	}

	/** A brand with a product, lot B1 and two activated codes; the first code. */
	private Issued issueActivatedCode() throws Exception {
		String org = post("/api/v1/organisations", MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"Browser Tea " + System.nanoTime() + "\",\"kind\":\"BRAND\"}")
			.get("id")
			.asString();
		String key = post("/api/v1/organisations/" + org + "/api-keys", MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"k\",\"scopes\":[\"read\",\"products:write\",\"events:write\",\"codes:issue\",\"recalls:write\"]}")
			.get("key")
			.asString();
		String gtin = com.veritrace.support.ApiClient.randomGtin();
		post("/api/v1/products", key, "{\"gtin\":\"" + gtin + "\",\"name\":\"Longjing 250 g\"}");
		post("/api/v1/products/" + gtin + "/lots", key, "{\"lotNumber\":\"B1\"}");
		String serial = IssuedCodes
			.issue(this.issuance, this.registry, this.jdbc, Long.parseLong(org), gtin, "B1", 2, 2)
			.get(0);
		return new Issued(key, gtin, serial);
	}

	private List<String> awaitAnchored(String gtin, String serial, String key) throws Exception {
		return awaitAnchored(gtin, serial, key, 2);
	}

	private List<String> awaitAnchored(String gtin, String serial, String key, int events) throws Exception {
		JsonNode timeline = get("/api/v1/timelines/items/" + gtin + "/" + serial, key);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (timeline.get("events").size() < events && System.nanoTime() < deadline) {
			Thread.sleep(100);
			timeline = get("/api/v1/timelines/items/" + gtin + "/" + serial, key);
		}
		List<String> hashes = timeline.get("events").valueStream().map(e -> e.get("eventHash").asString()).toList();
		for (String hash : hashes) {
			String hex = hash.substring(hash.indexOf(';') + 1, hash.indexOf('?'));
			while (!"ANCHORED".equals(get("/api/v1/proofs/" + hex, null).get("status").asString())) {
				assertThat(System.nanoTime()).as("event not anchored in time").isLessThan(deadline);
				Thread.sleep(200);
			}
		}
		return hashes;
	}

	private void screenshot(String name) throws Exception {
		Path dir = Path.of("target", "screenshots");
		Files.createDirectories(dir);
		Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	private JsonNode post(String path, String key, String body) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Authorization", "Bearer " + key)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
		return JSON.readTree(response.body());
	}

	private JsonNode get(String path, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(response.body());
	}

}
