package com.veritrace.portal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
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
 * The distributors pages in headless Chromium against the real server (MariaDB): a
 * brand's admin adds a distributor (a partner and a warehouse location, two provinces),
 * sees the problems of a wrong region next to the field, changes its regions, and reads
 * the pages in Chinese; a viewer of the brand reads them without forms. Screenshots at
 * 1280 and 768 px into target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class DistributorPagesBrowserIntegrationTests {

	static PortalBrowser browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	String admin;

	String viewer;

	String partnerName;

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
		ApiClient.Tenant brand = api.tenant(ApiClient.unique("Moutai Town Distillery"), "BRAND", "read",
				"grants:manage");
		this.partnerName = ApiClient.unique("Guangzhou Wine Trading");
		ApiClient.Tenant partner = api.tenant(this.partnerName, "WAREHOUSE", "read", "events:write");
		api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + partner.id() + ",\"right\":\"EVENTS\"}", 201);
		this.admin = "distributors-admin-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(brand.id(), this.admin, "Wang Fang", Role.ADMIN, Portal.PASSWORD);
		this.viewer = "distributors-viewer-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(brand.id(), this.viewer, "Zhao Lei", Role.VIEWER, Portal.PASSWORD);
	}

	@Test
	void anAdminAddsADistributorFixesARegionAndChangesIt() throws Exception {
		browser.login(this.admin, Portal.PASSWORD);
		browser.open("/portal/distributors?lang=en");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText())
			.isEqualTo("Distributors and their regions");
		browser.assertAccessible("distributors, none (en)");
		browser.screenshots("distributors-none-en");

		browser.driver().findElement(By.id("name")).sendKeys("South China Wine");
		new Select(browser.driver().findElement(By.id("partnerOrganisationId"))).selectByVisibleText(this.partnerName);
		browser.driver().findElement(By.id("regions")).sendKeys("CN-44, CN-99, Shanghai");
		browser.driver().findElement(By.id("locations")).sendKeys("urn:epc:id:sgln:0614141.00777.0");
		submit();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("regions-error")));
		String errors = browser.driver().findElement(By.id("regions-error")).getText();
		assertThat(errors).contains("“CN-99” is not a province of China").contains("“Shanghai”");
		assertThat(browser.driver().findElement(By.id("regions")).getDomAttribute("aria-invalid")).isEqualTo("true");
		browser.assertAccessible("distributors, wrong region (en)");
		browser.screenshots("distributors-errors-en");

		WebElement regions = browser.driver().findElement(By.id("regions"));
		regions.clear();
		regions.sendKeys("CN-44, cn-gx");
		submit();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("South China Wine");
		assertThat(browser.driver().findElement(By.cssSelector("dl.facts")).getText()).contains("CN-44 Guangdong")
			.contains("CN-45 Guangxi")
			.contains(this.partnerName)
			.contains("urn:epc:id:sgln:0614141.00777.0");
		browser.assertAccessible("distributor (en)");
		browser.screenshots("distributor-en");

		regions = browser.driver().findElement(By.id("regions"));
		regions.clear();
		regions.sendKeys("CN-44 CN-45 HK");
		submit();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.notice.ok")));
		assertThat(browser.driver().findElement(By.cssSelector("dl.facts")).getText()).contains("HK");

		browser.open("/portal/distributors?lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("经销商及其授权区域");
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-distributor]")).getText())
			.contains("South China Wine")
			.contains("CN-44, CN-45, HK");
		browser.assertAccessible("distributors (zh-CN)");
		browser.screenshots("distributors-zh");
		browser.driver().findElement(By.linkText("South China Wine")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("dl.facts")));
		assertThat(browser.driver().findElement(By.cssSelector("dl.facts")).getText()).contains("广东省");
		browser.assertAccessible("distributor (zh-CN)");
		browser.screenshots("distributor-zh");

		// a viewer reads, without forms
		browser.logout();
		browser.login(this.viewer, Portal.PASSWORD);
		browser.open("/portal/distributors?lang=en");
		assertThat(browser.driver().findElements(By.tagName("form")))
			.allMatch(f -> !f.getDomAttribute("action").startsWith("/portal/distributors"));
		assertThat(browser.driver().findElement(By.cssSelector("tr[data-distributor]")).getText())
			.contains("South China Wine");
		browser.assertAccessible("distributors, viewer (en)");
	}

	private static void submit() {
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
	}

}
