package com.veritrace.portal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.issuance.CodeStatus;
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
 * The review of flagged codes in headless Chromium against the real server (MariaDB): a
 * brand's operator finds a flagged code from the navigation, reads its scans by region
 * and the latest ones, clears it, confirms it a copy and voids it; a viewer is refused.
 * In Chinese and English, each page checked with axe-core; screenshots in
 * target/screenshots/portal/flagged-*.png.
 */
@PortalBrowserTest
class FlaggedCodePagesBrowserIntegrationTests {

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
	void anOperatorReviewsAFlaggedCodeAViewerIsRefused() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("Moutai Town Distillery"), "BRAND", "read",
				"products:write", "codes:issue");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(),
				"{\"gtin\":\"" + gtin + "\",\"name\":\"Baijiu 500 ml\",\"category\":\"spirits\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"MT-7\"}", 201);
		String serial = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, brand.id(), gtin, "MT-7", 1, 1)
			.get(0);
		long now = System.currentTimeMillis();
		String[][] scans = { { "CN-33", "Hangzhou", "a1b2c3d4e5f6g7h8i9j0k1" },
				{ "CN-31", "Shanghai", "b1b2c3d4e5f6g7h8i9j0k1" }, { "CN-11", "Beijing", "c1b2c3d4e5f6g7h8i9j0k1" },
				{ "CN-51", "Chengdu", "d1b2c3d4e5f6g7h8i9j0k1" }, { "CN-51", "Chengdu", "e1b2c3d4e5f6g7h8i9j0k1" } };
		for (int i = 0; i < scans.length; i++) {
			this.jdbc.update(
					"INSERT INTO scan_log (gtin, serial, lot_number, brand_id, scanned_ms, verdict, place, "
							+ "agent_family, region, client) VALUES (?, ?, 'MT-7', ?, ?, ?, ?, 'wechat', ?, ?)",
					gtin, serial, brand.id(), now - (5 - i) * 60_000L, i < 3 ? "GENUINE_REPEAT" : "SUSPICIOUS",
					scans[i][1], scans[i][0], scans[i][2]);
		}
		this.jdbc.update(
				"INSERT INTO code_review (brand_id, gtin, serial, lot_number, state, reason, scans, clients, "
						+ "networks, places, region, flagged_ms, last_flagged_ms, updated_ms) VALUES (?, ?, ?, 'MT-7', "
						+ "'FLAGGED', 'reason.too-many-places', 5, 5, 4, 4, 'CN-51', ?, ?, ?)",
				brand.id(), gtin, serial, now - 60_000, now - 60_000, now);
		String operator = "review-operator-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), operator, "Zhang Min", Role.OPERATOR, Portal.PASSWORD);
		String viewer = "review-viewer-" + Long.toHexString(System.nanoTime()) + "@test.example";
		this.accounts.ensureUser(brand.id(), viewer, "Chen Jie", Role.VIEWER, Portal.PASSWORD);

		try (PortalBrowser browser = new PortalBrowser(this.port)) {
			WebDriver d = browser.driver();
			browser.login(operator, Portal.PASSWORD);
			browser.open("/portal?lang=zh-CN");
			d.findElement(By.cssSelector("nav a[href='/portal/flagged-codes']")).click();
			browser.waiting(10).until(w -> !w.findElements(By.cssSelector("tr[data-serial]")).isEmpty());
			assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("可疑码核查");
			assertThat(d.findElement(By.cssSelector("tr[data-serial='" + serial + "']")).getText()).contains("待核查")
				.contains("不同的人在过多地点扫描");
			browser.assertAccessible("flagged codes (zh-CN)");
			browser.screenshots("flagged-list-zh");

			d.findElement(By.cssSelector("tr[data-serial='" + serial + "'] a")).click();
			browser.waiting(10).until(w -> !w.findElements(By.id("review-state")).isEmpty());
			assertThat(d.findElements(By.cssSelector("table.regions tbody tr"))).hasSize(4);
			assertThat(d.findElements(By.cssSelector("table.scans tbody tr"))).hasSize(5);
			assertThat(d.findElement(By.cssSelector("table.scans")).getText()).doesNotContain("a1b2c3d4e5f6");
			browser.assertAccessible("flagged code (zh-CN)");
			browser.screenshots("flagged-code-zh");

			d.findElement(By.cssSelector("form[action$='/clear'] button")).click();
			browser.waiting(10).until(w -> w.findElement(By.id("review-state")).getText().equals("已排除"));
			browser.open("/portal/flagged-codes/" + gtin + "/" + serial + "?lang=en");
			assertThat(d.findElement(By.id("review-state")).getText()).isEqualTo("Cleared");
			d.findElement(By.cssSelector("form[action$='/confirm'] button")).click();
			browser.waiting(10).until(w -> w.findElement(By.id("review-state")).getText().equals("Confirmed copy"));
			assertThat(d.findElement(By.cssSelector("p.notice.ok")).getText())
				.isEqualTo("Confirmed: the scan page says the label was copied.");
			browser.assertAccessible("flagged code, confirmed (en)");
			browser.screenshots("flagged-code-confirmed-en");
			d.findElement(By.cssSelector("form[action$='/void'] button")).click();
			browser.waiting(10).until(w -> w.findElement(By.id("review-state")).getText().equals("Voided"));
			assertThat(this.registry.status(gtin, serial)).isEqualTo(CodeStatus.VOIDED);
			browser.open("/portal/flagged-codes?state=ALL&lang=en");
			browser.assertAccessible("flagged codes, all (en)");
			browser.screenshots("flagged-list-en");

			// a viewer sees no link and is refused the page and the actions
			browser.logout();
			browser.login(viewer, Portal.PASSWORD);
			browser.open("/portal?lang=en");
			assertThat(d.findElements(By.cssSelector("nav a[href='/portal/flagged-codes']"))).isEmpty();
			browser.open("/portal/flagged-codes?lang=en");
			assertThat(d.findElements(By.cssSelector("tr[data-serial]"))).isEmpty();
			assertThat(d.getPageSource()).doesNotContain(serial);
		}
		assertThat(this.jdbc.queryForList("SELECT state FROM code_review WHERE gtin = ?", String.class, gtin))
			.isEqualTo(List.of("VOIDED"));
	}

}
