package com.veritrace.coldchain;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Cold chain in headless Chromium: a brand's owner gives a product its storage condition
 * in the portal (a reversed range refused next to the field, then 2–8 °C), a GS1 sensor
 * document is captured with a reading outside it, and the consumer's scan page shows the
 * excursion notice and the highlighted step, in English and Chinese, checked with
 * axe-core. Screenshots in target/screenshots/portal/ (coldchain-*).
 */
@PortalBrowserTest
class ColdChainBrowserIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Test
	void theOwnerSetsTheStorageConditionAndTheConsumerSeesTheExcursion() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("Cold Vaccines Co."), "BRAND", "read", "products:write",
				"codes:issue", "events:write");
		String email = "owner-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), email, "Li Wei", Role.OWNER, Portal.PASSWORD);
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"Flu vaccine, 10 doses\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"VA-7\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "VA-7", 2,
				2);

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			WebDriver d = browser.driver();
			browser.login(email, Portal.PASSWORD);
			browser.open("/portal/products/" + gtin + "?lang=en");
			assertThat(d.findElement(By.id("storage")).getText()).isEqualTo("No condition");
			d.findElement(By.id("storageMinCelsius")).sendKeys("8");
			d.findElement(By.id("storageMaxCelsius")).sendKeys("2");
			d.findElement(By.id("storageMaxCelsius")).submit();
			browser.waiting(10).until(w -> !w.findElements(By.id("storageMaxCelsius-error")).isEmpty());
			assertThat(d.findElement(By.id("storageMaxCelsius-error")).getText())
				.isEqualTo("The highest temperature must not be below the lowest.");
			browser.screenshots("coldchain-product-storage-error-en");
			browser.assertAccessible("product page with a storage error (en)");
			d.findElement(By.id("storageMinCelsius")).clear();
			d.findElement(By.id("storageMinCelsius")).sendKeys("2");
			d.findElement(By.id("storageMaxCelsius")).clear();
			d.findElement(By.id("storageMaxCelsius")).sendKeys("8");
			d.findElement(By.id("storageMaxCelsius")).submit();
			browser.waiting(10).until(w -> w.findElement(By.id("storage")).getText().equals("2–8 °C"));
			browser.open("/portal/products/" + gtin + "?lang=zh-CN");
			assertThat(d.findElement(By.id("storage")).getText()).isEqualTo("2–8 °C");
			browser.screenshots("coldchain-product-storage-zh");
			browser.assertAccessible("product page with its storage condition (zh-CN)");

			// GS1's example 5 (readings 26.0-26.5 °C) on the first item
			JsonNode job = new EpcisCapture(this.mvc).captureAndWait(brand, ColdChainIntegrationTests
				.example5(List.of("https://id.gs1.org/01/" + gtin + "/21/" + serials.get(0)), null));
			assertThat(job.get("status").asString()).isEqualTo("SUCCESS");

			String page = "/01/" + gtin + "/10/VA-7/21/" + serials.get(0);
			browser.open(page + "?lang=en");
			WebElement notice = d.findElement(By.id("coldchain"));
			assertThat(notice.findElement(By.tagName("h2")).getText()).contains("Cold chain warning");
			assertThat(notice.getText()).contains("Stored outside 2–8 °C on 2019-04-02 at GLN 4012345000054: 26.5 °C");
			WebElement step = d.findElement(By.cssSelector("#journey li.outside"));
			assertThat(step.getText()).contains("Temperature 26–26.5 °C").contains("outside the storage range");
			browser.assertAccessible("scan page with an excursion (en)");
			browser.screenshots("coldchain-scan-en");
			phone(d, "coldchain-scan-en-360");

			browser.open(page + "?lang=zh-CN");
			assertThat(d.findElement(By.id("coldchain")).getText()).contains("冷链警示")
				.contains("2019-04-02 在 GLN 4012345000054 储存温度超出 2–8 °C：26.5 °C");
			assertThat(d.findElement(By.cssSelector("#journey li.outside")).getText()).contains("超出储存温度范围");
			browser.assertAccessible("scan page with an excursion (zh-CN)");
			browser.screenshots("coldchain-scan-zh");
			phone(d, "coldchain-scan-zh-360");

			// the other item was not in the event
			browser.open("/01/" + gtin + "/10/VA-7/21/" + serials.get(1) + "?lang=en");
			assertThat(d.findElements(By.id("coldchain"))).isEmpty();
		}
	}

	/** A screenshot at a phone's width (360 px), the whole page tall. */
	private static void phone(WebDriver d, String name) throws Exception {
		d.manage().window().setSize(new Dimension(360, 1400));
		Files.write(PortalBrowser.SHOTS.resolve(name + ".png"),
				((org.openqa.selenium.TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
		d.manage().window().setSize(new Dimension(1280, 900));
	}

}
