package com.veritrace.nfc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbInitializer;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.PortalBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * A chip tapped in Debian's headless Chromium against the real server (MariaDB, Redis):
 * the chip-verified scan page, then the same tap URL opened again (a replay), with
 * axe-core on both. Screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
				"veritrace.demo.enabled=false", "veritrace.scan.counters=redis", "veritrace.scan.page-cache=redis",
				"veritrace.scan.counter-retention=PT1H", "veritrace.epcis.subscriptions.enabled=false" })
@ActiveProfiles("mariadb")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = MariaDbInitializer.class)
class NfcTapBrowserIntegrationTests {

	static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@BeforeAll
	static void startChromium() throws Exception {
		System.setProperty("SE_OFFLINE", "true");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
				"--window-size=360,900", "--user-data-dir=" + Files.createTempDirectory("chromium"));
		browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
					.build(),
				options);
	}

	@AfterAll
	static void stopChromium() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void aTapOpensTheChipVerifiedPageAndTheSameUrlAgainIsAReplay() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("Chip page brand"), "BRAND", "read", "products:write",
				"codes:issue");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"Maotai-style baijiu 500 ml\",\"category\":\"liquor\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(),
				"{\"lotNumber\":\"MT-7\",\"productionDate\":\"2026-03-01\",\"expiryDate\":\"2036-02-28\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "MT-7", 1,
				1);
		String uid = NfcIntegrationTests.randomUid();
		byte[] meta = NfcIntegrationTests.randomKey();
		byte[] file = NfcIntegrationTests.randomKey();
		HexFormat hex = HexFormat.of().withUpperCase();
		api.call(post("/api/v1/nfc/tags"), brand.key(),
				"{\"tags\":[{\"uid\":\"" + uid + "\",\"gtin\":\"" + gtin + "\",\"serial\":\"" + serials.get(0)
						+ "\",\"sdmMetaReadKey\":\"" + hex.formatHex(meta) + "\",\"sdmFileReadKey\":\""
						+ hex.formatHex(file) + "\"}]}",
				201);
		TagSimulator chip = new TagSimulator(uid, meta, file, 60);
		String tapUrl = "http://localhost:" + this.port + "/nfc/default?" + chip.tap().query() + "&lang=en";

		browser.get(tapUrl);
		assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Genuine");
		assertThat(browser.findElement(By.cssSelector("#verdict .chip")).getText()).contains("Chip verified");
		assertThat(browser.findElement(By.id("verdict")).getText()).contains("Chip verified, tap 61");
		assertThat(browser.getPageSource()).contains("Maotai-style baijiu 500 ml");
		assertThat(PortalBrowser.accessibilityViolations(browser)).as("axe-core on the chip-verified page").isEmpty();
		screenshot("nfc-chip-verified.png");

		// the same URL again (a copied link, a cloned tag's message)
		browser.get(tapUrl);
		assertThat(browser.findElement(By.cssSelector("#verdict h1")).getText()).isEqualTo("Suspicious");
		assertThat(browser.findElement(By.cssSelector("#verdict .chip")).getText()).contains("used before");
		assertThat(browser.findElement(By.id("verdict")).getText()).contains("tap 61").contains("tap 61");
		assertThat(PortalBrowser.accessibilityViolations(browser)).as("axe-core on the replayed page").isEmpty();
		screenshot("nfc-replayed.png");
	}

	private static void screenshot(String name) throws Exception {
		Path dir = Path.of("target", "screenshots");
		Files.createDirectories(dir);
		Files.write(dir.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

}
