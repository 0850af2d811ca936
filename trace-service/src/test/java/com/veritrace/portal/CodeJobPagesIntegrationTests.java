package com.veritrace.portal;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.catalog.CatalogService;
import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The code job pages against MariaDB: issuing through the form (one job for a double
 * submit), progress, print files, activating and voiding a range, looking up one code;
 * each role's limits as in the API; another organisation's job and code answered as
 * unknown ones.
 */
@MariaDbIntegrationTest
class CodeJobPagesIntegrationTests {

	static final Pattern REQUEST_ID = Pattern.compile("name=\"requestId\" value=\"([^\"]+)\"");

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

	Portal portal;

	ApiClient.Tenant brand;

	ApiClient.Tenant other;

	String gtin;

	String otherGtin;

	Portal.Person operator;

	Portal.Person viewer;

	@BeforeEach
	void setUp() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = api.tenant(ApiClient.unique("Codes brand"), "BRAND", "read");
		this.other = api.tenant(ApiClient.unique("Other brand"), "BRAND", "read");
		this.gtin = ApiClient.randomGtin();
		this.otherGtin = ApiClient.randomGtin();
		product(this.brand.id(), this.gtin, "Green tea", "L-1");
		product(this.other.id(), this.otherGtin, "Other tea", "O-1");
		this.operator = this.portal.login(this.brand.id(), Role.OPERATOR);
		this.viewer = this.portal.login(this.brand.id(), Role.VIEWER);
	}

	void product(long brandId, String gtin, String name, String lot) {
		Caller caller = writer(brandId);
		this.catalog.createProduct(caller, gtin, name, null, null);
		this.catalog.createLot(caller, gtin, lot, null, null);
	}

	static Caller writer(long brandId) {
		return new Caller(brandId, "brand", OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE));
	}

	CodeJob issued(long brandId, String gtin, String lot, int quantity) {
		return this.issuance.issueNow(writer(brandId), new CodeIssuanceService.IssueRequest("it-" + System.nanoTime(),
				gtin, lot, quantity, CodeFormat.DIGITAL_LINK, null, null, null));
	}

	String html(MvcResult result) throws Exception {
		return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	long jobs(long brandId) {
		Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM code_job WHERE brand_id = ?", Long.class, brandId);
		return n == null ? 0 : n;
	}

	List<String> statuses(long jobId) {
		return this.jdbc.queryForList("SELECT status FROM issued_code WHERE job_id = ? ORDER BY seq", String.class,
				jobId);
	}

	CodeJob awaitEnd(long id) throws InterruptedException {
		Caller reader = writer(this.brand.id());
		for (int i = 0; i < 300; i++) {
			CodeJob job = this.issuance.job(reader, id);
			if (job.status() == CodeJob.Status.COMPLETED || job.status() == CodeJob.Status.FAILED) {
				return job;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("job " + id + " did not end");
	}

	@Test
	void anOperatorIssuesThroughTheFormAndADoubleSubmitMakesOneJob() throws Exception {
		String page = html(
				this.mvc.perform(this.operator.as(get("/portal/codes/new"))).andExpect(status().isOk()).andReturn());
		Matcher m = REQUEST_ID.matcher(page);
		assertThat(m.find()).as("request id rendered into the form").isTrue();
		String requestId = m.group(1);
		assertThat(page).contains("Green tea").doesNotContain("Other tea");
		// the lot list of the product, as htmx asks for it
		String lots = html(this.mvc.perform(
				this.operator.as(get("/portal/codes/new/lots")).param("gtin", this.gtin).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(lots).contains("id=\"lot-choice\"").contains("value=\"L-1\"").doesNotContain("<html");
		String[] locations = new String[2];
		for (int i = 0; i < 2; i++) {
			MvcResult result = this.mvc
				.perform(this.operator.form(post("/portal/codes/new"))
					.param("requestId", requestId)
					.param("gtin", this.gtin)
					.param("lotNumber", "L-1")
					.param("format", "DIGITAL_LINK")
					.param("quantity", "250"))
				.andExpect(status().isFound())
				.andReturn();
			locations[i] = result.getResponse().getRedirectedUrl();
		}
		assertThat(locations[0]).matches("/portal/codes/\\d+").isEqualTo(locations[1]);
		assertThat(jobs(this.brand.id())).isEqualTo(1);
		long id = Long.parseLong(locations[0].substring("/portal/codes/".length()));
		assertThat(this.jdbc.queryForList(
				"SELECT target FROM audit_entry WHERE organisation_id = ? AND action = 'codes.issued' AND actor_user_id = ?",
				String.class, this.brand.id(), this.operator.userId()))
			.containsExactly("code job " + id);
		CodeJob job = awaitEnd(id);
		assertThat(job.status()).isEqualTo(CodeJob.Status.COMPLETED);
		assertThat(job.produced()).isEqualTo(250);
		// the progress fragment of an ended job: no more polling, the page reloads once
		String fragment = html(this.mvc
			.perform(this.operator.as(get("/portal/codes/" + id + "/progress")).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().string("HX-Refresh", "true"))
			.andReturn());
		assertThat(fragment).contains("id=\"progress\"")
			.contains("100 %")
			.doesNotContain("hx-trigger")
			.doesNotContain("<html");
		String jobPage = html(
				this.mvc.perform(this.operator.as(get(locations[0]))).andExpect(status().isOk()).andReturn());
		assertThat(jobPage).contains("data-status=\"COMPLETED\"").contains("download-csv");
		// the list, newest first, and its filters
		String list = html(
				this.mvc.perform(this.operator.as(get("/portal/codes"))).andExpect(status().isOk()).andReturn());
		assertThat(list).contains("data-job=\"" + id + "\"");
		assertThat(html(this.mvc.perform(this.operator.as(get("/portal/codes")).param("status", "FAILED")).andReturn()))
			.doesNotContain("data-job=\"" + id + "\"");
		assertThat(html(
				this.mvc.perform(this.operator.as(get("/portal/codes")).param("product", this.otherGtin)).andReturn()))
			.doesNotContain("data-job=\"" + id + "\"");
		assertThat(html(this.mvc
			.perform(this.operator.as(get("/portal/codes")).param("product", this.gtin).param("status", "COMPLETED"))
			.andReturn())).contains("data-job=\"" + id + "\"");
	}

	@Test
	void aRunningJobsFragmentKeepsPollingEveryHalfSecond() throws Exception {
		CodeJob job = issued(this.brand.id(), this.gtin, "L-1", 10);
		this.jdbc.update("UPDATE code_job SET status = 'RUNNING', produced = 4 WHERE id = ?", job.id());
		String fragment = html(this.mvc
			.perform(this.viewer.as(get("/portal/codes/" + job.id() + "/progress")).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("HX-Refresh"))
			.andReturn());
		assertThat(fragment).contains("hx-trigger=\"every 500ms\"").contains("40 %").contains("data-produced=\"4\"");
	}

	@Test
	void aViewerSeesJobsButCannotIssueActivateVoidOrDownload() throws Exception {
		CodeJob job = issued(this.brand.id(), this.gtin, "L-1", 20);
		assertThat(html(this.mvc.perform(this.viewer.as(get("/portal/codes"))).andExpect(status().isOk()).andReturn()))
			.contains("data-job=\"" + job.id() + "\"")
			.doesNotContain("/portal/codes/new");
		assertThat(html(this.mvc.perform(this.viewer.as(get("/portal/codes/" + job.id())))
			.andExpect(status().isOk())
			.andReturn())).contains("data-status=\"COMPLETED\"")
			.doesNotContain("download-csv")
			.doesNotContain("/range");
		this.mvc.perform(this.viewer.as(get("/portal/codes/new"))).andExpect(status().isForbidden());
		this.mvc
			.perform(this.viewer.form(post("/portal/codes/new"))
				.param("requestId", "viewer-" + System.nanoTime())
				.param("gtin", this.gtin)
				.param("lotNumber", "L-1")
				.param("format", "DIGITAL_LINK")
				.param("quantity", "5"))
			.andExpect(status().isForbidden());
		assertThat(jobs(this.brand.id())).isEqualTo(1);
		for (String action : new String[] { "activate", "void" }) {
			this.mvc
				.perform(this.viewer.form(post("/portal/codes/" + job.id() + "/range"))
					.param("from", "1")
					.param("to", "20")
					.param("action", action))
				.andExpect(status().isForbidden());
		}
		assertThat(statuses(job.id())).hasSize(20).containsOnly("ISSUED");
		this.mvc.perform(this.viewer.as(get("/portal/codes/" + job.id() + "/print-file")))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM audit_entry WHERE organisation_id = ? AND actor_user_id = ? AND action LIKE 'codes.%'",
				Long.class, this.brand.id(), this.viewer.userId()))
			.isZero();
	}

	@Test
	void anotherOrganisationsJobAndCodeAreAnsweredAsUnknownOnes() throws Exception {
		CodeJob theirs = issued(this.other.id(), this.otherGtin, "O-1", 5);
		long unknown = theirs.id() + 1_000_000;
		for (long id : new long[] { theirs.id(), unknown }) {
			String body = html(this.mvc.perform(this.operator.as(get("/portal/codes/" + id)))
				.andExpect(status().isNotFound())
				.andReturn());
			assertThat(body).doesNotContain(this.otherGtin).doesNotContain("Other tea");
			this.mvc.perform(this.operator.as(get("/portal/codes/" + id + "/progress")))
				.andExpect(status().isNotFound());
			this.mvc.perform(this.operator.as(get("/portal/codes/" + id + "/print-file")))
				.andExpect(status().isNotFound());
			this.mvc
				.perform(this.operator.form(post("/portal/codes/" + id + "/range")).param("from", "1").param("to", "5"))
				.andExpect(status().isNotFound());
		}
		assertThat(statuses(theirs.id())).containsOnly("ISSUED");
		// one of their codes looked up: as a code that does not exist
		String serial = this.jdbc.queryForObject("SELECT serial FROM issued_code WHERE job_id = ? AND seq = 1",
				String.class, theirs.id());
		String theirCode = "https://id.example.com/01/" + this.otherGtin + "/21/" + serial;
		String unknownCode = "https://id.example.com/01/" + this.gtin + "/21/" + serial;
		for (String code : new String[] { theirCode, unknownCode }) {
			String body = html(this.mvc.perform(this.operator.as(get("/portal/codes/lookup")).param("code", code))
				.andExpect(status().isNotFound())
				.andReturn());
			assertThat(body).contains("id=\"not-found\"").doesNotContain("Other tea").doesNotContain("code-status");
		}
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
		CodeJob job = issued(this.brand.id(), this.gtin, "L-1", 5);
		this.mvc
			.perform(this.operator.as(post("/portal/codes/new"))
				.param("requestId", "nocsrf-" + System.nanoTime())
				.param("gtin", this.gtin)
				.param("lotNumber", "L-1")
				.param("format", "DIGITAL_LINK")
				.param("quantity", "5"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(this.operator.as(post("/portal/codes/" + job.id() + "/range")).param("from", "1").param("to", "5"))
			.andExpect(status().isForbidden());
		assertThat(jobs(this.brand.id())).isEqualTo(1);
		assertThat(statuses(job.id())).containsOnly("ISSUED");
	}

	@Test
	void aBadQuantityIsShownNextToItsFieldAndNothingIsIssued() throws Exception {
		for (String quantity : new String[] { "0", "1000001", "many", "" }) {
			String body = html(this.mvc
				.perform(this.operator.form(post("/portal/codes/new"))
					.param("requestId", "bad-" + System.nanoTime())
					.param("gtin", this.gtin)
					.param("lotNumber", "L-1")
					.param("format", "DIGITAL_LINK")
					.param("quantity", quantity))
				.andExpect(status().isOk())
				.andReturn());
			assertThat(body).as("quantity " + quantity).contains("id=\"quantity-error\"");
			Matcher error = Pattern.compile("id=\"quantity-error\">([^<]+)<").matcher(body);
			assertThat(error.find()).isTrue();
			assertThat(error.group(1)).as("quantity " + quantity)
				.matches(quantity.isEmpty() ? "Required\\." : quantity.equals("many") ? "Type a whole number\\."
						: "must be 1 to 1000000 codes per job, found " + quantity);
			// the form keeps what was typed and the lot list
			assertThat(body).contains("value=\"L-1\" selected");
		}
		String sgtin = html(this.mvc
			.perform(this.operator.form(post("/portal/codes/new"))
				.param("requestId", "bad-" + System.nanoTime())
				.param("gtin", this.gtin)
				.param("lotNumber", "L-1")
				.param("format", "SGTIN_96")
				.param("quantity", "10"))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(sgtin).contains("id=\"companyPrefixLength-error\"");
		assertThat(jobs(this.brand.id())).isZero();
	}

	@Test
	void anOperatorActivatesAndVoidsARangeWithTheAuditLog() throws Exception {
		CodeJob job = issued(this.brand.id(), this.gtin, "L-1", 10);
		this.mvc
			.perform(this.operator.form(post("/portal/codes/" + job.id() + "/range"))
				.param("from", "3")
				.param("to", "7")
				.param("action", "activate"))
			.andExpect(status().isFound());
		assertThat(statuses(job.id())).containsExactly("ISSUED", "ISSUED", "ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE",
				"ACTIVE", "ISSUED", "ISSUED", "ISSUED");
		this.mvc
			.perform(this.operator.form(post("/portal/codes/" + job.id() + "/range"))
				.param("from", "6")
				.param("to", "8")
				.param("action", "void"))
			.andExpect(status().isFound());
		assertThat(statuses(job.id())).containsExactly("ISSUED", "ISSUED", "ACTIVE", "ACTIVE", "ACTIVE", "VOIDED",
				"VOIDED", "VOIDED", "ISSUED", "ISSUED");
		assertThat(this.jdbc.query(
				"SELECT action, detail FROM audit_entry WHERE organisation_id = ? AND actor_user_id = ? ORDER BY id",
				(rs, n) -> rs.getString(1) + " " + rs.getString(2), this.brand.id(), this.operator.userId()))
			.contains("codes.activated positions 3..7: 5 changed", "codes.voided positions 6..8: 3 changed");
		String page = html(this.mvc.perform(this.operator.as(get("/portal/codes/" + job.id()))).andReturn());
		assertThat(page).containsPattern("data-count=\"ACTIVE\">\\s*<div class=\"value\">3<");
		// a range beyond the job: next to the field, nothing changes
		String bad = html(this.mvc
			.perform(this.operator.form(post("/portal/codes/" + job.id() + "/range"))
				.param("from", "9")
				.param("to", "11")
				.param("action", "activate"))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(bad).contains("id=\"to-error\"").contains("must be 9 to 10, found 11");
		assertThat(statuses(job.id()).get(8)).isEqualTo("ISSUED");
		// the code looked up shows its status
		String serial = this.jdbc.queryForObject("SELECT serial FROM issued_code WHERE job_id = ? AND seq = 6",
				String.class, job.id());
		String lookup = html(this.mvc
			.perform(this.viewer.as(get("/portal/codes/lookup"))
				.param("code", "https://id.example.com/01/" + this.gtin + "/10/L-1/21/" + serial))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(lookup).containsPattern("id=\"code-status\"[^>]*>Voided<")
			.contains("Green tea")
			.contains("id=\"scan-count\">0<");
	}

	@Test
	void theCsvDownloadHasTheJobsCodesInOrder() throws Exception {
		CodeJob job = issued(this.brand.id(), this.gtin, "L-1", 30);
		MvcResult result = this.mvc.perform(this.operator.as(get("/portal/codes/" + job.id() + "/print-file")))
			.andExpect(status().isOk())
			.andExpect(
					header().string("Content-Disposition", "attachment; filename=\"codes-job-" + job.id() + ".csv\""))
			.andReturn();
		String[] lines = result.getResponse().getContentAsString(StandardCharsets.UTF_8).split("\r\n");
		List<String> serials = this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq",
				String.class, job.id());
		assertThat(lines[0]).isEqualTo("seq,name,uri,epc");
		assertThat(lines).hasSize(31);
		for (int i = 0; i < 30; i++) {
			String[] cells = lines[i + 1].split(",");
			assertThat(cells[0]).isEqualTo(Integer.toString(i + 1));
			assertThat(cells[1]).isEqualTo(serials.get(i));
			assertThat(cells[2]).endsWith("/01/" + this.gtin + "/10/L-1/21/" + serials.get(i));
		}
	}

}
