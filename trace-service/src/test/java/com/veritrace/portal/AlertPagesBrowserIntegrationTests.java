package com.veritrace.portal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert pages in headless Chromium against the real server (MariaDB): a brand's
 * operator sees the open alerts counted in the navigation, filters the list, reads an
 * alert (its evidence as a readable list), acknowledges and resolves it with a note; a
 * regulator reads every brand's alerts with the brand named and no actions; a person
 * chooses which alerts reach them by mail on their profile. Screenshots at 1280 and 768
 * px, in English and Chinese, into target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class AlertPagesBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	AlertService alerts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient.Tenant brand;

	String operator;

	String regulator;

	long feedAlert;

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
		ApiClient api = new ApiClient(this.mvc);
		this.brand = api.tenant(ApiClient.unique("Hangzhou Tea Co."), "BRAND", "read");
		ApiClient.Tenant regulatorOrg = api.tenant(ApiClient.unique("Zhejiang Market Regulator"), "REGULATOR", "read");
		this.operator = "alerts-operator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.brand.id(), this.operator, "Wang Fang", Role.OPERATOR, Portal.PASSWORD);
		this.regulator = "alerts-regulator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(regulatorOrg.id(), this.regulator, "Zhao Min", Role.VIEWER, Portal.PASSWORD);
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("partner", "Xihu Logistics");
		evidence.put("refused", 42);
		evidence.put("records", 120);
		evidence.put("refusedPercent", "35.0");
		evidence.put("reasons", Map.of("invalid", 40, "not-granted", 2));
		String subject = "feed:" + System.nanoTime();
		this.alerts.raise(new AlertDraft(this.brand.id(), AlertKind.FEED_FAILURE, Severity.WARNING, subject,
				Duration.ofHours(1),
				Map.of("en", "Partner feed failing: Xihu Logistics", "zh-CN", "合作伙伴数据接入异常：Xihu Logistics"),
				Map.of("en",
						"42 of the 120 records Xihu Logistics sent in the last 15 minutes were refused (35.0 %). Most common reason: invalid.",
						"zh-CN", "Xihu Logistics 在最近 15 分钟内发送的 120 条记录中有 42 条被拒收（35.0 %）。最常见原因：invalid。"),
				null, evidence, "Xihu Logistics"));
		this.alerts.raise(new AlertDraft(this.brand.id(), AlertKind.COLD_CHAIN, Severity.CRITICAL,
				"lot:06901234567892/LJ-2026-11", Duration.ofHours(1),
				Map.of("en", "Cold chain broken: Longjing lot LJ-2026-11", "zh-CN", "冷链异常：龙井 批次 LJ-2026-11"),
				Map.of("en", "A reading of 14.5 °C at the Hangzhou hub, outside 2–8 °C.", "zh-CN",
						"杭州枢纽读数 14.5 °C，超出 2–8 °C。"),
				null, Map.of("reading", "14.5 °C", "range", "2–8 °C", "place", "Hangzhou hub"), "LJ-2026-11"));
		this.feedAlert = this.jdbc.queryForObject(
				"SELECT id FROM alert WHERE organisation_id = ? AND kind = 'FEED_FAILURE'", Long.class,
				this.brand.id());
	}

	@Test
	void anOperatorFiltersReadsAcknowledgesAndResolvesAnAlert() throws Exception {
		browser.login(this.operator, Portal.PASSWORD);
		browser.open("/portal/alerts?lang=en");
		assertThat(browser.driver().findElement(By.cssSelector("nav a[href='/portal/alerts'] .count")).getText())
			.isEqualTo("2");
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-alert]"))).hasSize(2);
		browser.assertAccessible("alerts (en)");
		browser.screenshots("alerts-list-en");
		new Select(browser.driver().findElement(By.id("f-kind"))).selectByValue("FEED_FAILURE");
		browser.driver().findElement(By.cssSelector("form.alert-filter button")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("kind=FEED_FAILURE"));
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-alert]"))).hasSize(1);
		browser.driver().findElement(By.cssSelector("tr[data-alert] a")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("/portal/alerts/" + this.feedAlert));
		String evidence = browser.driver().findElement(By.cssSelector("dl.alert-evidence")).getText();
		assertThat(evidence).contains("refused").contains("42").contains("invalid: 40");
		browser.assertAccessible("alert (en)");
		browser.screenshots("alert-open-en");

		browser.driver().findElement(By.xpath("//button[text()='Acknowledge']")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(browser.driver().findElement(By.id("alert-state")).getText()).isEqualTo("Acknowledged");
		browser.driver().findElement(By.cssSelector("form.stack button.primary")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("resolve-note-error")));
		browser.assertAccessible("alert, note missing (en)");
		browser.driver().findElement(By.id("resolve-note")).sendKeys("Xihu Logistics fixed its field mapping.");
		browser.driver().findElement(By.cssSelector("form.stack button.primary")).click();
		browser.waiting(10).until(ExpectedConditions.textToBe(By.id("alert-state"), "Resolved"));
		assertThat(browser.driver().findElement(By.cssSelector("dl.alert-facts")).getText()).contains(this.operator)
			.contains("Xihu Logistics fixed its field mapping.");
		assertThat(browser.driver().findElement(By.cssSelector("nav a[href='/portal/alerts'] .count")).getText())
			.isEqualTo("1");
		browser.screenshots("alert-resolved-en");

		browser.open("/portal/alerts/" + this.feedAlert + "?lang=zh-CN");
		assertThat(browser.driver().findElement(By.id("alert-state")).getText()).isEqualTo("已解决");
		browser.assertAccessible("alert (zh-CN)");
		browser.screenshots("alert-resolved-zh");
		browser.open("/portal/alerts?lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("警报");
		browser.assertAccessible("alerts (zh-CN)");
		browser.screenshots("alerts-list-zh");

		browser.open("/portal/profile?lang=zh-CN");
		new Select(browser.driver().findElement(By.id("sub-COLD_CHAIN"))).selectByValue("CRITICAL");
		browser.driver().findElement(By.cssSelector("form.subscriptions button")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("#alert-mail"));
		assertThat(new Select(browser.driver().findElement(By.id("sub-COLD_CHAIN"))).getFirstSelectedOption().getText())
			.isEqualTo("仅严重");
		browser.assertAccessible("profile with mail choices (zh-CN)");
		browser.screenshots("alert-subscriptions-zh");
	}

	@Test
	void aRegulatorReadsEveryBrandsAlertsWithoutActions() throws Exception {
		browser.login(this.regulator, Portal.PASSWORD);
		browser.open("/portal/alerts?lang=en&kind=COLD_CHAIN&state=OPEN");
		String table = browser.driver().findElement(By.cssSelector("table.alerts")).getText();
		assertThat(table).contains("Hangzhou Tea Co.").contains("Cold chain broken: Longjing lot LJ-2026-11");
		browser.assertAccessible("alerts across brands (en)");
		browser.screenshots("alerts-regulator-en");
		browser.open("/portal/alerts/" + this.feedAlert + "?lang=zh-CN");
		assertThat(browser.driver().findElements(By.cssSelector("main form"))).isEmpty();
		assertThat(browser.driver().findElement(By.cssSelector("main")).getText()).contains("Hangzhou Tea Co.");
		browser.assertAccessible("alert across brands (zh-CN)");
		browser.screenshots("alert-regulator-zh");
	}

}
