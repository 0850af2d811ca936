package com.veritrace.portal;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.catalog.CatalogService;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.partners.GrantRight;
import com.veritrace.partners.GrantService;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event pages in headless Chromium against the real server (MariaDB): a brand's
 * viewer searches its events, opens an item's journey; the refused-events page; a lab's
 * report list and upload form. Screenshots at 1280 and 768 px, in English and Chinese,
 * into target/screenshots/portal/; axe-core on every page.
 */
@PortalBrowserTest
class EventPagesBrowserIntegrationTests {

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
	GrantService grants;

	@Autowired
	EventRecorder recorder;

	final EpcisDocumentParser parser = new EpcisDocumentParser();

	final EventHasher hasher = new EventHasher();

	Organisation brand;

	Organisation warehouse;

	String gtin;

	String viewer;

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
		Caller brandCaller = new Caller(this.brand.getId(), this.brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.GRANTS_MANAGE));
		this.catalog.createProduct(brandCaller, this.gtin, "Longjing green tea", null, null);
		this.catalog.createLot(brandCaller, this.gtin, "LJ-2026-03", null, null);
		this.grants.grant(brandCaller, this.warehouse.getId(), GrantRight.EVENTS, this.gtin, null);
		this.viewer = "events-viewer-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.brand.getId(), this.viewer, "Chen Jing", Role.VIEWER, Portal.PASSWORD);
		String[][] journey = { { "2026-03-01T02:00:00Z", "commissioning", "brand" },
				{ "2026-03-02T06:30:00Z", "packing", "brand" }, { "2026-03-03T09:15:00Z", "shipping", "brand" },
				{ "2026-03-05T01:45:00Z", "receiving", "warehouse" },
				{ "2026-03-06T08:00:00Z", "storing", "warehouse" },
				{ "2026-03-09T03:20:00Z", "shipping", "warehouse" } };
		for (String[] step : journey) {
			record(step[2].equals("brand") ? this.brand.getId() : this.warehouse.getId(),
					"{\"type\":\"ObjectEvent\",\"eventTime\":\"" + step[0] + "\",\"eventTimeZoneOffset\":\"+08:00\","
							+ "\"epcList\":[\"https://id.gs1.org/01/" + this.gtin + "/21/TEA0001\"],"
							+ "\"action\":\"OBSERVE\",\"bizStep\":\"" + step[1] + "\","
							+ "\"readPoint\":{\"id\":\"urn:epc:id:sgln:0614141.00777.0\"}}");
		}
	}

	@Test
	void aBrandSearchesItsEventsAndOpensAnItemsJourney() throws Exception {
		browser.login(this.viewer, Portal.PASSWORD);
		browser.open("/portal/events?lang=en");
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-hash]"))).hasSize(6);
		browser.assertAccessible("events (en)");
		browser.screenshots("events-list-en");

		new Select(browser.driver().findElement(By.id("ev-bizStep"))).selectByValue("shipping");
		browser.driver().findElement(By.cssSelector("form.ev-search button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.urlContains("bizStep=shipping"));
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-hash]"))).hasSize(2);

		browser.open("/portal/events?code=not-a-code&lang=zh-CN");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("事件");
		assertThat(browser.driver().findElement(By.id("ev-code-error")).getText()).contains("not an item code");
		browser.assertAccessible("events with an error (zh-CN)");
		browser.screenshots("events-error-zh");
		browser.open("/portal/events?lang=zh-CN");
		browser.assertAccessible("events (zh-CN)");
		browser.screenshots("events-list-zh");

		browser.driver()
			.findElement(By.id("ev-item-code"))
			.sendKeys("https://id.gs1.org/01/" + this.gtin + "/21/TEA0001");
		browser.driver().findElement(By.cssSelector("form.search button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("ol.ev-journey")));
		List<org.openqa.selenium.WebElement> steps = browser.driver().findElements(By.cssSelector("ol.ev-journey li"));
		assertThat(steps).hasSize(6);
		assertThat(steps.get(0).getText()).contains("commissioning").contains("ni:///sha-256;");
		browser.assertAccessible("journey (zh-CN)");
		browser.screenshots("events-journey-zh");
		browser.open("/portal/events/items/01/" + this.gtin + "/21/TEA0001?lang=en");
		browser.assertAccessible("journey (en)");
		browser.screenshots("events-journey-en");

		browser.open("/portal/events/items/01/" + ApiClient.randomGtin() + "/21/TEA0001?lang=en");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
	}

	@Test
	void theRefusedEventsAndTheReportPages() throws Exception {
		String operator = "events-operator-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(this.warehouse.getId(), operator, "Liu Yang", Role.OPERATOR, Portal.PASSWORD);
		browser.login(operator, Portal.PASSWORD);
		browser.open("/portal/dead-letters?lang=en");
		assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Refused events");
		browser.assertAccessible("refused events (en)");
		browser.screenshots("events-dead-letters-en");
		browser.open("/portal/dead-letters?lang=zh-CN");
		browser.assertAccessible("refused events (zh-CN)");
		browser.screenshots("events-dead-letters-zh");
		browser.open("/portal/events?lang=en");
		assertThat(browser.driver().findElements(By.cssSelector("tr[data-hash]"))).hasSize(3);

		browser.logout();
		Organisation lab = this.organisations.createUnchecked(ApiClient.unique("Zhejiang Test Lab"),
				OrganisationKind.LAB);
		String labUser = "events-lab-" + System.nanoTime() + "@test.example";
		this.accounts.ensureUser(lab.getId(), labUser, "Dr. Wang Li", Role.OPERATOR, Portal.PASSWORD);
		browser.login(labUser, Portal.PASSWORD);
		browser.open("/portal/reports?lang=en");
		browser.assertAccessible("reports (en)");
		browser.screenshots("reports-list-en");
		browser.open("/portal/reports/new?lang=zh-CN");
		browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")).click();
		browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("reportNumber-error")));
		browser.assertAccessible("report upload with errors (zh-CN)");
		browser.screenshots("reports-upload-error-zh");
		browser.open("/portal/reports/new?lang=en");
		browser.assertAccessible("report upload (en)");
		browser.screenshots("reports-upload-en");
	}

	private void record(long reporter, String json) {
		EpcisEvent event = this.parser.parse(json).events().get(0);
		EventSink.Outcome outcome = this.recorder
			.record(reporter, List.of(new EventSink.HashedEvent(event, this.hasher.hash(event))))
			.get(0);
		assertThat(outcome.status()).as(outcome.reason()).isEqualTo(EventSink.Status.STORED);
	}

}
