package com.veritrace.dashboards;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.scan.ScanWatch.Kind;
import com.veritrace.scan.ScanWatch.LoggedScan;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The dashboards in headless Chromium against the real server (MariaDB): a brand's viewer
 * sees every chart drawn (ECharts, canvas) with its table folded under it, in English and
 * Chinese, and switches the range; a regulator sees every brand's and picks one.
 * Full-page screenshots into target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class DashboardsBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	ScanRollups rollups;

	@Autowired
	EventRecorder recorder;

	@Autowired
	AlertService alerts;

	ApiClient.Tenant brand;

	String viewer;

	String inspector;

	@AfterAll
	static void stopChromium() {
		if (browser != null) {
			browser.close();
		}
	}

	@BeforeEach
	void aBrandWithAMonthOfScansEventsAndAlerts() throws Exception {
		if (browser == null) {
			browser = new PortalBrowser(this.port);
		}
		browser.logout();
		ApiClient api = new ApiClient(this.mvc);
		this.brand = api.tenant(ApiClient.unique("Yunnan Tea Co."), "BRAND", "read", "products:write", "grants:manage");
		ApiClient.Tenant warehouse = api.tenant(ApiClient.unique("Kunming Warehouse"), "WAREHOUSE", "read",
				"events:write");
		ApiClient.Tenant regulator = api.tenant(ApiClient.unique("SAMR Yunnan"), "REGULATOR", "read");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Pu’er\"}", 201);
		api.call(post("/api/v1/grants"), this.brand.key(),
				"{\"granteeOrganisationId\":" + warehouse.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + gtin + "\"}",
				201);

		long now = System.currentTimeMillis();
		String[] regions = { "CN-53", "CN-53", "CN-31", "CN-44", "CN-11", "CN-53", null, "US", "CN-33" };
		List<LoggedScan> scans = new ArrayList<>();
		for (int day = 0; day < 30; day++) {
			int perDay = 20 + (day * 7) % 25;
			for (int i = 0; i < perDay; i++) {
				String verdict = i % 11 == 0 ? "SUSPICIOUS"
						: i % 3 == 0 ? "GENUINE_REPEAT" : i % 17 == 0 ? "UNKNOWN_CODE" : "GENUINE";
				scans.add(new LoggedScan(Kind.SCAN, gtin, "S" + (i % 13), "PE2026-03", this.brand.id(),
						now - day * Buckets.DAY - i * 60_000L, verdict, regions[(i + day) % regions.length], "c" + i));
			}
		}
		this.rollups.logged(scans);

		Instant t = Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.HOURS);
		String farm = "https://id.gs1.org/414/6901234000017";
		String hub = "https://id.gs1.org/414/6901234000024";
		String shop = "https://id.gs1.org/414/6901234000031";
		for (int n = 0; n < 4; n++) {
			String serial = "E" + n;
			Instant start = t.minus(5 * n + 30, ChronoUnit.HOURS);
			record(this.brand.id(), event(start, "shipping", farm, gtin, serial));
			record(warehouse.id(), event(start.plus(20 + n, ChronoUnit.HOURS), "receiving", hub, gtin, serial));
			record(warehouse.id(), event(start.plus(26 + n, ChronoUnit.HOURS), "shipping", hub, gtin, serial));
			record(this.brand.id(), event(start.plus(29 + n, ChronoUnit.HOURS), "receiving", shop, gtin, serial));
		}
		String[] distributors = { "Guangzhou Huacha Trading", "Shanghai Mingyuan Tea", "Guangzhou Huacha Trading" };
		for (int i = 0; i < distributors.length; i++) {
			raise(AlertKind.DIVERSION, "01/" + gtin + "/21/S" + i, distributors[i]);
		}
		raise(AlertKind.COLD_CHAIN, "lot:" + gtin + "/PE2026-03", "PE2026-03");

		this.viewer = "dash-viewer-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.brand.id(), this.viewer, "Zhang Min", Role.VIEWER, Portal.PASSWORD);
		this.inspector = "dash-regulator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(regulator.id(), this.inspector, "Wang Jun", Role.VIEWER, Portal.PASSWORD);
	}

	@Test
	void aBrandViewerSeesEveryChartDrawnInBothLanguagesAndARegulatorAcrossBrands() throws Exception {
		browser.login(this.viewer, Portal.PASSWORD);
		for (String lang : List.of("en", "zh-CN")) {
			browser.open("/portal/dashboards?days=30&lang=" + lang);
			List<WebElement> charts = drawn(9);
			for (WebElement chart : charts) {
				assertThat(chart.findElements(By.tagName("canvas"))).as(chart.getDomAttribute("data-src")).isNotEmpty();
			}
			// the tables are folded under their charts once drawn, still there to open
			assertThat(browser.driver().findElements(By.cssSelector("details.dash-table[open]"))).isEmpty();
			browser.driver().findElement(By.cssSelector("#dash-diversion summary")).click();
			String diversion = browser.driver().findElement(By.cssSelector("#dash-diversion table")).getText();
			assertThat(diversion).contains("Guangzhou Huacha Trading").contains("Shanghai Mingyuan Tea");
			browser.assertAccessible("dashboards " + lang);
			fullPage("dashboards-brand-" + lang);
		}
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("数据看板");
		assertThat(browser.driver().findElement(By.cssSelector("#dash-partners-title")).getText()).isEqualTo("合作方上报事件");

		browser.open("/portal/dashboards?days=7&lang=en");
		drawn(9);
		assertThat(browser.driver().findElement(By.cssSelector(".dash-ranges a[aria-current]")).getText())
			.isEqualTo("Last 7 days");
		assertThat(browser.driver().findElements(By.cssSelector("#dash-scans tbody tr"))).hasSize(7);
		browser.screenshots("dashboards-brand-7d");

		browser.logout();
		browser.login(this.inspector, Portal.PASSWORD);
		browser.open("/portal/dashboards?days=30&lang=zh-CN");
		drawn(9);
		browser.assertAccessible("dashboards regulator");
		fullPage("dashboards-regulator-zh-CN");
		new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("dash-brand")))
			.selectByValue(Long.toString(this.brand.id()));
		browser.driver().findElement(By.cssSelector(".dash-brand button")).click();
		browser.waiting(10).until(d -> d.getCurrentUrl().contains("brand=" + this.brand.id()));
		drawn(9);
		assertThat(browser.driver().findElement(By.cssSelector("#dash-diversion .chart")).getDomAttribute("data-src"))
			.endsWith("brand=" + this.brand.id());
		fullPage("dashboards-regulator-brand-zh-CN");
	}

	/** Waits until every chart on the page is drawn. */
	private List<WebElement> drawn(int count) {
		browser.waiting(20)
			.until(d -> d.findElements(By.cssSelector(".chart[data-drawn=true]")).size() == count
					|| !d.findElements(By.cssSelector(".chart[data-drawn=failed]")).isEmpty());
		assertThat(browser.driver().findElements(By.cssSelector(".chart[data-drawn=failed]"))).isEmpty();
		return browser.driver().findElements(By.cssSelector(".chart[data-drawn=true]"));
	}

	private void fullPage(String name) throws Exception {
		Map<String, Object> shot = browser.driver()
			.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
		Files.write(PortalBrowser.SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
	}

	private void raise(AlertKind kind, String subject, String group) {
		this.alerts.raise(new AlertDraft(this.brand.id(), kind, Severity.WARNING, subject, Duration.ofHours(1),
				Map.of("en", "Alert " + subject, "zh-CN", "预警 " + subject), Map.of("en", "Test alert", "zh-CN", "测试预警"),
				null, Map.of(), group));
	}

	private void record(long reporter, String json) {
		EpcisEvent event = new EpcisDocumentParser().parse(json).events().get(0);
		EventSink.Outcome outcome = this.recorder
			.record(reporter, List.of(new EventSink.HashedEvent(event, new EventHasher().hash(event))))
			.get(0);
		assertThat(outcome.status()).as(outcome.reason()).isEqualTo(EventSink.Status.STORED);
	}

	private static String event(Instant time, String bizStep, String location, String gtin, String serial) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+08:00\","
				+ "\"epcList\":[\"https://id.gs1.org/01/" + gtin + "/21/" + serial
				+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep + "\",\"bizLocation\":{\"id\":\"" + location
				+ "\"}}";
	}

}
