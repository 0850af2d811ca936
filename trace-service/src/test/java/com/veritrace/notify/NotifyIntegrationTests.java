package com.veritrace.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
import com.veritrace.codes.Sscc;
import com.veritrace.events.AffectedEvents;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.recall.RecallAlertRaised;
import com.veritrace.recall.RecallChanged;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.EpcisCapture;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MailServer;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Telling partners of a recall, end to end on MariaDB: a brand recalls a lot; the
 * warehouse that packed its items and the carrier that shipped the pallet holding them
 * get an inbox notice, a signed webhook (WireMock as the warehouse's receiver on
 * loopback: a 500, then a 200, two logged attempts, the same signed body) and a mail to
 * their owners and admins (GreenMail); a warehouse that only touched another lot gets
 * nothing until an amendment adds that lot. A crash between the recall's commit and its
 * notices loses nothing and tells once. Webhook URLs that are not https, private, or
 * redirect are refused with problem details; another organisation's webhooks and notices
 * are 404.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.notify.http.allow-loopback=true", "veritrace.notify.poll-interval=PT0.1S",
		"veritrace.notify.retry.initial-backoff=PT0.3S", "veritrace.notify.retry.max-backoff=PT1S",
		"veritrace.notify.retry.max-attempts=3" })
class NotifyIntegrationTests {

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
	CodeIssuanceService issuance;

	@Autowired
	CodeRegistry registry;

	@Autowired
	IncompleteEventPublications publications;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	RecallNotices recallNotices;

	@MockitoSpyBean
	AffectedEvents affectedEvents;

	WireMockServer receiver;

	ApiClient api;

	Tenant brand;

	Tenant warehouse;

	Tenant carrier;

	Tenant bystander;

	Tenant regulator;

	String gtin;

	List<String> lot1;

	String warehouseOwner;

	String warehouseAdmin;

	String warehouseViewer;

