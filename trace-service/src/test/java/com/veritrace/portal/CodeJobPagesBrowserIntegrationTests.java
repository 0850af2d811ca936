package com.veritrace.portal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.catalog.CatalogService;
import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code job pages in headless Chromium against the real server and MariaDB: log in,
 * choose a product and (htmx) its lot, issue 1,000 codes, watch the progress reach 100 %,
 * download the CSV, activate a range after confirming, look up a code; screenshots at
 * 1280 and 768 px in English and Chinese, axe-core on every page. Also measures how long
 * a job's progress takes from the database to the page (written to
 * target/benchmarks/portal-code-progress-latency.txt).
 */
@PortalBrowserTest
class CodeJobPagesBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	CatalogService catalog;

	@Autowired
	CodeIssuanceService issuance;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient.Tenant brand;

	String gtin;

	String email;

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
		this.brand = new ApiClient(this.mvc).tenant(ApiClient.unique("Browser tea brand"), "BRAND", "read");
		this.gtin = ApiClient.randomGtin();
		Caller writer = writer();
		this.catalog.createProduct(writer, this.gtin, "Longjing green tea <b>", null, null);
		this.catalog.createLot(writer, this.gtin, "LJ-2026-04", null, null);
		this.email = "operator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.brand.id(), this.email, "Wang Fang", Role.OPERATOR, Portal.PASSWORD);
	}

	Caller writer() {
		return new Caller(this.brand.id(), "brand", OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE));
	}

	@Test
	void anOperatorIssuesAThousandCodesWatchesTheProgressDownloadsTheCsvAndActivatesARange() throws Exception {
		browser.login(this.email, Portal.PASSWORD);
		var driver = browser.driver();
		for (String lang : new String[] { "en", "zh-CN" }) {
			browser.open("/portal/codes/new?lang=" + lang);
			browser.assertAccessible("new code job " + lang);
			browser.screenshots("codes-new-" + lang);
		}
		browser.open("/portal/codes/new?lang=en");
		// the product, then its lots come in by htmx
		new Select(driver.findElement(By.id("gtin"))).selectByValue(this.gtin);
		browser.waiting(10)
			.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("#lotNumber option[value='LJ-2026-04']")));
		new Select(driver.findElement(By.id("lotNumber"))).selectByValue("LJ-2026-04");
		// a bad quantity first: the error next to the field
		driver.findElement(By.id("quantity")).sendKeys("0");
		driver.findElement(By.cssSelector("main form button.primary")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("quantity-error")));
		assertThat(driver.findElement(By.id("quantity-error")).getText()).contains("must be 1 to");
		browser.assertAccessible("new code job with an error");
		browser.screenshots("codes-new-error-en");
		driver.findElement(By.id("quantity")).clear();
		driver.findElement(By.id("quantity")).sendKeys("1000");
		driver.findElement(By.cssSelector("main form button.primary")).click();
		browser.waiting(10).until(d -> d.getCurrentUrl().matches(".*/portal/codes/\\d+$"));
		long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*/portal/codes/", ""));
		// the progress reaches 100 % and the page shows the downloads
		browser.waiting(30).until(d -> d.findElements(By.id("download-csv")).size() == 1);
		assertThat(driver.findElement(By.id("percent")).getText()).isEqualTo("100 %");
		assertThat(driver.findElement(By.cssSelector("#progress progress")).getDomAttribute("value")).isEqualTo("1000");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class, id))
			.isEqualTo(1000);
		// the CSV, fetched by the browser with its session
		String href = driver.findElement(By.id("download-csv")).getDomProperty("href");
		Object csv = driver.executeAsyncScript(
				"const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);",
				href);
		String[] lines = String.valueOf(csv).split("\r?\n");
		List<String> serials = this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq",
				String.class, id);
		assertThat(lines).hasSize(1001);
		assertThat(lines[1]).startsWith("1," + serials.get(0) + ",");
		assertThat(lines[1000]).startsWith("1000," + serials.get(999) + ",");
		for (String lang : new String[] { "en", "zh-CN" }) {
			browser.open("/portal/codes/" + id + "?lang=" + lang);
			browser.assertAccessible("code job " + lang);
			browser.screenshots("codes-job-" + lang);
		}
		// activate positions 1..10, confirming
		browser.open("/portal/codes/" + id + "?lang=en");
		driver.findElement(By.id("from")).sendKeys("1");
		driver.findElement(By.id("to")).sendKeys("10");
		driver.findElement(By.cssSelector("form.codes-range button[value=activate]")).click();
		browser.waiting(5).until(ExpectedConditions.alertIsPresent());
		assertThat(driver.switchTo().alert().getText()).contains("Activate");
		driver.switchTo().alert().accept();
		browser.waiting(10).until(d -> d.findElements(By.cssSelector("p.notice.ok")).size() == 1);
		assertThat(driver.findElement(By.cssSelector("p.notice.ok")).getText()).startsWith("10 of 10 codes activated");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ? AND status = 'ACTIVE'",
				Long.class, id))
			.isEqualTo(10);
		// dismissing the confirmation changes nothing
		driver.findElement(By.id("from")).sendKeys("11");
		driver.findElement(By.id("to")).sendKeys("20");
		driver.findElement(By.cssSelector("form.codes-range button[value=void]")).click();
		browser.waiting(5).until(ExpectedConditions.alertIsPresent());
		driver.switchTo().alert().dismiss();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ? AND status = 'VOIDED'",
				Long.class, id))
			.isZero();
		// the list and a code looked up
		for (String lang : new String[] { "en", "zh-CN" }) {
			browser.open("/portal/codes?lang=" + lang);
			assertThat(driver.findElements(By.cssSelector("tr[data-job='" + id + "']"))).hasSize(1);
			assertThat(driver.getPageSource()).contains("Longjing green tea &lt;b&gt;");
			browser.assertAccessible("code jobs " + lang);
			browser.screenshots("codes-list-" + lang);
			browser.open("/portal/codes/lookup?lang=" + lang + "&code=https://id.example.com/01/" + this.gtin + "/21/"
					+ serials.get(2));
			assertThat(driver.findElement(By.id("code-status")).getDomAttribute("class")).contains("code-ACTIVE");
			browser.assertAccessible("code lookup " + lang);
			browser.screenshots("codes-lookup-" + lang);
		}
	}

	/**
	 * Not a timed test: measures, three runs of ten steps, how long after the job's
	 * progress changes in the database (the runner's own UPDATE) the page shows it, and
	 * writes min / median / max per run. Asserts only that every step arrived.
	 */
	@Test
	void measureProgressLatencyFromTheDatabaseToThePage() throws Exception {
		browser.login(this.email, Portal.PASSWORD);
		var driver = browser.driver();
		CodeJob job = this.issuance.issueNow(writer(),
				new CodeIssuanceService.IssueRequest("latency-" + System.nanoTime(), this.gtin, "LJ-2026-04", 100,
						CodeFormat.DIGITAL_LINK, null, null, null));
		StringBuilder report = new StringBuilder(
				"Portal code job progress: database UPDATE -> value shown in the page (ms), htmx polling every 500 ms\n");
		List<Long> all = new ArrayList<>();
		java.util.Random random = new java.util.Random(13);
		for (int run = 1; run <= 3; run++) {
			this.jdbc.update("UPDATE code_job SET status = 'RUNNING', produced = 0 WHERE id = ?", job.id());
			try {
				if (run == 1) {
					// the page of a running job (before the measurement starts)
					this.jdbc.update("UPDATE code_job SET produced = 40 WHERE id = ?", job.id());
					for (String lang : new String[] { "en", "zh-CN" }) {
						browser.open("/portal/codes/" + job.id() + "?lang=" + lang);
						browser.waiting(10).until(d -> d.findElement(By.id("percent")).getText().equals("40 %"));
						browser.assertAccessible("running code job " + lang);
						browser.screenshots("codes-job-running-" + lang);
					}
					this.jdbc.update("UPDATE code_job SET produced = 0 WHERE id = ?", job.id());
				}
				browser.open("/portal/codes/" + job.id() + "?lang=en");
				browser.waiting(10).until(d -> d.findElements(By.cssSelector("#progress[hx-trigger]")).size() == 1);
				// the page notes when each value first appears
				driver.executeScript(
						"""
								window.seen = {};
								const note = () => { const p = document.getElementById('progress');
								  if (p && !(p.dataset.produced in window.seen)) { window.seen[p.dataset.produced] = Date.now(); } };
								note();
								new MutationObserver(note).observe(document.body, {childList: true, subtree: true, attributes: true});
								""");
				Map<Long, Long> written = new java.util.LinkedHashMap<>();
				for (int step = 1; step <= 10; step++) {
					Thread.sleep(300 + random.nextInt(700));
					long produced = step * 10L;
					long at = System.currentTimeMillis();
					this.jdbc.update("UPDATE code_job SET produced = ? WHERE id = ?", produced, job.id());
					written.put(produced, at);
				}
				Thread.sleep(1500);
				@SuppressWarnings("unchecked")
				Map<String, Object> seen = (Map<String, Object>) driver.executeScript("return window.seen;");
				List<Long> latencies = new ArrayList<>();
				// a value the page never showed was overtaken by the next before a poll:
				// it
				// arrived with the first value at least as high
				for (Map.Entry<Long, Long> w : written.entrySet()) {
					Long shown = null;
					for (Map.Entry<String, Object> s : seen.entrySet()) {
						long at = ((Number) s.getValue()).longValue();
						if (Long.parseLong(s.getKey()) >= w.getKey() && (shown == null || at < shown)) {
							shown = at;
						}
					}
					assertThat(shown).as("progress " + w.getKey() + " reached the page").isNotNull();
					latencies.add(shown - w.getValue());
				}
				all.addAll(latencies);
				Collections.sort(latencies);
				report.append("run ")
					.append(run)
					.append(": min ")
					.append(latencies.get(0))
					.append(" median ")
					.append(median(latencies))
					.append(" max ")
					.append(latencies.get(latencies.size() - 1))
					.append(" (")
					.append(latencies)
					.append(")\n");
			}
			finally {
				// as the runner left it: no job stays RUNNING for the next start to clean
				// up
				this.jdbc.update("UPDATE code_job SET status = 'COMPLETED', produced = quantity WHERE id = ?",
						job.id());
			}
		}
		Collections.sort(all);
		report.append("all ")
			.append(all.size())
			.append(" steps: min ")
			.append(all.get(0))
			.append(" median ")
			.append(median(all))
			.append(" max ")
			.append(all.get(all.size() - 1))
			.append('\n');
		Path out = Path.of("target", "benchmarks", "portal-code-progress-latency.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	static long median(List<Long> sorted) {
		int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

}
