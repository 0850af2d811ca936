package com.veritrace.portal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
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
 * Recalls in headless Chromium against the real server (MariaDB): a brand's owner starts
 * a recall from a lot, reads what was missing, sees what it covers, issues it and follows
 * it on its page (amends it, moves it on); the regulator's console: a search across
 * brands, a mandatory recall of a brand's lot, the recalls of every brand. In English and
 * Chinese, at 1280 and 768 pixels, each page checked with axe-core; screenshots in
 * target/screenshots/portal/recalls-*.png and regulator-*.png.
 */
@PortalBrowserTest
class RecallPagesBrowserIntegrationTests {

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
	void aBrandsOwnerRecallsALotFromItsPageAndFollowsTheRecall() throws Exception {
		Brand brand = brand("West Lake Tea Co.");
		String email = "recall-owner-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), email, "Li Wei", Role.OWNER, Portal.PASSWORD);

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			WebDriver d = browser.driver();
			browser.login(email, Portal.PASSWORD);
			browser.open("/portal/products/" + brand.gtin() + "?lang=zh-CN");
			browser.assertAccessible("product with its lots' recall links (zh-CN)");
			shots(browser, "recalls-product-lots-zh");
			d.findElement(By.cssSelector("tr[data-lot=LJ2026A] a.recall-lot")).click();
			browser.waiting(10).until(ExpectedConditions.urlContains("/portal/recalls/new"));
			assertThat(d.findElement(By.id("lots")).getDomProperty("value")).isEqualTo("LJ2026A");

			// sent without the details: every missing one is said next to its field
			d.findElement(By.cssSelector("form.recall-form button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.id("consumerZh-error")).isEmpty());
			assertThat(d.findElement(By.id("reasonCode-error")).getText()).isEqualTo("请选择一项。");
			assertThat(d.findElement(By.id("consumerZh")).getDomAttribute("aria-describedby"))
				.isEqualTo("consumerZh-error");
			browser.assertAccessible("recall form with errors (zh-CN)");
			shots(browser, "recalls-new-errors-zh");

			browser.open("/portal/recalls/new?gtin=" + brand.gtin() + "&lot=LJ2026A&lang=en");
			browser.assertAccessible("recall form (en)");
			shots(browser, "recalls-new-en");
			fill(d, "");
			d.findElement(By.cssSelector("form.recall-form button[type=submit]")).click();
			browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("recall-count")));
			assertThat(d.findElement(By.cssSelector("#recall-count .value")).getText()).isEqualTo("30");
			assertThat(d.findElement(By.cssSelector("ul.recall-lots")).getText()).isEqualTo("LJ2026A");
			browser.assertAccessible("recall confirmation (en)");
			shots(browser, "recalls-confirm-en");
			assertThat(recalls(brand.gtin())).isZero();

			d.findElement(By.id("issue")).click();
			browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("recall-event-hash")));
			assertThat(recalls(brand.gtin())).isEqualTo(1);
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Recall of Longjing green tea, 250 g");
			assertThat(d.findElement(By.id("recall-event-hash")).getText()).startsWith("ni:///sha-256;");
			assertThat(d.findElement(By.id("recall-items")).getText()).isEqualTo("30");
			browser.assertAccessible("recall page (en)");
			shots(browser, "recalls-recall-en");

			// amended: the second lot joins, version 2
			// the amendment's form opens from its summary (a details element, no script)
			assertThat(d.findElement(By.id("amend-note")).isDisplayed()).isFalse();
			d.findElement(By.cssSelector("#amend summary")).click();
			d.findElement(By.id("amend-note")).sendKeys("Lot B was packed on the same line.");
			d.findElement(By.id("amend-lots")).sendKeys("LJ2026B");
			d.findElement(By.cssSelector("form[action$='/versions'] button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("tr[data-version='2']")).isEmpty());
			assertThat(d.findElement(By.id("recall-items")).getText()).isEqualTo("42");
			d.findElement(By.cssSelector("form[action$='/start'] button")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("li[data-status=IN_PROGRESS]")).isEmpty());
			String url = d.getCurrentUrl();
			browser.open(url.substring(url.indexOf("/portal/")) + "?lang=zh-CN");
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Longjing green tea, 250 g 召回");
			browser.assertAccessible("recall page, amended and in progress (zh-CN)");
			shots(browser, "recalls-recall-zh");

			browser.open("/portal/recalls?lang=en");
			assertThat(d.findElements(By.cssSelector("tr[data-recall]"))).hasSize(1);
			browser.assertAccessible("recalls (en)");
			shots(browser, "recalls-list-en");

			// a shop told of the recall acknowledges it and confirms removal
			String id = url.substring(url.lastIndexOf('/') + 1).replaceAll("[?#].*", "");
			long shop = new ApiClient(this.mvc).tenant(ApiClient.unique("Hangzhou Tea Shop"), "WAREHOUSE", "read").id();
			this.jdbc.update("INSERT INTO recall_recipient (recall_id, organisation_id, notified_ms) VALUES (?, ?, ?)",
					id, shop, System.currentTimeMillis());
			String clerk = "recall-shop-" + Long.toHexString(System.nanoTime()) + "@test.example";
			this.accounts.ensureUser(shop, clerk, "Wang Fang", Role.OPERATOR, Portal.PASSWORD);
			browser.logout();
			browser.login(clerk, Portal.PASSWORD);
			browser.open("/portal/recalls?lang=zh-CN");
			d.findElement(By.cssSelector("tr[data-recall='" + id + "'] a")).click();
			browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("response")));
			d.findElement(By.cssSelector("form[action$='/acknowledge'] button")).click();
			browser.waiting(10).until(w -> w.findElements(By.cssSelector("form[action$='/acknowledge']")).isEmpty());
			assertThat(d.findElement(By.id("acknowledged")).getText()).endsWith("UTC");
			d.findElement(By.id("removal-quantity")).sendKeys("12");
			d.findElement(By.id("removal-note")).sendKeys("12 罐已全部下架，封存待回收。");
			d.findElement(By.cssSelector("form[action$='/removal'] button")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("li[data-confirmation]")).isEmpty());
			browser.assertAccessible("a partner's part in a recall (zh-CN)");
			shots(browser, "recalls-partner-zh");
			browser.logout();
			browser.login(email, Portal.PASSWORD);
			browser.open("/portal/recalls/" + id + "?lang=en");
			assertThat(d.findElement(By.cssSelector("tr[data-recipient='" + shop + "']")).getText()).contains("12");
			browser.assertAccessible("recall page with progress and a partner's response (en)");
			shots(browser, "recalls-progress-en");
		}
	}

	@Test
	void theRegulatorSearchesAcrossBrandsOrdersAMandatoryRecallAndListsEveryBrandsRecalls() throws Exception {
		Brand brand = brand("Hangzhou Tea Co.");
		Brand other = brand("Suzhou Tea Co.");
		new ApiClient(this.mvc).call(post("/api/v1/recalls"), other.key(), """
				{"gtin":"%s","lots":["LJ2026B"],"recallClass":"III","reasonCode":"LABELLING_ERROR",
				 "reason":"The best-before date is misprinted.",
				 "consumerInstructions":{"en":"Check the date on the lid.","zh-CN":"请核对盖上的日期。"},
				 "partnerInstructions":{"en":"Relabel before selling.","zh-CN":"重新贴标后再销售。"}}""".formatted(other.gtin()),
				201);
		ApiClient.Tenant regulator = new ApiClient(this.mvc).tenant(ApiClient.unique("Zhejiang Market Regulator"),
				"REGULATOR", "read");
		String email = "regulator-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(regulator.id(), email, "Zhao Min", Role.ADMIN, Portal.PASSWORD);

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			WebDriver d = browser.driver();
			browser.login(email, Portal.PASSWORD);
			browser.open("/portal/regulator/search?lang=zh-CN");
			assertThat(d.findElement(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("跨品牌查询");
			d.findElement(By.id("q")).sendKeys(brand.gtin());
			d.findElement(By.cssSelector("form.reg-search button[type=submit]")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("ul.reg-products li")).isEmpty());
			browser.assertAccessible("regulator search by GTIN (zh-CN)");
			shots(browser, "regulator-search-gtin-zh");

			browser.open("/portal/regulator/search?by=LOT&q=LJ2026A&lang=en");
			List<WebElement> lots = d.findElements(By.cssSelector("table.reg-lots tr[data-lot]"));
			assertThat(lots).extracting(e -> e.getDomAttribute("data-gtin")).contains(brand.gtin(), other.gtin());
			browser.assertAccessible("regulator search by lot (en)");
			shots(browser, "regulator-search-lot-en");

			browser.open("/portal/events/lots/" + other.gtin() + "/LJ2026B?lang=zh-CN");
			assertThat(d.findElements(By.cssSelector("ol.ev-journey li"))).extracting(WebElement::getText)
				.anyMatch(t -> t.contains("recalled"));
			browser.assertAccessible("a lot's journey with its recall (zh-CN)");
			shots(browser, "regulator-lot-journey-zh");

			browser.open("/portal/regulator/search?by=LOT&q=LJ2026A&lang=en");
			d.findElement(By.cssSelector("tr[data-gtin='" + brand.gtin() + "'] a.recall-lot")).click();
			browser.waiting(10).until(ExpectedConditions.urlContains("/portal/recalls/new"));
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("New mandatory recall");
			assertThat(d.findElement(By.cssSelector("main .notice.warn")).getText()).contains(brand.name());
			fill(d, "");
			d.findElement(By.cssSelector("form.recall-form button[type=submit]")).click();
			browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("issue")));
			d.findElement(By.id("issue")).click();
			browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("recall-event-hash")));
			assertThat(d.findElement(By.cssSelector(".recall-badges")).getText()).contains("Mandatory");
			browser.assertAccessible("mandatory recall (en)");
			shots(browser, "regulator-recall-en");

			browser.open("/portal/recalls?lang=zh-CN");
			List<WebElement> rows = d.findElements(By.cssSelector("tr[data-recall]"));
			assertThat(rows).extracting(WebElement::getText)
				.anyMatch(t -> t.contains(brand.name()) && t.contains("强制"))
				.anyMatch(t -> t.contains(other.name()));
			browser.assertAccessible("every brand's recalls (zh-CN)");
			shots(browser, "regulator-recalls-zh");
			browser.open("/portal/recalls?status=ISSUED&lang=en");
			browser.assertAccessible("every brand's recalls (en)");
			shots(browser, "regulator-recalls-en");
		}
	}

	/** A brand with one product, two lots and codes: 30 in lot LJ2026A, 12 in LJ2026B. */
	private Brand brand(String name) throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		String unique = ApiClient.unique(name);
		ApiClient.Tenant tenant = api.tenant(unique, "BRAND", "read", "products:write", "codes:issue", "recalls:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), tenant.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"Longjing green tea, 250 g\"}", 201);
		for (String lot : new String[] { "LJ2026A", "LJ2026B" }) {
			api.call(post("/api/v1/products/" + gtin + "/lots"), tenant.key(),
					"{\"lotNumber\":\"" + lot + "\",\"productionDate\":\"2026-03-01\"}", 201);
		}
		IssuedCodes.issue(this.issuance, this.registry, this.jdbc, tenant.id(), gtin, "LJ2026A", 30, 30);
		IssuedCodes.issue(this.issuance, this.registry, this.jdbc, tenant.id(), gtin, "LJ2026B", 12, 0);
		return new Brand(tenant.id(), unique, gtin, tenant.key());
	}

	private record Brand(long id, String name, String gtin, String key) {
	}

	/**
	 * Fills the recall's details (the scope is prefilled); ids with the form's prefix.
	 */
	private static void fill(WebDriver d, String prefix) {
		d.findElement(By.id(prefix + "class-II")).click();
		new Select(d.findElement(By.id(prefix + "reasonCode"))).selectByValue("CONTAMINATION_FOREIGN_MATTER");
		d.findElement(By.id(prefix + "reason"))
			.sendKeys("Small glass fragments were found in tins of this lot after a filling machine broke.");
		d.findElement(By.id(prefix + "consumerEn"))
			.sendKeys("Do not drink this tea. Bring the tin back to the shop for a full refund.");
		d.findElement(By.id(prefix + "consumerZh")).sendKeys("请勿饮用本品。请将茶罐退回购买门店，全额退款。");
		d.findElement(By.id(prefix + "partnerEn"))
			.sendKeys("Stop selling at once, take the lot off the shelves and hold it for collection.");
		d.findElement(By.id(prefix + "partnerZh")).sendKeys("立即停止销售，将该批次下架并封存待回收。");
		((org.openqa.selenium.JavascriptExecutor) d).executeScript(
				"document.getElementById(arguments[0]).value = arguments[1]", prefix + "deadline",
				java.time.LocalDate.now().plusDays(14).toString());
	}

	/**
	 * Screenshots of the whole page (these pages are long) at 1280 and 768 pixels:
	 * {@code <name>-1280.png}, {@code <name>-768.png}.
	 */
	private static void shots(PortalBrowser browser, String name) throws java.io.IOException {
		WebDriver d = browser.driver();
		for (int width : new int[] { 1280, 768 }) {
			d.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
			long height = (Long) ((org.openqa.selenium.JavascriptExecutor) d)
				.executeScript("return document.documentElement.scrollHeight");
			d.manage().window().setSize(new org.openqa.selenium.Dimension(width, (int) Math.min(height + 140, 8000)));
			java.nio.file.Files.write(PortalBrowser.SHOTS.resolve(name + "-" + width + ".png"),
					((org.openqa.selenium.TakesScreenshot) d).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
	}

	private long recalls(String gtin) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM recall WHERE gtin = ?", Long.class, gtin);
	}

}
