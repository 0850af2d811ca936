package com.veritrace.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.catalog.CatalogService;
import com.veritrace.support.ApiClient;
import com.veritrace.support.Portal;
import com.veritrace.support.PortalBrowser;
import com.veritrace.support.PortalBrowserTest;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access pages in headless Chromium against the real server (MariaDB): a brand's
 * admin grants a partner and revokes the grant, creates an API key, copies the secret
 * shown once, revokes the key (the API refuses it afterwards); the platform operator's
 * organisations and integrity pages. Screenshots at 1280 and 768 px, in English and
 * Chinese, into target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class AccessPagesBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	AccountService accounts;

	@Autowired
	OrganisationService organisations;

	@Autowired
	CatalogService catalog;

	@Autowired
	JdbcTemplate jdbc;

	Organisation brand;

	Organisation warehouse;

	String gtin;

	String admin;

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
		this.brand = this.organisations.createUnchecked(ApiClient.unique("Hangzhou Tea Co."), OrganisationKind.BRAND);
		this.warehouse = this.organisations.createUnchecked(ApiClient.unique("Ningbo Warehouse"),
				OrganisationKind.WAREHOUSE);
		this.gtin = ApiClient.randomGtin();
		this.catalog.createProduct(new Caller(this.brand.getId(), this.brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE)), this.gtin, "Longjing green tea", null, null);
		this.admin = "access-admin-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.brand.getId(), this.admin, "Zhang Min", Role.ADMIN, Portal.PASSWORD);
	}

	@Test
	void anAdminGrantsAPartnerAndRevokesTheGrant() throws Exception {
		browser.login(this.admin, Portal.PASSWORD);
		browser.open("/portal/partners?lang=en");
		browser.driver().findElement(By.id("find")).sendKeys(this.warehouse.getName());
		browser.driver().findElement(By.cssSelector("form.search button")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("find="));
		new Select(browser.driver().findElement(By.id("granteeOrganisationId")))
			.selectByValue(String.valueOf(this.warehouse.getId()));
		browser.driver().findElement(By.cssSelector("input[name=right][value=EVENTS]")).click();
		browser.driver().findElement(By.id("gtin")).sendKeys(this.gtin);
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		WebElement row = browser.driver().findElement(By.cssSelector("tr[data-grant]"));
		assertThat(row.getText()).contains(this.warehouse.getName()).contains("Longjing green tea").contains(this.gtin);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM partner_grant WHERE brand_id = ? AND grantee_id = ? AND revoked_at IS NULL",
				Integer.class, this.brand.getId(), this.warehouse.getId()))
			.isEqualTo(1);
		browser.assertAccessible("partners (en)");
		browser.screenshots("access-partners-en");
		browser.open("/portal/partners?lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("合作方与授权");
		browser.assertAccessible("partners (zh-CN)");
		browser.screenshots("access-partners-zh");

		// a form error is shown next to its field: REPORTS is for labs only
		browser.open("/portal/partners?find=" + this.warehouse.getName().replace(" ", "+"));
		new Select(browser.driver().findElement(By.id("granteeOrganisationId")))
			.selectByValue(String.valueOf(this.warehouse.getId()));
		browser.driver().findElement(By.cssSelector("input[name=right][value=REPORTS]")).click();
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("right-error")));
		browser.assertAccessible("partners with an error (zh-CN)");
		browser.screenshots("access-partners-error-zh");

		// the warehouse's people see the grant they hold, and cannot revoke it
		String partner = "access-partner-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.warehouse.getId(), partner, "Chen Jie", Role.OPERATOR, Portal.PASSWORD);
		browser.logout();
		browser.login(partner, Portal.PASSWORD);
		browser.open("/portal/partners?lang=en");
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-grant]")).getText())
			.contains(this.brand.getName())
			.contains(this.gtin);
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-grant] button"))).isEmpty();
		browser.assertAccessible("partners held (en)");
		browser.screenshots("access-partners-held-en");
		browser.open("/portal/partners?lang=zh-CN");
		browser.assertAccessible("partners held (zh-CN)");
		browser.screenshots("access-partners-held-zh");
		browser.logout();
		browser.login(this.admin, Portal.PASSWORD);

		browser.open("/portal/partners?lang=en");
		browser.driver().findElement(By.cssSelector("tr[data-grant] button.danger")).click();
		browser.driver().switchTo().alert().accept();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-grant]")).getText()).contains("Revoked");
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM partner_grant WHERE brand_id = ? AND grantee_id = ? AND revoked_at IS NOT NULL",
				Integer.class, this.brand.getId(), this.warehouse.getId()))
			.isEqualTo(1);
	}

	@Test
	void anAdminCreatesAKeyCopiesItOnceAndRevokesIt() throws Exception {
		browser.login(this.admin, Portal.PASSWORD);
		browser.open("/portal/keys?lang=en");
		browser.assertAccessible("keys (en)");
		browser.driver().findElement(By.id("name")).sendKeys("Warehouse ERP");
		browser.driver().findElement(By.cssSelector("input[name=scopes][value='read']")).click();
		browser.driver().findElement(By.cssSelector("input[name=scopes][value='events:write']")).click();
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
		String secret = browser.driver().findElement(By.id("secret")).getDomProperty("value");
		assertThat(secret).matches("vt_[A-Za-z0-9_-]{43}");
		assertThat(api(secret)).isEqualTo(200);
		browser.assertAccessible("keys with the new secret (en)");
		browser.screenshots("access-keys-secret-en");

		// shown once: the page again has only its beginning
		browser.open("/portal/keys?lang=zh-CN");
		assertThat(browser.driver().getPageSource()).doesNotContain(secret).contains(secret.substring(0, 10));
		browser.assertAccessible("keys (zh-CN)");
		browser.screenshots("access-keys-zh");

		browser.driver().findElement(By.cssSelector("tr[data-key] button.danger")).click();
		browser.driver().switchTo().alert().accept();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(api(secret)).isEqualTo(401);
		browser.open("/portal/keys?lang=en");
		browser.screenshots("access-keys-revoked-en");
	}

	@Test
	void thePlatformOperatorsPages() throws Exception {
		long platform = this.jdbc.queryForObject("SELECT id FROM organisation WHERE kind = 'PLATFORM'", Long.class);
		String operator = "operator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(platform, operator, "Platform operator", Role.ADMIN, Portal.PASSWORD);
		browser.login(operator, Portal.PASSWORD);
		browser.open("/portal/organisations?lang=en&q=" + this.brand.getName().replace(" ", "+"));
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-organisation]")).getText())
			.contains(this.brand.getName());
		browser.assertAccessible("organisations (en)");
		browser.screenshots("access-organisations-en");
		browser.driver().findElement(By.cssSelector("tr[data-organisation] a")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("email")));
		browser.assertAccessible("organisation (en)");
		browser.screenshots("access-organisation-en");
		browser.open("/portal/organisations?lang=zh-CN");
		browser.assertAccessible("organisations (zh-CN)");
		browser.screenshots("access-organisations-zh");
		browser.open("/portal/integrity?lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("完整性");
		browser.assertAccessible("integrity (zh-CN)");
		browser.screenshots("access-integrity-zh");
		browser.open("/portal/integrity?lang=en");
		browser.assertAccessible("integrity (en)");
		browser.screenshots("access-integrity-en");
	}

	private int api(String key) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/organisations/me"))
				.header("Authorization", "Bearer " + key)
				.build(), HttpResponse.BodyHandlers.ofString());
		return response.statusCode();
	}

}
