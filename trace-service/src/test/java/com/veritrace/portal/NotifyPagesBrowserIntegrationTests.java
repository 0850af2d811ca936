package com.veritrace.portal;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The inbox and webhook pages in headless Chromium against the real server (MariaDB): a
 * brand recalls a lot; the warehouse that received its items finds the recall in its
 * inbox (the navigation counts it), reads it and marks it read; its admin adds a webhook
 * endpoint (a receiver on loopback), copies the secret shown once and opens its
 * deliveries log. Screenshots at 1280 and 768 px, in English and Chinese, into
 * target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class NotifyPagesBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	JdbcTemplate jdbc;

	WireMockServer receiver;

	ApiClient.Tenant warehouse;

	String admin;

	String recall;

	@AfterAll
	static void stopChromium() {
		if (browser != null) {
			browser.close();
		}
	}

	@BeforeEach
	void setUp() throws Exception {
		if (browser == null) {
			browser = new PortalBrowser(this.port);
		}
		browser.logout();
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/veritrace")
			.willReturn(aResponse().withStatus(200)));
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("Yunnan Tea Co."), "BRAND", "read", "products:write",
				"codes:issue", "grants:manage", "recalls:write");
		this.warehouse = api.tenant(ApiClient.unique("Kunming Warehouse"), "WAREHOUSE", "read", "events:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Pu’er cake 357 g\"}",
				201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"PE2026-03\"}", 201);
		api.call(post("/api/v1/grants"), brand.key(), "{\"granteeOrganisationId\":" + this.warehouse.id()
				+ ",\"right\":\"EVENTS\",\"gtin\":\"" + gtin + "\"}", 201);
		List<String> serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "PE2026-03",
				2, 0);
		assertThat(new EpcisCapture(this.mvc).captureAndWait(this.warehouse, EpcisCapture.document(List
			.of("{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-02T08:00:00Z\",\"eventTimeZoneOffset\":\"+08:00\","
					+ "\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/" + serials.get(0)
					+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\"}")))
			.get("status")
			.asString()).isEqualTo("SUCCESS");
		this.admin = "inbox-admin-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.warehouse.id(), this.admin, "Li Na", Role.ADMIN, Portal.PASSWORD);
		this.recall = api
			.call(post("/api/v1/recalls"), brand.key(),
					"""
							{"gtin":"%s","lots":["PE2026-03"],"recallClass":"I","reasonCode":"QUALITY_DEFECT",
							 "reason":"Aflatoxin above the limit in retained samples",
							 "consumerInstructions":{"en":"Do not drink it; return it for a refund.","zh-CN":"请勿饮用，退回可全额退款。"},
							 "partnerInstructions":{"en":"Stop selling at once and hold all stock of the lot.","zh-CN":"立即停止销售，封存该批次全部库存。"},
							 "deadline":"2099-12-31"}
							"""
						.formatted(gtin),
					201)
			.get("id")
			.asString();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.jdbc.queryForObject("SELECT COUNT(*) FROM notice WHERE organisation_id = ?", Integer.class,
				this.warehouse.id()) == 0) {
			assertThat(System.nanoTime()).as("the warehouse's notice").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
	}

	@Test
	void aWarehouseFindsTheRecallInItsInboxAndMarksItRead() throws Exception {
		browser.login(this.admin, Portal.PASSWORD);
		// the navigation counts the unread notice on every page
		assertThat(browser.driver().findElement(By.cssSelector("nav .count")).getText()).isEqualTo("1");
		browser.driver().findElement(By.partialLinkText("Inbox")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("/portal/inbox"));
		browser.open("/portal/inbox?lang=en");
		String notice = browser.driver().findElement(By.cssSelector("li.unread[data-notice]")).getText();
		assertThat(notice).contains("Recall: Pu’er cake 357 g")
			.contains("class I")
			.contains("Stop selling at once and hold all stock of the lot.")
			.contains("Deadline: 2099-12-31.")
			.contains("New");
		assertThat(browser.driver().findElement(By.cssSelector("li[data-notice] a")).getDomAttribute("href"))
			.isEqualTo("/portal/recalls/" + this.recall);
		browser.assertAccessible("inbox (en)");
		browser.screenshots("notify-inbox-en");
		browser.open("/portal/inbox?lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("收件箱");
		assertThat(browser.driver().findElement(By.cssSelector("li[data-notice]")).getText())
			.contains("召回：Pu’er cake 357 g")
			.contains("立即停止销售，封存该批次全部库存。");
		browser.assertAccessible("inbox (zh-CN)");
		browser.screenshots("notify-inbox-zh");

		browser.driver().findElement(By.cssSelector("li[data-notice] form button")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(browser.driver().findElements(By.cssSelector("nav .count"))).isEmpty();
		assertThat(browser.driver().findElements(By.cssSelector("li.read[data-notice]"))).hasSize(1);
		browser.assertAccessible("inbox, read (zh-CN)");
		browser.screenshots("notify-inbox-read-zh");
	}

	@Test
	void anAdminAddsAWebhookCopiesTheSecretOnceAndReadsItsDeliveries() throws Exception {
		browser.login(this.admin, Portal.PASSWORD);
		browser.open("/portal/webhooks?lang=en");
		browser.assertAccessible("webhooks, none (en)");
		browser.driver().findElement(By.id("url")).sendKeys(this.receiver.url("/veritrace"));
		browser.driver().findElement(By.id("description")).sendKeys("Warehouse ERP");
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
		String secret = browser.driver().findElement(By.id("secret")).getDomProperty("value");
		assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");
		browser.assertAccessible("webhooks with the new secret (en)");
		browser.screenshots("notify-webhooks-secret-en");
		browser.open("/portal/webhooks?lang=zh-CN");
		assertThat(browser.driver().getPageSource()).doesNotContain(secret).contains(secret.substring(0, 12));
		browser.assertAccessible("webhooks (zh-CN)");
		browser.screenshots("notify-webhooks-zh");
		browser.driver().findElement(By.cssSelector("tr[data-webhook] td.actions a")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-attempt]")));
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-attempt]")).getText()).contains("200");
		browser.assertAccessible("webhook deliveries (zh-CN)");
		browser.screenshots("notify-webhook-log-zh");
	}

}
