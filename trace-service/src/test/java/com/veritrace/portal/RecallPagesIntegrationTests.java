package com.veritrace.portal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.support.ApiClient;
import com.veritrace.support.IssuedCodes;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The recall pages on MariaDB through the real security chain: a brand's owner recalls a
 * lot through the form and its confirmation step, then amends, moves on and closes the
 * recall; the service's refusals show next to the fields; another brand gets 404, a
 * viewer or operator 403 (and no button); a regulator orders a mandatory recall of a
 * brand's lot, which the brand can read but not change; the regulator's search.
 */
@MariaDbIntegrationTest
class RecallPagesIntegrationTests {

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

	ApiClient api;

	Portal portal;

	ApiClient.Tenant brand;

	ApiClient.Tenant regulator;

	String gtin;

	List<String> serials;

	@BeforeEach
	void setUp() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Recall pages brand"), "BRAND", "read", "products:write",
				"codes:issue", "recalls:write");
		this.regulator = this.api.tenant(ApiClient.unique("Recall pages regulator"), "REGULATOR", "read");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(),
				"{\"gtin\":\"" + this.gtin + "\",\"name\":\"Longjing green tea\"}", 201);
		for (String lot : new String[] { "LJ2026A", "LJ2026B" }) {
			this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(),
					"{\"lotNumber\":\"" + lot + "\",\"productionDate\":\"2026-03-01\"}", 201);
		}
		this.serials = IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "LJ2026A",
				30, 10);
		IssuedCodes.issue(this.issuance, this.registry, this.jdbc, this.brand.id(), this.gtin, "LJ2026B", 12, 0);
	}

	@Test
	void aBrandsOwnerRecallsALotThroughTheFormSeesWhatItCoversThenFollowsAmendsAndClosesIt() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String product = page(owner, "/portal/products/" + this.gtin);
		assertThat(product).contains("href=\"/portal/recalls/new?gtin=" + this.gtin + "&amp;lot=LJ2026A\"");

		String form = page(owner, "/portal/recalls/new?gtin=" + this.gtin + "&lot=LJ2026A&lang=en");
		assertThat(form).contains("value=\"LJ2026A\"").contains("Longjing green tea").contains("Undeclared allergen");

		// a form missing the Chinese instructions is explained on its fields; nothing is
		// recalled
		String refused = body(owner.form(withoutChinese(post("/portal/recalls/preview"))).param("lang", "en"), 200);
		assertThat(refused).contains("id=\"consumerZh-error\"").contains("id=\"partnerZh-error\"");
		assertThat(recallCount()).isZero();

		String confirm = body(owner.form(recallForm(post("/portal/recalls/preview"), "LJ2026A")).param("lang", "en"),
				200);
		assertThat(confirm).contains("Confirm the recall").contains("id=\"recall-count\"");
		assertThat(between(confirm, "id=\"recall-count\"", "</div>")).contains(">30<");
		assertThat(confirm).contains("<li class=\"mono\">LJ2026A</li>").doesNotContain(">LJ2026B<");
		assertThat(confirm).contains("name=\"consumerZh\" value=\"请勿饮用，退回购买处。\"");
		assertThat(recallCount()).as("the confirmation step recalls nothing").isZero();

		// "change it" brings back the form as it was filled
		assertThat(body(owner.form(recallForm(post("/portal/recalls/new"), "LJ2026A")), 200)).contains("请勿饮用，退回购买处。");

		MockHttpServletResponse issued = this.mvc.perform(owner.form(recallForm(post("/portal/recalls"), "LJ2026A")))
			.andReturn()
			.getResponse();
		assertThat(issued.getStatus()).isEqualTo(302);
		String id = this.jdbc.queryForObject("SELECT id FROM recall WHERE gtin = ?", String.class, this.gtin);
		assertThat(issued.getRedirectedUrl()).isEqualTo("/portal/recalls/" + id);
		assertThat(this.jdbc.queryForObject("SELECT status FROM lot WHERE lot_number = 'LJ2026A' AND product_id = "
				+ "(SELECT id FROM product WHERE gtin = ?)", String.class, this.gtin))
			.isEqualTo("RECALLED");
		Map<String, Object> head = this.jdbc.queryForMap("SELECT * FROM recall WHERE id = ?", id);
		assertThat(head).containsEntry("initiator_kind", "BRAND").containsEntry("item_count", 30L);

		String recall = page(owner, "/portal/recalls/" + id + "?lang=en");
		String hex = this.jdbc.queryForObject("SELECT LOWER(HEX(event_hash)) FROM recall_version WHERE recall_id = ?",
				String.class, id);
		assertThat(recall).contains("Recall of Longjing green tea")
			.contains("ni:///sha-256;" + hex + "?ver=CBV2.0")
			.contains("href=\"/api/v1/proofs/" + hex + "\"")
			.contains("href=\"/portal/recalls/" + id + "/records.csv\"")
			.contains("href=\"/portal/recalls/" + id + "/records.xlsx\"")
			.contains("data-lot=\"LJ2026A\"")
			.contains("Do not drink it; bring it back.")
			.contains("action=\"/portal/recalls/" + id + "/versions\"")
			.contains("action=\"/portal/recalls/" + id + "/close\"");
		assertThat(between(recall, "id=\"recall-items\"", "</dd>")).contains("30");
		// the records behind the links (served by the records' own pages)
		MockHttpServletResponse csv = this.mvc.perform(owner.as(get("/portal/recalls/" + id + "/records.csv")))
			.andReturn()
			.getResponse();
		assertThat(csv.getStatus()).isEqualTo(200);
		assertThat(csv.getContentType()).startsWith("text/csv");

		// an amendment without a note is refused on the note; with one, version 2 adds
		// the second lot
		assertThat(body(owner.form(post("/portal/recalls/" + id + "/versions")).param("lots", "LJ2026B"), 200))
			.contains("id=\"amend-note-error\"");
		assertThat(this.jdbc.queryForObject("SELECT current_version FROM recall WHERE id = ?", Integer.class, id))
			.isEqualTo(1);
		MockHttpServletResponse amending = this.mvc
			.perform(owner.form(post("/portal/recalls/" + id + "/versions"))
				.param("note", "Lot B was packed on the same line.")
				.param("lots", "LJ2026B"))
			.andReturn()
			.getResponse();
		assertThat(amending.getRedirectedUrl()).isEqualTo("/portal/recalls/" + id);
		assertThat(this.jdbc.queryForObject("SELECT current_version FROM recall WHERE id = ?", Integer.class, id))
			.isEqualTo(2);
		String amended = page(owner, "/portal/recalls/" + id + "?lang=en");
		assertThat(amended).contains("Version 2 is issued.")
			.contains("data-lot=\"LJ2026B\"")
			.contains("data-version=\"2\"");
		assertThat(between(amended, "id=\"recall-items\"", "</dd>")).contains("42");

		this.mvc.perform(owner.form(post("/portal/recalls/" + id + "/start")));
		assertThat(status(id)).isEqualTo("IN_PROGRESS");
		assertThat(body(owner.form(post("/portal/recalls/" + id + "/close")).param("lang", "zh-CN"), 200))
			.contains("id=\"close-note-error\"")
			.contains("关闭召回须填写说明");
		assertThat(status(id)).isEqualTo("IN_PROGRESS");
		this.mvc.perform(owner.form(post("/portal/recalls/" + id + "/close")).param("note", "All stock destroyed."));
		assertThat(status(id)).isEqualTo("CLOSED");
		String closed = page(owner, "/portal/recalls/" + id + "?lang=en");
		assertThat(closed).contains("All stock destroyed.").doesNotContain("/versions\"").doesNotContain("/close\"");

		// a closed recall is not amended: the service's conflict shows on the form
		assertThat(body(owner.form(post("/portal/recalls/" + id + "/versions")).param("note", "late"), 200))
			.contains("is closed");

		assertThat(page(owner, "/portal/recalls?status=CLOSED")).contains("data-recall=\"" + id + "\"");
		assertThat(page(owner, "/portal/recalls?status=ISSUED")).doesNotContain("data-recall=\"" + id + "\"");
	}

	@Test
	void theServicesRefusalsShowNextToTheFieldsNeverAsAnError() throws Exception {
		Portal.Person admin = this.portal.login(this.brand.id(), Role.ADMIN);
		String unknownLot = body(admin.form(recallForm(post("/portal/recalls/preview"), "LJ2026A NOPE")), 200);
		assertThat(between(unknownLot, "id=\"lots-error\"", "</p>")).contains("has no lot").contains("NOPE");
		String past = body(admin.form(recallForm(post("/portal/recalls/preview"), "LJ2026A"))
			.param("deadline", LocalDate.now().minusDays(2).toString()), 200);
		assertThat(between(past, "id=\"deadline-error\"", "</p>")).contains("in the past");
		String noScope = body(admin.form(recallForm(post("/portal/recalls/preview"), "")).param("lang", "en"), 200);
		assertThat(between(noScope, "id=\"lots-error\"", "</p>")).contains("Say what is recalled");
		String badDate = body(admin.form(recallForm(post("/portal/recalls/preview"), ""))
			.param("producedFrom", "2026-13-01")
			.param("producedTo", "2026-03-31")
			.param("lang", "en"), 200);
		assertThat(badDate).contains("id=\"producedFrom-error\"");
		String range = body(admin.form(recallForm(post("/portal/recalls/preview"), ""))
			.param("producedFrom", "2026-02-01")
			.param("producedTo", "2026-03-31"), 200);
		assertThat(between(range, "id=\"recall-count\"", "</div>")).contains(">42<");
		String serialRange = body(admin.form(recallForm(post("/portal/recalls/preview"), ""))
			.param("serialFrom", "ZZZZZZZZZZZZZZZZZZ")
			.param("serialTo", "ZZZZZZZZZZZZZZZZZZZ"), 200);
		assertThat(between(serialRange, "id=\"serialFrom-error\"", "</p>")).contains("no issued code");
		assertThat(body(admin.form(recallForm(post("/portal/recalls/preview"), "LJ2026A")).param("gtin", "123"), 200))
			.contains("id=\"gtin-error\"");
		assertThat(recallCount()).isZero();
	}

	@Test
	void anotherBrandGetsNotFoundAndAViewerOrOperatorMayNotRecall() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(owner.form(recallForm(post("/portal/recalls"), "LJ2026A")));
		String id = this.jdbc.queryForObject("SELECT id FROM recall WHERE gtin = ?", String.class, this.gtin);

		ApiClient.Tenant other = this.api.tenant(ApiClient.unique("Recall pages other brand"), "BRAND", "read");
		Portal.Person stranger = this.portal.login(other.id(), Role.OWNER);
		status(stranger.as(get("/portal/recalls/" + id)), 404);
		status(stranger.form(post("/portal/recalls/" + id + "/close")).param("note", "x"), 404);
		status(stranger.form(post("/portal/recalls/" + id + "/start")), 404);
		status(stranger.form(post("/portal/recalls/" + id + "/versions")).param("note", "x"), 404);
		status(stranger.as(get("/portal/recalls/new")).param("gtin", this.gtin).param("lot", "LJ2026A"), 404);
		assertThat(page(stranger, "/portal/recalls")).doesNotContain("data-recall=\"" + id + "\"");
		// recalling another brand's product is refused on the GTIN, as for an unknown one
		assertThat(body(stranger.form(recallForm(post("/portal/recalls"), "LJ2026B")).param("lang", "en"), 200))
			.contains("id=\"gtin-error\"")
			.contains("No product with this GTIN that you may recall.");

		// a partner told of the recall (as the notices record it) reads it, without the
		// brand's records or forms
		ApiClient.Tenant shop = this.api.tenant(ApiClient.unique("Recall pages shop"), "WAREHOUSE", "read");
		Portal.Person partner = this.portal.login(shop.id(), Role.OWNER);
		status(partner.as(get("/portal/recalls/" + id)), 404);
		this.jdbc.update("INSERT INTO recall_recipient (recall_id, organisation_id, notified_ms) VALUES (?, ?, ?)", id,
				shop.id(), System.currentTimeMillis());
		String told = page(partner, "/portal/recalls/" + id + "?lang=en");
		assertThat(told).contains("Stop selling and take it off the shelves.")
			.doesNotContain("records.csv")
			.doesNotContain("/versions\"")
			.doesNotContain("/close\"");
		assertThat(page(partner, "/portal/recalls")).contains("data-recall=\"" + id + "\"");
		status(partner.form(post("/portal/recalls/" + id + "/close")).param("note", "x"), 403);
		status(partner.as(get("/portal/recalls/new")), 403);

		for (Role role : new Role[] { Role.VIEWER, Role.OPERATOR }) {
			Portal.Person person = this.portal.login(this.brand.id(), role);
			assertThat(page(person, "/portal/products/" + this.gtin)).as(role.name())
				.contains("data-lot=\"LJ2026B\"")
				.doesNotContain("/portal/recalls/new");
			assertThat(page(person, "/portal/recalls")).as(role.name()).doesNotContain("/portal/recalls/new");
			status(person.as(get("/portal/recalls/new")).param("gtin", this.gtin), 403);
			status(person.form(recallForm(post("/portal/recalls/preview"), "LJ2026B")), 403);
			status(person.form(recallForm(post("/portal/recalls"), "LJ2026B")), 403);
			String recall = page(person, "/portal/recalls/" + id);
			assertThat(recall).as(role.name()).doesNotContain("/versions\"").doesNotContain("/close\"");
			status(person.form(post("/portal/recalls/" + id + "/close")).param("note", "x"), 403);
		}
		assertThat(recallCount()).isEqualTo(1);
		assertThat(status(id)).isEqualTo("ISSUED");
	}

	@Test
	void aRegulatorFindsABrandsLotAndOrdersAMandatoryRecallWhichOnlyARegulatorChanges() throws Exception {
		Portal.Person inspector = this.portal.login(this.regulator.id(), Role.ADMIN);
		String found = page(inspector, "/portal/regulator/search?by=LOT&q=LJ2026A&lang=en");
		assertThat(found).contains("data-lot=\"LJ2026A\" data-gtin=\"" + this.gtin + "\"")
			.contains("href=\"/portal/recalls/new?gtin=" + this.gtin + "&amp;lot=LJ2026A\"")
			.contains("href=\"/portal/events/lots/" + this.gtin + "/LJ2026A\"");
		String form = page(inspector, "/portal/recalls/new?gtin=" + this.gtin + "&lot=LJ2026A&lang=en");
		assertThat(form).contains("New mandatory recall").contains("This is a mandatory recall of a product of");
		String confirm = body(inspector.form(recallForm(post("/portal/recalls/preview"), "LJ2026A")), 200);
		assertThat(between(confirm, "id=\"recall-count\"", "</div>")).contains(">30<");
		MockHttpServletResponse issued = this.mvc
			.perform(inspector.form(recallForm(post("/portal/recalls"), "LJ2026A")))
			.andReturn()
			.getResponse();
		assertThat(issued.getStatus()).isEqualTo(302);
		Map<String, Object> head = this.jdbc.queryForMap("SELECT * FROM recall WHERE gtin = ?", this.gtin);
		String id = (String) head.get("id");
		assertThat(head).containsEntry("initiator_kind", "REGULATOR")
			.containsEntry("brand_id", this.brand.id())
			.containsEntry("initiator_id", this.regulator.id());
		assertThat(page(inspector, "/portal/recalls")).contains("data-recall=\"" + id + "\"");

		// the brand reads it, with no way to change it
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		String seen = page(owner, "/portal/recalls/" + id + "?lang=en");
		assertThat(seen).contains("Mandatory")
			.contains("only a regulator amends or closes it")
			.doesNotContain("/versions\"")
			.doesNotContain("/close\"");
		assertThat(page(owner, "/portal/recalls")).contains("data-recall=\"" + id + "\"");
		status(owner.form(post("/portal/recalls/" + id + "/versions"))
			.param("note", "smaller")
			.param("lots", "LJ2026B"), 403);
		status(owner.form(post("/portal/recalls/" + id + "/close")).param("note", "done"), 403);
		status(owner.form(post("/portal/recalls/" + id + "/start")), 403);
		assertThat(status(id)).isEqualTo("ISSUED");
		assertThat(this.jdbc.queryForObject("SELECT current_version FROM recall WHERE id = ?", Integer.class, id))
			.isEqualTo(1);

		// the regulator does
		this.mvc
			.perform(inspector.form(post("/portal/recalls/" + id + "/close")).param("note", "Withdrawn from sale."));
		assertThat(status(id)).isEqualTo("CLOSED");
	}

	@Test
	void theRegulatorsSearchFindsItemsProductsLotsAndBrandsAndIsNobodyElses() throws Exception {
		Portal.Person inspector = this.portal.login(this.regulator.id(), Role.VIEWER);
		String serial = this.serials.get(0);
		String byLink = page(inspector,
				"/portal/regulator/search?q=https://id.gs1.org/01/" + this.gtin + "/21/" + serial + "&lang=en");
		assertThat(byLink).contains("data-item=\"" + serial + "\"")
			.contains("href=\"/portal/events/items/01/" + this.gtin + "/21/" + serial + "\"")
			.contains(">active<")
			// a viewer may not recall: no link to the form
			.doesNotContain("/portal/recalls/new");
		assertThat(body(inspector.as(get("/portal/regulator/search"))
			.param("by", "CODE")
			.param("q", this.gtin + " " + this.serials.get(20)), 200))
			.contains("data-item=\"" + this.serials.get(20) + "\"");
		assertThat(page(inspector, "/portal/regulator/search?by=CODE&q=nonsense&lang=en")).contains("id=\"q-error\"");
		assertThat(page(inspector, "/portal/regulator/search?q=" + this.gtin))
			.contains("data-gtin=\"" + this.gtin + "\"");
		String name = this.jdbc.queryForObject("SELECT name FROM organisation WHERE id = ?", String.class,
				this.brand.id());
		String brands = page(inspector, "/portal/regulator/search?by=BRAND&q=" + name.substring(name.length() - 8));
		assertThat(brands).contains("data-brand=\"" + this.brand.id() + "\"");
		assertThat(page(inspector, "/portal/regulator/brands/" + this.brand.id()))
			.contains("data-gtin=\"" + this.gtin + "\"");
		status(inspector.as(get("/portal/regulator/brands/" + this.regulator.id())), 404);
		assertThat(page(inspector, "/portal/events/lots/" + this.gtin + "/LJ2026A?lang=en"))
			.contains("Journey of lot LJ2026A");
		// the regulator's viewer may not recall
		status(inspector.as(get("/portal/recalls/new")), 403);

		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		status(owner.as(get("/portal/regulator/search")).param("q", this.gtin), 404);
		status(owner.as(get("/portal/regulator/brands/" + this.brand.id())), 404);
	}

	@Test
	void theBrandFollowsProgressWhilePartnersToldOfTheRecallAcknowledgeItAndConfirmRemoval() throws Exception {
		Portal.Person owner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(owner.form(recallForm(post("/portal/recalls"), "LJ2026A")));
		String id = this.jdbc.queryForObject("SELECT id FROM recall WHERE gtin = ?", String.class, this.gtin);
		// the progress counts the affected items once their rows are built
		String progress = page(owner, "/portal/recalls/" + id + "?lang=en");
		for (int i = 0; i < 100 && !between(progress, "data-count=\"items\"", "</li>").contains(">30<"); i++) {
			Thread.sleep(100);
			progress = page(owner, "/portal/recalls/" + id + "?lang=en");
		}
		assertThat(between(progress, "data-count=\"items\"", "</li>")).contains(">30<");
		assertThat(between(progress, "data-count=\"removed\"", "</li>")).contains(">0<");
		assertThat(progress).contains("id=\"progress\"")
			.contains("No partner was told yet")
			.contains("No event on an affected item since the recall.")
			.doesNotContain("id=\"response\"");

		// a shop told of the recall (as the notices record it): its part, then its
		// acknowledgement and its confirmation
		ApiClient.Tenant shop = this.api.tenant(ApiClient.unique("Recall pages shop"), "WAREHOUSE", "read");
		this.jdbc.update("INSERT INTO recall_recipient (recall_id, organisation_id, notified_ms) VALUES (?, ?, ?)", id,
				shop.id(), System.currentTimeMillis());
		Portal.Person clerk = this.portal.login(shop.id(), Role.VIEWER);
		String clerkPage = page(clerk, "/portal/recalls/" + id + "?lang=en");
		assertThat(clerkPage).contains("id=\"response\"")
			.contains("action=\"/portal/recalls/" + id + "/acknowledge\"")
			.doesNotContain("action=\"/portal/recalls/" + id + "/removal\"")
			.doesNotContain("id=\"progress\"");
		status(clerk.form(post("/portal/recalls/" + id + "/removal")).param("note", "x"), 403);

		Portal.Person manager = this.portal.login(shop.id(), Role.OPERATOR);
		MockHttpServletResponse acknowledged = this.mvc
			.perform(manager.form(post("/portal/recalls/" + id + "/acknowledge")))
			.andReturn()
			.getResponse();
		assertThat(acknowledged.getRedirectedUrl()).isEqualTo("/portal/recalls/" + id + "#response");
		assertThat(this.jdbc.queryForObject(
				"SELECT acknowledged_ms IS NOT NULL FROM recall_recipient WHERE recall_id = ? AND organisation_id = ?",
				Boolean.class, id, shop.id()))
			.isTrue();
		assertThat(status(id)).as("acknowledged: work has started").isEqualTo("IN_PROGRESS");
		String managerPage = page(manager, "/portal/recalls/" + id + "?lang=en");
		assertThat(managerPage).doesNotContain("/acknowledge\"").contains("/removal\"");

		assertThat(body(manager.form(post("/portal/recalls/" + id + "/removal"))
			.param("quantity", "a dozen")
			.param("lang", "en"), 200)).contains("id=\"removal-quantity-error\"");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_response WHERE recall_id = ?", Long.class, id))
			.isZero();
		this.mvc.perform(manager.form(post("/portal/recalls/" + id + "/removal"))
			.param("quantity", "12")
			.param("note", "All tins off the shelves."));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM recall_response WHERE recall_id = ?", Long.class, id))
			.isEqualTo(1);
		assertThat(page(manager, "/portal/recalls/" + id + "?lang=en")).contains("All tins off the shelves.");

		String followed = page(owner, "/portal/recalls/" + id + "?lang=en");
		String recipient = between(followed, "data-recipient=\"" + shop.id() + "\"", "</tr>");
		assertThat(recipient).contains("recall-ack").contains(">12<");
		// another partner, not told, is not a recipient
		ApiClient.Tenant stranger = this.api.tenant(ApiClient.unique("Recall pages stranger"), "WAREHOUSE", "read");
		status(this.portal.login(stranger.id(), Role.OWNER).form(post("/portal/recalls/" + id + "/acknowledge")), 404);
	}

	// helpers

	/** A complete recall form for lots (space separated, may be empty). */
	private MockHttpServletRequestBuilder recallForm(MockHttpServletRequestBuilder request, String lots) {
		return englishOnly(request, lots).param("consumerZh", "请勿饮用，退回购买处。").param("partnerZh", "停止销售并下架。");
	}

	private MockHttpServletRequestBuilder withoutChinese(MockHttpServletRequestBuilder request) {
		return englishOnly(request, "LJ2026A");
	}

	private MockHttpServletRequestBuilder englishOnly(MockHttpServletRequestBuilder request, String lots) {
		return request.param("gtin", this.gtin)
			.param("lots", lots)
			.param("recallClass", "II")
			.param("reasonCode", "ALLERGEN_UNDECLARED")
			.param("reason", "Contains undeclared peanut traces.")
			.param("consumerEn", "Do not drink it; bring it back.")
			.param("partnerEn", "Stop selling and take it off the shelves.");
	}

	private String page(Portal.Person person, String path) throws Exception {
		return body(person.as(get(path)), 200);
	}

	private String body(MockHttpServletRequestBuilder request, int expected) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
		return response.getContentAsString();
	}

	private void status(MockHttpServletRequestBuilder request, int expected) throws Exception {
		body(request, expected);
	}

	private String status(String id) {
		return this.jdbc.queryForObject("SELECT status FROM recall WHERE id = ?", String.class, id);
	}

	private long recallCount() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM recall WHERE gtin = ?", Long.class, this.gtin);
	}

	private static String between(String text, String from, String to) {
		int start = text.indexOf(from);
		assertThat(start).as("'" + from + "' in the page").isNotNegative();
		int end = text.indexOf(to, start);
		return text.substring(start, end < 0 ? text.length() : end);
	}

}