	String carrierAdmin;

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		this.receiver.start();
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Notify brand"), "BRAND", "read", "products:write", "codes:issue",
				"events:write", "grants:manage", "recalls:write", "keys:manage");
		this.warehouse = this.api.tenant(ApiClient.unique("Notify warehouse"), "WAREHOUSE", "read", "events:write",
				"keys:manage");
		this.carrier = this.api.tenant(ApiClient.unique("Notify carrier"), "LOGISTICS", "read", "events:write",
				"keys:manage");
		this.bystander = this.api.tenant(ApiClient.unique("Notify bystander"), "WAREHOUSE", "read", "events:write",
				"keys:manage");
		this.regulator = this.api.tenant(ApiClient.unique("Notify regulator"), "REGULATOR", "read", "recalls:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Longjing tea 250 g\"}", 201);
		for (String lot : new String[] { "L1", "L2" }) {
			this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"" + lot + "\"}", 201);
		}
		for (Tenant partner : new Tenant[] { this.warehouse, this.carrier, this.bystander }) {
			this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + partner.id()
					+ ",\"right\":\"EVENTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
		}
		this.lot1 = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "L1", 3, 0);
		List<String> lot2 = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "L2",
				2, 0);
		// the warehouse packs two items of L1 into a pallet; the carrier ships the pallet
		// (naming only the pallet); the bystander handles an item of L2
		String pallet = Sscc.of(0, "0614141", (System.nanoTime() / 1000) % 1_000_000_000L).value();
		record(this.warehouse,
				"{\"type\":\"AggregationEvent\",\"eventTime\":\"2026-11-02T08:00:00Z\","
						+ "\"eventTimeZoneOffset\":\"+08:00\",\"parentID\":\"https://id.gs1.org/00/" + pallet
						+ "\",\"childEPCs\":[\"" + item(this.lot1.get(0)) + "\",\"" + item(this.lot1.get(1))
						+ "\"],\"action\":\"ADD\",\"bizStep\":\"packing\"}");
		record(this.carrier,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-03T08:00:00Z\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"https://id.gs1.org/00/" + pallet
						+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"shipping\"}");
		record(this.bystander,
				"{\"type\":\"ObjectEvent\",\"eventTime\":\"2026-11-03T09:00:00Z\",\"eventTimeZoneOffset\":\"+08:00\","
						+ "\"epcList\":[\"" + item(lot2.get(0))
						+ "\"],\"action\":\"OBSERVE\",\"bizStep\":\"receiving\"}");
		this.warehouseOwner = person(this.warehouse, Role.OWNER);
		this.warehouseAdmin = person(this.warehouse, Role.ADMIN);
		this.warehouseViewer = person(this.warehouse, Role.VIEWER);
		this.carrierAdmin = person(this.carrier, Role.ADMIN);
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
	}

	@Test
	void aRecallTellsThePartnersThatHeldItsItemsByInboxSignedWebhookAndMail() throws Exception {
		// the warehouse's receiver: the registration ping is taken; the recall's first
		// call fails with a 500, the next is taken
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hook")
			.withHeader("X-Veritrace-Event", equalTo("PING"))
			.willReturn(aResponse().withStatus(200)));
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hook")
			.withHeader("X-Veritrace-Event", equalTo("RECALL_ISSUED"))
			.inScenario("recall")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500))
			.willSetStateTo("failed once"));
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hook")
			.withHeader("X-Veritrace-Event", equalTo("RECALL_ISSUED"))
			.inScenario("recall")
			.whenScenarioStateIs("failed once")
			.willReturn(aResponse().withStatus(200)));
		JsonNode created = this.api.call(post("/api/v1/webhooks"), this.warehouse.key(),
				"{\"url\":\"" + this.receiver.url("/hook") + "\",\"description\":\"Warehouse ERP\"}", 201);
		String secret = created.get("secret").asString();
		long hook = created.get("endpoint").get("id").asLong();
		assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM webhook_endpoint WHERE id = ? AND secret_box LIKE ?",
				Integer.class, hook, "%" + secret.substring(6) + "%"))
			.as("the secret is not stored in clear")
			.isZero();
		this.receiver.verify(1, postRequestedFor(urlEqualTo("/hook")));

		String recall = recall(List.of("L1"));

		// the warehouse's webhook: a 500, then a 200 after the back-off
		List<LoggedRequest> calls = await("two recall calls to the warehouse's receiver", () -> {
			List<LoggedRequest> found = this.receiver.findAll(
					postRequestedFor(urlEqualTo("/hook")).withHeader("X-Veritrace-Event", equalTo("RECALL_ISSUED")));
			return found.size() >= 2 ? found : null;
		});
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).getBodyAsString()).isEqualTo(calls.get(1).getBodyAsString());
		assertThat(calls.get(0).getHeader("X-Veritrace-Delivery"))
			.isEqualTo(calls.get(1).getHeader("X-Veritrace-Delivery"));
		for (LoggedRequest call : calls) {
			assertSigned(call, secret);
		}
		JsonNode body = JSON.readTree(calls.get(1).getBodyAsString());
		assertThat(body.get("type").asString()).isEqualTo("RECALL_ISSUED");
		assertThat(body.get("organisationId").asLong()).isEqualTo(this.warehouse.id());
		assertThat(body.get("link").asString()).isEqualTo(MailServer.BASE + "/portal/recalls/" + recall);
		assertThat(body.get("recall").get("id").asString()).isEqualTo(recall);
		assertThat(body.get("recall").get("lots").toString()).isEqualTo("[\"L1\"]");
		assertThat(body.get("title").get("en").asString()).contains("Longjing tea 250 g").contains(this.gtin);
		assertThat(body.get("body").get("zh-CN").asString()).contains("停止销售，封存全部库存。");
		JsonNode log = await("the second attempt logged", () -> {
			JsonNode page = this.api.call(get("/api/v1/webhooks/" + hook + "/deliveries"), this.warehouse.key(), "",
					200);
			return page.get("items").size() >= 3 ? page.get("items") : null;
		});
		// newest first: the 200, the 500, the registration ping
		assertThat(log).hasSize(3);
		assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(200);
		assertThat(log.get(0).get("attempt").asInt()).isEqualTo(2);
		assertThat(log.get(0).get("delivered").asBoolean()).isTrue();
		assertThat(log.get(0).get("noticeKind").asString()).isEqualTo("RECALL_ISSUED");
		assertThat(log.get(1).get("statusCode").asInt()).isEqualTo(500);
		assertThat(log.get(1).get("attempt").asInt()).isEqualTo(1);
		assertThat(log.get(1).get("delivered").asBoolean()).isFalse();
		assertThat(log.get(1).get("error").asString()).isEqualTo("HTTP 500");
		assertThat(log.get(1).get("durationMs").asLong()).isNotNegative();
		assertThat(log.get(2).has("noticeKind")).isFalse();
		JsonNode hooks = this.api.call(get("/api/v1/webhooks"), this.warehouse.key(), "", 200);
		assertThat(hooks.get(0).get("delivered").asLong()).isEqualTo(1);
		assertThat(hooks.get(0).get("pending").asLong()).isZero();
		assertThat(hooks.get(0).get("secretHint").asString()).isEqualTo(secret.substring(0, 12) + "…");

		// the partners that held the items are the recall's recipients: not the
		// bystander, not the brand, not the regulator
		assertThat(recipients(recall)).containsExactly(this.warehouse.id(), this.carrier.id());
		JsonNode inbox = this.api.call(get("/api/v1/notices"), this.warehouse.key(), "", 200);
		assertThat(inbox.get("unread").asLong()).isEqualTo(1);
		JsonNode notice = inbox.get("items").get(0);
		assertThat(notice.get("kind").asString()).isEqualTo("RECALL_ISSUED");
		assertThat(notice.get("link").asString()).isEqualTo("/portal/recalls/" + recall);
		assertThat(notice.get("title").get("zh-CN").asString()).startsWith("召回：Longjing tea 250 g");
		assertThat(notice.get("body").get("en").asString()).contains("Stop selling; hold all stock.")
			.contains("lots L1");
		assertThat(notices(this.carrier)).extracting(n -> n.get("kind").asString()).containsExactly("RECALL_ISSUED");
		assertThat(notices(this.bystander)).isEmpty();
		// told, the carrier may read the recall; the bystander may not
		this.api.call(get("/api/v1/recalls/" + recall), this.carrier.key(), "", 200);
		this.api.call(get("/api/v1/recalls/" + recall), this.bystander.key(), "", 404);
		// the brand and the regulators run it: told, with how many partners were
		assertThat(notices(this.brand).get(0).get("body").get("en").asString())
			.contains("Partner organisations told (they hold or held affected items): 2.");
		assertThat(notices(this.regulator)).extracting(n -> n.get("kind").asString()).containsExactly("RECALL_ISSUED");

		// mail: to the owners and admins, once each; not to a viewer
		MimeMessage mail = await("the mail to the warehouse's owner", () -> {
			List<MimeMessage> to = SMTP.to(this.warehouseOwner);
			return to.isEmpty() ? null : to.get(0);
		});
		assertThat(mail.getSubject()).contains("召回：Longjing tea 250 g").contains("Recall: Longjing tea 250 g");
		assertThat(MailServer.text(mail)).contains("停止销售，封存全部库存。")
			.contains("Stop selling; hold all stock.")
			.contains(MailServer.BASE + "/portal/recalls/" + recall);
		await("the mails to the warehouse's admin and the carrier's admin",
				() -> SMTP.to(this.warehouseAdmin).size() == 1 && SMTP.to(this.carrierAdmin).size() == 1 ? true : null);
		assertThat(SMTP.to(this.warehouseOwner)).hasSize(1);
		assertThat(SMTP.to(this.warehouseViewer)).isEmpty();
		assertThat(
				this.jdbc.queryForList(
						"SELECT d.status FROM notice_delivery d JOIN notice n ON n.id = d.notice_id "
								+ "WHERE n.organisation_id = ? AND d.channel = 'MAIL'",
						String.class, this.warehouse.id()))
			.containsExactly("DELIVERED", "DELIVERED");

		// read for the whole organisation
		JsonNode read = this.api.call(post("/api/v1/notices/" + notice.get("id").asLong() + "/read"),
				this.warehouse.key(), "", 200);
		assertThat(read.get("readAt").isNull()).isFalse();
		assertThat(
				this.api.call(get("/api/v1/notices?unread=true"), this.warehouse.key(), "", 200).get("unread").asLong())
			.isZero();

		// another organisation's webhook and notice are not found
		this.api.call(get("/api/v1/webhooks/" + hook + "/deliveries"), this.carrier.key(), "", 404);
		this.api.call(delete("/api/v1/webhooks/" + hook), this.carrier.key(), "", 404);
		this.api.call(post("/api/v1/notices/" + notice.get("id").asLong() + "/read"), this.carrier.key(), "", 404);
		// managing webhooks needs keys:manage
		Tenant readOnly = this.api.tenant(ApiClient.unique("Notify reader"), "WAREHOUSE", "read");
		this.api.call(post("/api/v1/webhooks"), readOnly.key(), "{\"url\":\"" + this.receiver.url("/hook") + "\"}",
				403);
		this.api.call(get("/api/v1/webhooks"), readOnly.key(), "", 403);

		// an amendment adds L2: the bystander now holds affected items and is told; the
		// others are told of the amendment; then the recall closes: all three are told
		this.api.call(post("/api/v1/recalls/" + recall + "/versions"), this.brand.key(),
				"{\"lots\":[\"L2\"],\"note\":\"L2 was packed on the same line\"}", 201);
		await("the amendment's notices", () -> notices(this.bystander).size() == 1 ? true : null);
		assertThat(notices(this.bystander).get(0).get("kind").asString()).isEqualTo("RECALL_AMENDED");
		assertThat(notices(this.bystander).get(0).get("body").get("en").asString())
			.contains("L2 was packed on the same line")
			.contains("lots L1, L2");
		assertThat(recipients(recall)).containsExactly(this.warehouse.id(), this.carrier.id(), this.bystander.id());
		await("the amendment told to the warehouse", () -> notices(this.warehouse).size() == 2 ? true : null);
		this.api.call(post("/api/v1/recalls/" + recall + "/transitions"), this.brand.key(),
				"{\"status\":\"CLOSED\",\"note\":\"All stock returned\"}", 200);
		for (Tenant partner : new Tenant[] { this.warehouse, this.carrier, this.bystander }) {
			JsonNode latest = await("the closing told", () -> {
				List<JsonNode> all = notices(partner);
				return all.get(0).get("kind").asString().equals("RECALL_CLOSED") ? all.get(0) : null;
			});
			assertThat(latest.get("body").get("en").asString()).contains("All stock returned");
		}

		// a recall alert goes to the recall's runners, not to partners
		this.transactions.executeWithoutResult(tx -> this.publisher.publishEvent(new RecallAlertRaised(4711, recall)));
		JsonNode alert = await("the alert told to the brand", () -> {
			List<JsonNode> all = notices(this.brand);
			return all.get(0).get("kind").asString().equals("RECALL_ALERT") ? all.get(0) : null;
		});
		assertThat(alert.get("body").get("en").asString()).contains("alert 4711");
		// the brand is told once, by the alert raised for it (one per recall and day)
		assertThat(alert.get("link").asString()).startsWith("/portal/alerts/");
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM alert WHERE organisation_id = ? AND kind = 'RECALL_ALERT' AND subject = ?",
				Integer.class, this.brand.id(), "recall:" + recall))
			.isEqualTo(1);
		assertThat(notices(this.brand).stream().filter(n -> n.get("kind").asString().equals("RECALL_ALERT")))
			.hasSize(1);
		await("the alert told to the regulator",
				() -> notices(this.regulator).get(0).get("kind").asString().equals("RECALL_ALERT") ? true : null);
		assertThat(notices(this.warehouse)).extracting(n -> n.get("kind").asString())
			.containsExactly("RECALL_CLOSED", "RECALL_AMENDED", "RECALL_ISSUED");
	}

	@Test
	void aCrashBetweenTheRecallsCommitAndItsNoticesLosesNothingAndTellsOnce() throws Exception {
		// the listener fails once, as a node dying right after the recall's commit would
		// leave it: the publication stays incomplete
		doThrow(new IllegalStateException("node died")).doCallRealMethod().when(this.affectedEvents).reporters(any());
		String recall = recall(List.of("L1"));
		Predicate<org.springframework.modulith.events.EventPublication> ours = p -> p
			.getEvent() instanceof RecallChanged changed && changed.recallId().equals(recall);
		await("the failed publication",
				() -> incomplete(recall) == 1 && this.jdbc.queryForObject(
						"SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE LISTENER_ID = ? "
								+ "AND SERIALIZED_EVENT LIKE ? AND STATUS = 'FAILED'",
						Integer.class, RecallNotices.CHANGED, "%" + recall + "%") == 1 ? true : null);
		assertThat(recipients(recall)).isEmpty();
		assertThat(notices(this.warehouse)).isEmpty();
		assertThat(notices(this.brand)).isEmpty();

		// what a restart does (republish-outstanding-events-on-restart): published again
		this.publications.resubmitIncompletePublications(ours);
		await("the notices after the resubmission", () -> notices(this.carrier).size() == 1 ? true : null);
		await("the publication completed", () -> incomplete(recall) == 0 ? true : null);
		// resubmitted again, or the listener run again after it committed (a crash before
		// the registry noted its completion): nobody is told twice
		this.publications.resubmitIncompletePublications(ours);
		this.recallNotices.on(new RecallChanged(recall, 1, RecallChanged.Change.ISSUED));
		await("the mails",
				() -> SMTP.to(this.warehouseOwner).size() == 1 && SMTP.to(this.carrierAdmin).size() == 1 ? true : null);
		Thread.sleep(1000);
		assertThat(recipients(recall)).containsExactly(this.warehouse.id(), this.carrier.id());
		for (Tenant told : new Tenant[] { this.warehouse, this.carrier, this.brand, this.regulator }) {
			assertThat(notices(told)).as("notices of " + told.id()).hasSize(1);
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM notice_delivery d JOIN notice n ON n.id = d.notice_id "
						+ "WHERE n.subject_id = ? AND n.organisation_id = ?",
				Integer.class, recall, this.warehouse.id()))
			.isEqualTo(2);
		assertThat(SMTP.to(this.warehouseOwner)).hasSize(1);
		assertThat(SMTP.to(this.warehouseAdmin)).hasSize(1);
		assertThat(SMTP.to(this.carrierAdmin)).hasSize(1);
	}

	@Test
	void aSerialRangeRecallTellsOnlyWhoHandledThoseItems() throws Exception {
		// the third item of L1 was never handled: nobody to tell but the runners
		String recall = recallRequest(
				"\"serialRanges\":[{\"from\":\"%s\",\"to\":\"%s\"}]".formatted(this.lot1.get(2), this.lot1.get(2)));
		await("the brand told", () -> notices(this.brand).size() == 1 ? true : null);
		assertThat(recipients(recall)).isEmpty();
		// the first was packed by the warehouse into the pallet the carrier shipped
		this.api.call(post("/api/v1/recalls/" + recall + "/versions"), this.brand.key(),
				"{\"serialRanges\":[{\"from\":\"%s\",\"to\":\"%s\"}],\"note\":\"one more item\"}"
					.formatted(this.lot1.get(0), this.lot1.get(0)),
				201);
		await("the amendment told to the carrier", () -> notices(this.carrier).size() == 1 ? true : null);
		assertThat(recipients(recall)).containsExactly(this.warehouse.id(), this.carrier.id());
		assertThat(notices(this.warehouse).get(0).get("kind").asString()).isEqualTo("RECALL_AMENDED");
		assertThat(notices(this.bystander)).isEmpty();
	}

	@Test
	void webhookUrlsThatAreNotHttpsPrivateOrRedirectAreRefusedWithProblemDetails() throws Exception {
		this.receiver.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/moved")
			.willReturn(aResponse().withStatus(301).withHeader("Location", "http://169.254.169.254/latest")));
		String[][] refused = { { "https://10.1.2.3/hook", "10.1.2.3, which is not a public address" },
				{ "https://169.254.169.254/latest/meta-data", "which is not a public address" },
				{ "https://[fd12::1]/hook", "which is not a public address" },
				{ "http://example.com/hook", "only https URLs are called" },
				{ "ftp://example.com/hook", "only https URLs are called" },
				{ this.receiver.url("/moved"), "HTTP 301: redirect to http://169.254.169.254/latest not followed" },
				{ "", "the endpoint's URL is required" }, { "not a url", "not a URL" } };
		for (String[] c : refused) {
			JsonNode problem = this.api.call(post("/api/v1/webhooks"), this.warehouse.key(),
					"{\"url\":\"" + c[0] + "\"}", 400);
			assertThat(problem.get("type").asString()).as(c[0]).endsWith("validation");
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("url");
			assertThat(problem.get("errors").get(0).get("reason").asString()).as(c[0]).contains(c[1]);
		}
		JsonNode tooLong = this.api.call(post("/api/v1/webhooks"), this.warehouse.key(),
				"{\"url\":\"" + this.receiver.url("/moved") + "\",\"description\":\"" + "d".repeat(201) + "\"}", 400);
		assertThat(tooLong.get("errors").get(0).get("field").asString()).isEqualTo("description");
		// bad paging: problem details naming the parameter, never a 500
		assertThat(this.api.call(get("/api/v1/notices?limit=0"), this.warehouse.key(), "", 400)
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("limit");
		assertThat(this.api.call(get("/api/v1/notices?before=yesterday"), this.warehouse.key(), "", 400)
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("before");
		this.api.call(get("/api/v1/webhooks/not-a-number/deliveries"), this.warehouse.key(), "", 400);
		this.api.call(get("/api/v1/webhooks/999999999/deliveries"), this.warehouse.key(), "", 404);
		// the redirect's target was never called, and nothing was registered
		assertThat(this.receiver.getAllServeEvents()).hasSize(1);
		assertThat(this.receiver.getAllServeEvents().get(0).getRequest().getUrl()).isEqualTo("/moved");
		assertThat(this.api.call(get("/api/v1/webhooks"), this.warehouse.key(), "", 200)).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM webhook_endpoint WHERE organisation_id = ?",
				Integer.class, this.warehouse.id()))
			.isZero();
	}

	private String recall(List<String> lots) throws Exception {
		return recallRequest("\"lots\":" + JSON.writeValueAsString(lots));
	}

	private String recallRequest(String scope) throws Exception {
		return this.api.call(post("/api/v1/recalls"), this.brand.key(), """
				{"gtin":"%s",%s,"recallClass":"II","reasonCode":"QUALITY_DEFECT",
				 "reason":"Mould found in retained samples",
				 "consumerInstructions":{"en":"Do not drink it.","zh-CN":"请勿饮用。"},
				 "partnerInstructions":{"en":"Stop selling; hold all stock.","zh-CN":"停止销售，封存全部库存。"}}
				""".formatted(this.gtin, scope), 201).get("id").asString();
	}

	/**
	 * The HMAC-SHA256 of the time, a dot and the body, with the secret, as the header
	 * says.
	 */
	private static void assertSigned(LoggedRequest call, String secret) throws Exception {
		String header = call.getHeader("X-Veritrace-Signature");
		assertThat(header).matches("t=\\d{10},v1=[0-9a-f]{64}");
		String time = header.substring(2, header.indexOf(','));
		assertThat(Long.parseLong(time)).isCloseTo(System.currentTimeMillis() / 1000,
				org.assertj.core.data.Offset.offset(60L));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		mac.update((time + ".").getBytes(StandardCharsets.US_ASCII));
		assertThat(header.substring(header.indexOf("v1=") + 3))
			.isEqualTo(HexFormat.of().formatHex(mac.doFinal(call.getBody())));
	}

	private List<Long> recipients(String recall) {
		return this.jdbc.queryForList(
				"SELECT organisation_id FROM recall_recipient WHERE recall_id = ? ORDER BY organisation_id", Long.class,
				recall);
	}

	private int incomplete(String recall) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE LISTENER_ID = ? "
						+ "AND SERIALIZED_EVENT LIKE ? AND COMPLETION_DATE IS NULL",
				Integer.class, RecallNotices.CHANGED, "%" + recall + "%");
	}

	private List<JsonNode> notices(Tenant tenant) throws Exception {
		JsonNode page = this.api.call(get("/api/v1/notices"), tenant.key(), "", 200);
		List<JsonNode> items = new java.util.ArrayList<>();
		page.get("items").forEach(items::add);
		return items;
	}

	private String person(Tenant organisation, Role role) {
		String email = "notify-" + role.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime()
				+ "@test.example";
		this.accounts.ensureUser(organisation.id(), email, "Notify " + role, role, Portal.PASSWORD);
		return email;
	}

	private void record(Tenant reporter, String event) throws Exception {
		assertThat(new EpcisCapture(this.mvc).captureAndWait(reporter, EpcisCapture.document(List.of(event)))
			.get("status")
			.asString()).as(event).isEqualTo("SUCCESS");
	}

	private String item(String serial) {
		return "https://id.gs1.org/01/" + this.gtin + "/21/" + serial;
	}

	/** Waits up to 30 s for {@code found} to answer something other than null. */
	private static <T> T await(String what, Callable<T> found) throws Exception {
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
