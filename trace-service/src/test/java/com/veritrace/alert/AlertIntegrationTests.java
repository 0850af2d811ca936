package com.veritrace.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.feeds.FeedFailureWatch;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MailServer;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Alerts end to end on MariaDB: raised once per subject and window (occurrences counted,
 * a new window a new alert); acknowledged and resolved through the API and the portal by
 * operators and above of their organisation only (viewers and API keys without
 * {@code alerts:write} are refused, another organisation's alert is 404, a regulator
 * reads every brand's and acts on none); people's subscriptions deciding who is mailed
 * (GreenMail); an alert's signed webhook failing twice at a WireMock receiver and then
 * delivered, every attempt in the delivery log; a partner feed's refused records raising
 * a feed-failure alert for the brand that granted it rights (and for the platform
 * operator when no brand can be named).
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.notify.http.allow-loopback=true", "veritrace.notify.poll-interval=PT0.1S",
		"veritrace.notify.retry.initial-backoff=PT0.3S", "veritrace.notify.retry.max-backoff=PT1S",
		"veritrace.notify.retry.max-attempts=3", "veritrace.ingest.feed-failure.min-dead-letters=3",
		"veritrace.ingest.feed-failure.check-interval=PT1H", "spring.datasource.hikari.maximum-pool-size=4" })
class AlertIntegrationTests {

