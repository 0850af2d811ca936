package com.veritrace.portal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.accounts.AccountService;
import com.veritrace.accounts.Role;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.Portal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The report pages against MariaDB: a lab uploads through the form (CSRF, the same
 * service and rules as the REST upload), problems next to their fields, an oversize
 * document refused with a clear page, a viewer cannot upload, the brand reads the report
 * and its document, another organisation's report is not there.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.inspection.document-store.directory=target/it-inspection-documents",
		"veritrace.inspection.max-document-size=64KB", "veritrace.inspection.max-upload-size=256KB" })
class ReportPagesIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	Portal portal;

	Tenant brand;

	Tenant lab;

	String gtin;

	@BeforeEach
	void brandWithAGrantedLab() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.portal = new Portal(this.mvc, this.accounts);
		this.brand = this.api.tenant(ApiClient.unique("Report brand"), "BRAND", "read", "products:write",
				"grants:manage");
		this.lab = this.api.tenant(ApiClient.unique("Report lab"), "LAB", "read", "reports:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		this.api.call(post("/api/v1/grants"), this.brand.key(), "{\"granteeOrganisationId\":" + this.lab.id()
				+ ",\"right\":\"REPORTS\",\"gtin\":\"" + this.gtin + "\"}", 201);
	}

	@Test
	void aLabUploadsThroughTheFormAndTheBrandReadsTheCheckedReport() throws Exception {
		Portal.Person operator = this.portal.login(this.lab.id(), Role.OPERATOR);
		String number = "PR-" + Long.toHexString(System.nanoTime());
		byte[] pdf = pdf();
		MvcResult done = this.mvc.perform(posted(operator, true, form(number, pdf)))
			.andExpect(status().isFound())
			.andReturn();
		String location = done.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/portal/reports/");
		String id = location.substring("/portal/reports/".length());
		// stored by the same service as the REST upload: the row, its event
		assertThat(
				this.jdbc.queryForObject("SELECT report_number FROM inspection_report WHERE id = ?", String.class, id))
			.isEqualTo(number);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM trace_event e JOIN inspection_report r ON r.event_hash = e.event_hash WHERE r.id = ?",
				Integer.class, id))
			.isEqualTo(1);

		assertThat(html(operator, "/portal/reports")).contains(number).contains("data-id=\"" + id + "\"");
		Portal.Person brandViewer = this.portal.login(this.brand.id(), Role.VIEWER);
		assertThat(html(brandViewer, "/portal/reports")).contains(number);
		assertThat(html(brandViewer, "/portal/reports/" + id)).contains(number)
			.contains("id=\"rpt-check\"")
			.doesNotContain("rpt-check-failed");
		byte[] document = this.mvc.perform(brandViewer.as(get("/portal/reports/" + id + "/document")))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(document).isEqualTo(pdf);
	}

	@Test
	void problemsAreShownNextToTheirFieldsAndNothingIsStored() throws Exception {
		Portal.Person operator = this.portal.login(this.lab.id(), Role.OPERATOR);
		MockMultipartHttpServletRequestBuilder request = form("", pdf(), "signerName");
		String html = this.mvc.perform(posted(operator, true, request))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("id=\"reportNumber-error\"").contains("id=\"signerName-error\"");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM inspection_report WHERE lab_id = ?", Integer.class,
				this.lab.id()))
			.isZero();
	}

	@Test
	void anOversizeDocumentGetsAClearPageNotAnError() throws Exception {
		Portal.Person operator = this.portal.login(this.lab.id(), Role.OPERATOR);
		byte[] big = new byte[65 * 1024];
		byte[] head = pdf();
		System.arraycopy(head, 0, big, 0, head.length);
		String html = this.mvc.perform(posted(operator, true, form("BIG-" + System.nanoTime(), big)))
			.andExpect(status().isPayloadTooLarge())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(html).contains("id=\"document-error\"").contains("the limit is 65536 bytes");
		// a request over the whole upload cap is refused before it is read, with a page
		String refused = this.mvc
			.perform(operator.form(post("/portal/reports"))
				.contentType("multipart/form-data; boundary=x")
				.header("Content-Length", 300 * 1024)
				.content(new byte[300 * 1024]))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("text/html")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(refused).contains("Too large");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM inspection_report WHERE lab_id = ?", Integer.class,
				this.lab.id()))
			.isZero();
	}

	@Test
	void aViewerCannotUploadAndAFormWithoutCsrfIsRefused() throws Exception {
		Portal.Person viewer = this.portal.login(this.lab.id(), Role.VIEWER);
		this.mvc.perform(viewer.as(get("/portal/reports/new"))).andExpect(status().isForbidden());
		this.mvc.perform(posted(viewer, true, form("V-" + System.nanoTime(), pdf()))).andExpect(status().isForbidden());
		Portal.Person operator = this.portal.login(this.lab.id(), Role.OPERATOR);
		this.mvc.perform(posted(operator, false, form("C-" + System.nanoTime(), pdf())))
			.andExpect(status().isForbidden());
		// a brand is no lab: it cannot upload either
		Portal.Person brandOwner = this.portal.login(this.brand.id(), Role.OWNER);
		this.mvc.perform(posted(brandOwner, true, form("B-" + System.nanoTime(), pdf())))
			.andExpect(status().isForbidden());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM inspection_report WHERE lab_id = ?", Integer.class,
				this.lab.id()))
			.isZero();
	}

	@Test
	void anotherOrganisationsReportIsNotThere() throws Exception {
		Portal.Person operator = this.portal.login(this.lab.id(), Role.OPERATOR);
		String location = this.mvc
			.perform(posted(operator, true, form("O-" + Long.toHexString(System.nanoTime()), pdf())))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		String id = location.substring("/portal/reports/".length());
		Tenant otherBrand = this.api.tenant(ApiClient.unique("Other report brand"), "BRAND", "read");
		Portal.Person other = this.portal.login(otherBrand.id(), Role.OWNER);
		this.mvc.perform(other.as(get("/portal/reports/" + id))).andExpect(status().isNotFound());
		this.mvc.perform(other.as(get("/portal/reports/" + id + "/document"))).andExpect(status().isNotFound());
		this.mvc.perform(other.as(get("/portal/reports/00000000-0000-0000-0000-000000000000")))
			.andExpect(status().isNotFound());
		assertThat(html(other, "/portal/reports")).doesNotContain(id);
	}

	/**
	 * The upload form as a browser sends it, without the fields named in {@code left}.
	 */
	private MockMultipartHttpServletRequestBuilder form(String number, byte[] document, String... left) {
		MockMultipartHttpServletRequestBuilder request = multipart("/portal/reports");
		request.file(new MockMultipartFile("document", "report.pdf", "application/pdf", document));
		java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
		fields.put("reportNumber", number);
		fields.put("gtin", this.gtin);
		fields.put("lotNumber", "L1");
		fields.put("verdict", "PASS");
		fields.put("issuedOn", "2026-11-20");
		fields.put("validUntil", "2027-11-19");
		fields.put("sampleDescription", "3 tins of 250 g");
		fields.put("testName", "Lead (Pb)");
		fields.put("testMethod", "GB 5009.12-2017");
		fields.put("testResult", "0.21");
		fields.put("testUnit", "mg/kg");
		fields.put("testLimit", "<= 5.0");
		fields.put("testOutcome", "PASS");
		fields.put("signerName", "Dr. Wang Li");
		fields.put("signerTitle", "Authorised signatory");
		for (String name : left) {
			fields.remove(name);
		}
		fields.forEach(request::param);
		return request;
	}

	/**
	 * A multipart post as the person's browser sends it: session cookie, CSRF token if
	 * asked.
	 */
	private static MockMultipartHttpServletRequestBuilder posted(Portal.Person person, boolean csrf,
			MockMultipartHttpServletRequestBuilder request) {
		request.cookie(person.session());
		if (csrf) {
			request.with(
					org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf());
		}
		return request;
	}

	private String html(Portal.Person person, String url) throws Exception {
		return this.mvc.perform(person.as(get(url)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	static byte[] pdf() {
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		return ("%PDF-1.4\n% report " + HexFormat.of().formatHex(random) + "\n%%EOF\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

}