	static final MailServer SMTP = MailServer.start();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		SMTP.register(registry);
	}

	@AfterAll
	static void stopSmtp() {
		SMTP.stop();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AccountService accounts;

	@Autowired
	AlertService alerts;

	@Autowired
	FeedFailureWatch feeds;

	WireMockServer receiver;

	ApiClient api;

	Portal portal;

	Tenant brand;

	Tenant otherBrand;

	Tenant regulator;

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Alert brand"), "BRAND", "read", "products:write", "events:write",
				"grants:manage", "keys:manage", "alerts:write");
		this.otherBrand = this.api.tenant(ApiClient.unique("Alert other brand"), "BRAND", "read", "alerts:write");
		this.regulator = this.api.tenant(ApiClient.unique("Alert regulator"), "REGULATOR", "read", "alerts:write");
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
	}

	@Test
	void raisesInOneWindowAreOneAlertWithOccurrencesAndANewWindowIsANewAlert() throws Exception {
		long now = System.currentTimeMillis();
		if (now % 60_000 > 55_000) {
			// keep the first raises inside one minute
			Thread.sleep(60_000 - now % 60_000 + 200);
		}
		String subject = "lot:" + ApiClient.randomGtin() + "/L1";
		assertThat(this.alerts.raise(draft(this.brand.id(), subject, Severity.WARNING, Duration.ofMinutes(1), 1)))
			.isTrue();
		assertThat(this.alerts.raise(draft(this.brand.id(), subject, Severity.WARNING, Duration.ofMinutes(1), 2)))
			.isFalse();
		assertThat(this.alerts.raise(draft(this.brand.id(), subject, Severity.WARNING, Duration.ofMinutes(1), 3)))
			.isFalse();
		List<JsonNode> first = bySubject(this.brand, subject);
		assertThat(first).hasSize(1);
		assertThat(first.get(0).get("occurrences").asInt()).isEqualTo(3);
		assertThat(first.get(0).get("evidence").get("reading").asInt()).as("the latest evidence").isEqualTo(3);
		assertThat(first.get(0).get("state").asString()).isEqualTo("OPEN");
		// one notice for the three raises
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM notice WHERE organisation_id = ? AND notice_key = ?",
				Integer.class, this.brand.id(), "alert-" + first.get(0).get("id").asLong()))
			.isEqualTo(1);

		// the next window: a new alert
		Thread.sleep(60_000 - System.currentTimeMillis() % 60_000 + 200);
		assertThat(this.alerts.raise(draft(this.brand.id(), subject, Severity.WARNING, Duration.ofMinutes(1), 4)))
			.isTrue();
		List<JsonNode> both = bySubject(this.brand, subject);
		assertThat(both).hasSize(2);
		assertThat(both.get(0).get("occurrences").asInt()).isEqualTo(1);
		assertThat(both.get(1).get("occurrences").asInt()).isEqualTo(3);
	}

	@Test
	void operatorsActOnTheirOwnAlertsViewersReadAndOthersSeeNothing() throws Exception {
		String subject = "01/" + ApiClient.randomGtin() + "/21/S1";
		this.alerts.raise(draft(this.brand.id(), subject, Severity.CRITICAL, Duration.ofHours(1), 1));
		long id = bySubject(this.brand, subject).get(0).get("id").asLong();
		String path = "/api/v1/alerts/" + id;

		// filters and problem details
		JsonNode critical = this.api.call(get("/api/v1/alerts?kind=cold_chain&severity=CRITICAL&state=OPEN&limit=5"),
				this.brand.key(), "", 200);
		assertThat(critical.get("items").get(0).get("id").asLong()).isEqualTo(id);
		assertThat(this.api.call(get("/api/v1/alerts?kind=COLD_CHAIN&severity=INFO"), this.brand.key(), "", 200)
			.get("items")
			.toString()).doesNotContain("\"subject\":\"" + subject + "\"");
		JsonNode bad = this.api.call(get("/api/v1/alerts?kind=FIRE&state=DONE&limit=0"), this.brand.key(), "", 400);
		assertThat(bad.get("errors").toString()).contains("kind").contains("state").contains("limit");
		this.api.call(get("/api/v1/alerts/not-a-number"), this.brand.key(), "", 400);

		// another brand: not found, not listed, no action
		this.api.call(get(path), this.otherBrand.key(), "", 404);
		this.api.call(post(path + "/acknowledge"), this.otherBrand.key(), "", 404);
		assertThat(this.api.call(get("/api/v1/alerts?limit=200"), this.otherBrand.key(), "", 200).toString())
			.doesNotContain("\"subject\":\"" + subject + "\"");
		// a regulator reads it, with the brand named, and cannot act on it
		JsonNode seen = this.api.call(get(path), this.regulator.key(), "", 200);
		assertThat(seen.get("organisationName").asString()).startsWith("Alert brand");
		this.api.call(post(path + "/acknowledge"), this.regulator.key(), "", 403);
		// a key that only reads
		Tenant reader = this.api.tenant(ApiClient.unique("Alert reader"), "BRAND", "read");
		this.api.call(get("/api/v1/alerts"), reader.key(), "", 200);

		// a viewer reads the page but is refused the action; an operator acknowledges
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		Portal.Person operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		this.mvc.perform(viewer.as(get("/portal/alerts/" + id)))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Cold chain")))
			.andExpect(
					content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/acknowledge"))));
		this.mvc.perform(viewer.form(post("/portal/alerts/" + id + "/acknowledge"))).andExpect(status().isForbidden());
		this.mvc.perform(operator.as(post("/portal/alerts/" + id + "/acknowledge"))).andExpect(status().isForbidden());
		this.mvc.perform(operator.form(post("/portal/alerts/" + id + "/acknowledge")))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/portal/alerts/" + id));
		JsonNode acknowledged = this.api.call(get(path), this.brand.key(), "", 200);
		assertThat(acknowledged.get("state").asString()).isEqualTo("ACKNOWLEDGED");
		assertThat(acknowledged.get("acknowledgedBy").asString()).isEqualTo(operator.email());
		assertThat(acknowledged.get("acknowledgedAt").isNull()).isFalse();
		// again: a conflict
		JsonNode again = this.api.call(post(path + "/acknowledge"), this.brand.key(), "", 409);
		assertThat(again.get("detail").asString()).contains("ACKNOWLEDGED");
		// resolving needs a note
		JsonNode noNote = this.api.call(post(path + "/resolve"), this.brand.key(), "{\"note\":\"  \"}", 400);
		assertThat(noNote.get("errors").get(0).get("field").asString()).isEqualTo("note");
		this.mvc.perform(operator.form(post("/portal/alerts/" + id + "/resolve")).param("note", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("resolve-note-error")));
		JsonNode resolved = this.api.call(post(path + "/resolve"), this.brand.key(),
				"{\"note\":\"Lot L1 moved to the cold store again\"}", 200);
		assertThat(resolved.get("state").asString()).isEqualTo("RESOLVED");
		assertThat(resolved.get("resolvedBy").asString()).isEqualTo("API key " + this.brand.keyId());
		assertThat(resolved.get("acknowledgedBy").asString()).isEqualTo(operator.email());
		assertThat(resolved.get("note").asString()).isEqualTo("Lot L1 moved to the cold store again");
		this.api.call(post(path + "/resolve"), this.brand.key(), "{\"note\":\"twice\"}", 409);
		this.api.call(post(path + "/acknowledge"), this.brand.key(), "", 409);

		// OPEN straight to RESOLVED
		String other = subject + "-2";
		this.alerts.raise(draft(this.brand.id(), other, Severity.INFO, Duration.ofHours(1), 1));
		long second = bySubject(this.brand, other).get(0).get("id").asLong();
		this.mvc.perform(operator.form(post("/portal/alerts/" + second + "/resolve")).param("note", "False alarm"))
			.andExpect(status().is3xxRedirection());
		assertThat(this.api.call(get("/api/v1/alerts/" + second), this.brand.key(), "", 200).get("state").asString())
			.isEqualTo("RESOLVED");
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM audit_entry WHERE organisation_id = ? AND action IN ('alert.acknowledged', 'alert.resolved')",
				Integer.class, this.brand.id()))
			.isEqualTo(3);
	}

	@Test
	void subscriptionsDecideWhoIsMailedAndTheWebhookIsRetriedUntilDelivered() throws Exception {
		// the brand's receiver takes the registration ping; the alert's calls fail twice,
		// then the third is taken
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/alerts")
			.withHeader("X-Veritrace-Event", equalTo("PING"))
			.willReturn(aResponse().withStatus(200)));
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/alerts")
			.withHeader("X-Veritrace-Event", equalTo("FEED_FAILURE"))
			.inScenario("alert")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("failed once"));
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/alerts")
			.withHeader("X-Veritrace-Event", equalTo("FEED_FAILURE"))
			.inScenario("alert")
			.whenScenarioStateIs("failed once")
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("failed twice"));
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/alerts")
			.withHeader("X-Veritrace-Event", equalTo("FEED_FAILURE"))
			.inScenario("alert")
			.whenScenarioStateIs("failed twice")
			.willReturn(aResponse().withStatus(204)));
		long hook = this.api
			.call(post("/api/v1/webhooks"), this.brand.key(), "{\"url\":\"" + this.receiver.url("/alerts") + "\"}", 201)
			.get("endpoint")
			.get("id")
			.asLong();

		// the owner keeps the default (everything); the admin opts out of feed failures;
		// an operator subscribes from WARNING up; a viewer to critical ones only; another
		// viewer chose nothing
		String owner = person(Role.OWNER);
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		Portal.Person operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		Portal.Person viewer = this.portal.login(this.brand.id(), Role.VIEWER);
		String silent = person(Role.VIEWER);
		subscribe(admin, "NONE");
		subscribe(operator, "WARNING");
		subscribe(viewer, "CRITICAL");
		String page = this.mvc.perform(operator.as(get("/portal/profile")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("name=\"kind.FEED_FAILURE\"").contains("value=\"WARNING\" selected");
		this.mvc.perform(operator.form(post("/portal/profile/alerts")).param("kind.FEED_FAILURE", "LOUD"))
			.andExpect(status().isBadRequest());

		String subject = "feed:" + System.nanoTime();
		this.alerts
			.raise(draft(this.brand.id(), subject, Severity.WARNING, Duration.ofHours(1), 1, AlertKind.FEED_FAILURE));
		long id = bySubject(this.brand, subject).get(0).get("id").asLong();

		await("the mails to the owner and the operator",
				() -> SMTP.to(owner).size() == 1 && SMTP.to(operator.email()).size() == 1 ? true : null);
		MimeMessage mail = SMTP.to(operator.email()).get(0);
		assertThat(MailServer.text(mail)).contains("/portal/alerts/" + id);
		// the webhook's three calls
		List<LoggedRequest> calls = await("three calls", () -> {
			List<LoggedRequest> found = this.receiver.findAll(
					postRequestedFor(urlEqualTo("/alerts")).withHeader("X-Veritrace-Event", equalTo("FEED_FAILURE")));
			return found.size() >= 3 ? found : null;
		});
		assertThat(calls).hasSize(3);
		JsonNode body = JSON.readTree(calls.get(2).getBodyAsString());
		assertThat(body.get("alert").get("id").asLong()).isEqualTo(id);
		assertThat(body.get("alert").get("severity").asString()).isEqualTo("WARNING");
		assertThat(body.get("link").asString()).isEqualTo(MailServer.BASE + "/portal/alerts/" + id);
		JsonNode log = await("the third attempt logged", () -> {
			JsonNode items = this.api.call(get("/api/v1/webhooks/" + hook + "/deliveries"), this.brand.key(), "", 200)
				.get("items");
			return items.size() >= 4 && items.get(0).get("delivered").asBoolean() ? items : null;
		});
		// newest first: the 204, the 500, the 503, the registration ping
		assertThat(log).hasSize(4);
		assertThat(log.get(0).get("attempt").asInt()).isEqualTo(3);
		assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(204);
		assertThat(log.get(1).get("error").asString()).isEqualTo("HTTP 500");
		assertThat(log.get(2).get("error").asString()).isEqualTo("HTTP 503");
		assertThat(log.get(2).get("attempt").asInt()).isEqualTo(1);
		assertThat(log.get(0).get("noticeKind").asString()).isEqualTo("FEED_FAILURE");

		// nobody else was mailed; a critical alert reaches the viewer too, and the admin
		// (who opted out of feed failures only) gets other kinds
		Thread.sleep(500);
		assertThat(SMTP.to(admin.email())).isEmpty();
		assertThat(SMTP.to(viewer.email())).isEmpty();
		assertThat(SMTP.to(silent)).isEmpty();
		this.alerts.raise(draft(this.brand.id(), subject + "-c", Severity.CRITICAL, Duration.ofHours(1), 1,
				AlertKind.FEED_FAILURE));
		this.alerts
			.raise(draft(this.brand.id(), subject + "-d", Severity.INFO, Duration.ofHours(1), 1, AlertKind.COLD_CHAIN));
		await("the critical one to the viewer and the cold-chain one to the admin",
				() -> SMTP.to(viewer.email()).size() == 1 && SMTP.to(admin.email()).size() == 1 ? true : null);
		assertThat(SMTP.to(owner)).hasSize(3);
		assertThat(SMTP.to(operator.email())).hasSize(2);
		assertThat(SMTP.to(silent)).isEmpty();
	}

	@Test
	void aPartnerFeedRefusedAboveTheThresholdRaisesAFeedFailureForTheBrandThatGrantedIt() throws Exception {
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Tea\"}", 201);
		Tenant carrier = this.api.tenant(ApiClient.unique("Alert carrier"), "LOGISTICS", "read", "events:write");
		this.api.call(post("/api/v1/grants"), this.brand.key(),
				"{\"granteeOrganisationId\":" + carrier.id() + ",\"right\":\"EVENTS\",\"gtin\":\"" + gtin + "\"}", 201);
		Tenant stranger = this.api.tenant(ApiClient.unique("Alert stranger"), "LOGISTICS", "read", "events:write");
		// two refused records: under the threshold (3)
		for (int i = 0; i < 2; i++) {
			this.api.call(post("/api/v1/ingest/carrier-delivery"), carrier.key(), "{\"waybill\": " + i + "}", 202);
		}
		this.api.call(post("/api/v1/ingest/carrier-delivery"), stranger.key(), "{\"waybill\": 1}", 202);
		awaitDeadLetters(carrier, 2);
		this.feeds.check();
		assertThat(feedAlerts(this.brand.id(), carrier.id())).isEmpty();
		// two more: four refused, none stored: above the rate
		for (int i = 2; i < 4; i++) {
			this.api.call(post("/api/v1/ingest/carrier-delivery"), carrier.key(), "{\"waybill\": " + i + "}", 202);
		}
		for (int i = 1; i < 3; i++) {
			this.api.call(post("/api/v1/ingest/carrier-delivery"), stranger.key(), "{\"waybill\": " + i + "}", 202);
		}
		awaitDeadLetters(carrier, 4);
		awaitDeadLetters(stranger, 3);
		this.feeds.check();
		this.feeds.check();
		List<Map<String, Object>> raised = feedAlerts(this.brand.id(), carrier.id());
		assertThat(raised).hasSize(1);
		assertThat(raised.get(0).get("occurrences")).isEqualTo(2);
		assertThat(raised.get(0).get("severity")).isEqualTo("CRITICAL");
		long id = ((Number) raised.get(0).get("id")).longValue();
		JsonNode alert = this.api.call(get("/api/v1/alerts/" + id), this.brand.key(), "", 200);
		assertThat(alert.get("evidence").get("refused").asInt()).isEqualTo(4);
		assertThat(alert.get("evidence").get("reasons").get("invalid").asInt()).isEqualTo(4);
		assertThat(alert.get("title").get("en").asString()).contains(alert.get("evidence").get("partner").asString());
		assertThat(alert.get("title").get("zh-CN").asString()).startsWith("合作伙伴数据接入异常");
		// the carrier itself is not a brand: no alert of its own
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE organisation_id = ?", Integer.class,
				carrier.id()))
			.isZero();
		// nobody granted the stranger anything: the platform operator is told
		Long platform = this.jdbc.queryForObject("SELECT MIN(id) FROM organisation WHERE kind = 'PLATFORM'",
				Long.class);
		assertThat(feedAlerts(platform, stranger.id())).hasSize(1);
	}

	private void subscribe(Portal.Person person, String feedFailures) throws Exception {
		this.mvc.perform(person.form(post("/portal/profile/alerts")).param("kind.FEED_FAILURE", feedFailures))
			.andExpect(status().is3xxRedirection());
	}

	private List<Map<String, Object>> feedAlerts(long organisationId, long partnerId) {
		return this.jdbc.queryForList(
				"SELECT id, occurrences, severity FROM alert WHERE organisation_id = ? AND kind = 'FEED_FAILURE' "
						+ "AND subject = ?",
				organisationId, "feed:" + partnerId);
	}

	private void awaitDeadLetters(Tenant sender, int count) throws Exception {
		await(count + " dead letters",
				() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM ingest_dead_letter WHERE organisation_id = ?",
						Integer.class, sender.id()) >= count ? true : null);
	}

	private String person(Role role) {
		String email = "alert-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime()
				+ "@test.example";
		this.accounts.ensureUser(this.brand.id(), email, "Alert " + role, role, Portal.PASSWORD);
		return email;
	}

	private List<JsonNode> bySubject(Tenant organisation, String subject) throws Exception {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode item : this.api.call(get("/api/v1/alerts?limit=200"), organisation.key(), "", 200).get("items")) {
			if (item.get("subject").asString().equals(subject)) {
				found.add(item);
			}
		}
		return found;
	}

	static AlertDraft draft(long organisationId, String subject, Severity severity, Duration window, int reading) {
		return draft(organisationId, subject, severity, window, reading, AlertKind.COLD_CHAIN);
	}

	static AlertDraft draft(long organisationId, String subject, Severity severity, Duration window, int reading,
			AlertKind kind) {
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("reading", reading);
		evidence.put("range", Map.of("min", 2, "max", 8));
		return new AlertDraft(organisationId, kind, severity, subject, window,
				Map.of("en", "Cold chain broken: " + subject, "zh-CN", "冷链异常：" + subject),
				Map.of("en", "A reading of " + reading + " °C", "zh-CN", "读数 " + reading + " °C"), null, evidence,
				null);
	}

	/** Waits up to 30 s for {@code found} to answer something other than null. */
	static <T> T await(String what, Callable<T> found) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			T value = found.call();
			if (value != null) {
				return value;
			}
			assertThat(System.nanoTime()).as(what).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
