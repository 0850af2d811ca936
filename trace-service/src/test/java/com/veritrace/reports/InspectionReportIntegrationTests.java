package com.veritrace.reports;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.inspection.DocumentStore;
import com.veritrace.inspection.FileSystemDocumentStore;
import com.veritrace.inspection.ReportMetadata;
import com.veritrace.inspection.Verdict;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Inspection reports against MariaDB through the real security chain: uploads, the
 * report's event, bad uploads with precise problems, tampering detected on read,
 * supersession and tenant isolation.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.inspection.document-store.directory=target/it-inspection-documents",
		"veritrace.inspection.max-document-size=64KB", "veritrace.inspection.max-upload-size=256KB" })
class InspectionReportIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String UPLOAD = "/api/v1/inspection-reports";

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DocumentStore store;

	@Autowired
	MeterRegistry meters;

	@Autowired
	InspectionReportService service;

	ApiClient api;

	Tenant brand;

	Tenant lab;

	String gtin;

	@BeforeEach
	void brandWithAGrantedLab() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Tea brand"), "BRAND", "read", "products:write", "grants:manage");
		this.lab = this.api.tenant(ApiClient.unique("Lab"), "LAB", "read", "reports:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"Tea\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L2\"}", 201);
		grant(this.brand, this.lab, this.gtin);
	}

	void grant(Tenant brand, Tenant lab, String gtin) throws Exception {
		this.api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + lab.id() + ",\"right\":\"REPORTS\",\"gtin\":\"" + gtin + "\"}", 201);
	}

	static String metadata(String number, String gtin, String lot, String verdict, String extra) {
		return """
				{"reportNumber":"%s","gtin":"%s","lotNumber":"%s",
				 "sample":{"description":"3 tins of 250 g","quantity":"3"},
				 "tests":[{"name":"Lead (Pb)","method":"GB 5009.12-2017","result":"0.21","unit":"mg/kg",
				           "limit":"<= 5.0","outcome":"%s","key":true},
				          {"name":"Moisture","result":"5.1","unit":"%%","limit":"<= 7.0","outcome":"PASS"}],
				 "verdict":"%s","issuedOn":"2026-11-20","validUntil":"2027-11-19",
				 "signer":{"name":"Dr. Wang Li","title":"Authorised signatory"}%s}
				""".formatted(number, gtin, lot, verdict.equals("FAIL") ? "FAIL" : "PASS", verdict, extra);
	}

	static byte[] pdf() {
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		return ("%PDF-1.4\n% report " + HexFormat.of().formatHex(random) + "\n%%EOF\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	static String number() {
		return "R-" + Long.toHexString(System.nanoTime());
	}

	MockMultipartHttpServletRequestBuilder upload(Tenant who, String metadata, byte[] document, String type) {
		MockMultipartHttpServletRequestBuilder request = multipart(UPLOAD);
		if (metadata != null) {
			request.file(new MockMultipartFile("metadata", "metadata.json", "application/json",
					metadata.getBytes(StandardCharsets.UTF_8)));
		}
		if (document != null) {
			request.file(new MockMultipartFile("document", "report.pdf", type, document));
		}
		request.header("Authorization", who.bearer());
		return request;
	}

	JsonNode accepted(Tenant who, String metadata, byte[] document) throws Exception {
		MvcResult result = this.mvc.perform(upload(who, metadata, document, "application/pdf"))
			.andExpect(status().isCreated())
			.andReturn();
		return JSON.readTree(result.getResponse().getContentAsString());
	}

	ResultActions getAs(Tenant who, String path) throws Exception {
		return this.mvc.perform(get(path).header("Authorization", who.bearer()));
	}

	@Test
	void anAcceptedReportIsStoredHashedRecordedAsAnInspectingEventAndReadable() throws Exception {
		byte[] pdf = pdf();
		String number = number();
		JsonNode report = accepted(this.lab, metadata(number, this.gtin, "L1", "PASS", ""), pdf);
		String id = report.get("id").asString();
		String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
		assertThat(report.get("reportNumber").asString()).isEqualTo(number);
		assertThat(report.get("lab").get("id").asLong()).isEqualTo(this.lab.id());
		assertThat(report.get("document").get("hash").asString()).isEqualTo("ni:///sha-256;" + sha256);
		assertThat(report.get("document").get("mediaType").asString()).isEqualTo("application/pdf");
		assertThat(report.get("document").get("size").asLong()).isEqualTo(pdf.length);
		assertThat(report.get("status").asString()).isEqualTo("CURRENT");
		assertThat(report.get("tests")).hasSize(2);

		// the row, and the document in the store under its digest
		assertThat(this.jdbc.queryForObject("SELECT verdict FROM inspection_report WHERE id = ?", String.class, id))
			.isEqualTo("PASS");
		assertThat(Files.readAllBytes(
				((FileSystemDocumentStore) this.store).path("sha-256/" + sha256.substring(0, 2) + "/" + sha256)))
			.isEqualTo(pdf);

		// the event: on the lot's timeline, reported by the lab, carrying the digest and
		// the verdict
		JsonNode timeline = JSON
			.readTree(getAs(this.brand, "/api/v1/timelines/lots/" + this.gtin + "/L1").andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString());
		JsonNode event = timeline.get("events").get(0);
		assertThat(timeline.get("events")).hasSize(1);
		assertThat(event.get("bizStep").asString()).isEqualTo("https://ref.gs1.org/cbv/BizStep-inspecting");
		assertThat(event.get("disposition").asString()).isEqualTo("https://ref.gs1.org/cbv/Disp-conformant");
		assertThat(event.get("eventHash").asString()).isEqualTo(report.get("eventHash").asString());
		assertThat(event.get("reporterOrganisationId").asLong()).isEqualTo(this.lab.id());
		assertThat(event.get("event").get("vtinsp:documentHash").asString()).isEqualTo("ni:///sha-256;" + sha256);
		assertThat(event.get("event").get("vtinsp:verdict").asString()).isEqualTo("PASS");
		assertThat(event.get("event").get("vtinsp:reportId").asString()).isEqualTo(id);

		// readable by its lab and its brand, checked; the document comes back byte for
		// byte with its digest
		for (Tenant reader : List.of(this.lab, this.brand)) {
			getAs(reader, UPLOAD + "/" + id).andExpect(status().isOk())
				.andExpect(jsonPath("$.document.check").value("VERIFIED"))
				.andExpect(jsonPath("$.verdict").value("PASS"));
		}
		byte[] downloaded = getAs(this.brand, UPLOAD + "/" + id + "/document").andExpect(status().isOk())
			.andExpect(content().contentType("application/pdf"))
			.andExpect(header().string("Repr-Digest",
					"sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":"))
			.andExpect(header().string("X-Document-Hash", "ni:///sha-256;" + sha256))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		assertThat(downloaded).isEqualTo(pdf);

		// a FAIL is non_conformant, and the scan page's list shows the key test
		JsonNode fail = accepted(this.lab, metadata(number(), this.gtin, "L2", "FAIL", ""), pdf());
		assertThat(this.service.reportsOfLot(this.gtin, "L2")).singleElement().satisfies(r -> {
			assertThat(r.id()).isEqualTo(fail.get("id").asString());
			assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
			assertThat(r.keyTests()).extracting(ReportMetadata.TestResult::name).containsExactly("Lead (Pb)");
			assertThat(r.documentCheck()).isEqualTo(DocumentCheck.VERIFIED);
			assertThat(r.labName()).startsWith("Lab ");
			assertThat(r.documentHref()).isEqualTo(UPLOAD + "/" + r.id() + "/document");
		});
		getAs(this.brand, "/api/v1/timelines/lots/" + this.gtin + "/L2").andExpect(status().isOk())
			.andExpect(jsonPath("$.events[0].disposition").value("https://ref.gs1.org/cbv/Disp-non_conformant"));
	}

	@Test
	void badUploadsEachGetAPreciseProblem() throws Exception {
		String good = metadata(number(), this.gtin, "L1", "PASS", "");
		// wrong type, by content: an HTML page declared as PDF
		this.mvc
			.perform(upload(this.lab, good, "<html>not a report</html>".getBytes(StandardCharsets.UTF_8),
					"application/pdf"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"))
			.andExpect(jsonPath("$.errors[0].field").value("document"))
			.andExpect(jsonPath("$.errors[0].reason").value(containsString("0x3c68746d6c3e6e6f")));
		// a PDF declared as PNG
		this.mvc.perform(upload(this.lab, good, pdf(), "image/png"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.errors[0].reason")
				.value("the document was declared as image/png but its content is application/pdf"));
		// too big: 64 KB is the limit in this test
		byte[] big = new byte[64 * 1024 + 1];
		System.arraycopy(pdf(), 0, big, 0, 8);
		this.mvc.perform(upload(this.lab, good, big, "application/pdf"))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.type").value("/problems/too-large"))
			.andExpect(jsonPath("$.errors[0].field").value("document"))
			.andExpect(jsonPath("$.errors[0].reason").value("is 65537 bytes; the limit is 65536 bytes"));
		// unknown lot, unknown product
		this.mvc.perform(upload(this.lab, metadata(number(), this.gtin, "NOPE", "PASS", ""), pdf(), "application/pdf"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.errors[0].field").value("metadata.lotNumber"));
		String unknownGtin = ApiClient.randomGtin();
		this.mvc.perform(upload(this.lab, metadata(number(), unknownGtin, "L1", "PASS", ""), pdf(), "application/pdf"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.errors[0].field").value("metadata.gtin"));
		// not granted: a lab the brand never granted
		Tenant stranger = this.api.tenant(ApiClient.unique("Other lab"), "LAB", "read", "reports:write");
		this.mvc.perform(upload(stranger, good, pdf(), "application/pdf"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/not-granted"))
			.andExpect(jsonPath("$.detail").value(containsString("REPORTS")));
		// missing fields and a missing document: every problem at once
		this.mvc.perform(upload(this.lab, "{\"verdict\":\"MAYBE\",\"tests\":[]}", null, null))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("/problems/validation"))
			.andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
					"metadata.reportNumber", "metadata.gtin", "metadata.lotNumber", "metadata.sample", "metadata.tests",
					"metadata.verdict", "metadata.issuedOn", "metadata.signer", "document")));
		this.mvc.perform(upload(this.lab, null, pdf(), "application/pdf"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metadata"));
		// not multipart at all
		this.mvc
			.perform(post(UPLOAD).header("Authorization", this.lab.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content(good))
			.andExpect(status().isUnsupportedMediaType());
		// a brand may not upload; a lab key without reports:write may not either
		this.mvc.perform(upload(this.brand, good, pdf(), "application/pdf"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/forbidden"));
		Tenant readOnlyLab = this.api.tenant(ApiClient.unique("Read-only lab"), "LAB", "read");
		this.mvc.perform(upload(readOnlyLab, good, pdf(), "application/pdf"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("/problems/missing-scope"));
		// nothing of the above was stored
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM inspection_report WHERE gtin = ?", Integer.class,
				this.gtin))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_lot WHERE gtin = ?", Integer.class,
				this.gtin))
			.isZero();
	}

	@Test
	void aTamperedDocumentOrRecordIsDetectedOnEveryReadAndRefusedLoudly() throws Exception {
		byte[] pdf = pdf();
		JsonNode report = accepted(this.lab, metadata(number(), this.gtin, "L1", "PASS", ""), pdf);
		String id = report.get("id").asString();
		String hex = report.get("document").get("hash").asString().substring("ni:///sha-256;".length());
		Path file = ((FileSystemDocumentStore) this.store).path("sha-256/" + hex.substring(0, 2) + "/" + hex);
		double before = failures("DOCUMENT_MISMATCH");

		byte[] tampered = pdf.clone();
		tampered[tampered.length - 8] ^= 0x01;
		Files.write(file, tampered);
		getAs(this.brand, UPLOAD + "/" + id).andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("/problems/document-integrity"))
			.andExpect(jsonPath("$.detail").value(containsString("no longer matches")))
			.andExpect(jsonPath("$.detail").value(containsString(hex)));
		getAs(this.lab, UPLOAD + "/" + id + "/document").andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("/problems/document-integrity"));
		getAs(this.brand, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.reports[0].document.check").value("DOCUMENT_MISMATCH"));
		assertThat(this.service.reportsOfLot(this.gtin, "L1")).singleElement()
			.satisfies(r -> assertThat(r.documentCheck()).isEqualTo(DocumentCheck.DOCUMENT_MISMATCH));
		assertThat(failures("DOCUMENT_MISMATCH") - before).isEqualTo(4);
		// the brand and the platform operator are alerted once, each failed read an
		// occurrence
		java.util.Map<String, Object> alert = this.jdbc
			.queryForMap("SELECT severity, occurrences, subject_link FROM alert WHERE organisation_id = ? "
					+ "AND kind = 'INTEGRITY_FAILURE' AND subject = ?", this.brand.id(), "report:" + id);
		assertThat(alert.get("severity")).isEqualTo("CRITICAL");
		assertThat(alert.get("occurrences")).isEqualTo(4);
		assertThat(alert.get("subject_link")).isEqualTo("/portal/reports/" + id);
		assertThat(
				this.jdbc.queryForObject("SELECT COUNT(*) FROM alert a JOIN organisation o ON o.id = a.organisation_id "
						+ "WHERE o.kind = 'PLATFORM' AND a.subject = ?", Integer.class, "report:" + id))
			.isEqualTo(1);

		// gone from the store
		Files.delete(file);
		getAs(this.brand, UPLOAD + "/" + id).andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.detail").value(containsString("missing")));

		// restored, it reads again; then the row's verdict is changed behind the
		// service's back
		Files.write(file, pdf);
		getAs(this.brand, UPLOAD + "/" + id).andExpect(status().isOk());
		this.jdbc.update("UPDATE inspection_report SET verdict = 'FAIL' WHERE id = ?", id);
		getAs(this.brand, UPLOAD + "/" + id).andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.detail").value(containsString("anchored EPCIS event")));
		assertThat(failures("RECORD_MISMATCH")).isPositive();
	}

	double failures(String check) {
		var counter = this.meters.find(ReportIntegrity.METRIC).tag("check", check).counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void aCorrectionSupersedesTheOldReportAndBothStayVisible() throws Exception {
		JsonNode first = accepted(this.lab, metadata(number(), this.gtin, "L1", "FAIL", ""), pdf());
		String firstId = first.get("id").asString();
		JsonNode correction = accepted(this.lab,
				metadata(number(), this.gtin, "L1", "PASS", ",\"supersedes\":\"" + firstId + "\""), pdf());
		String correctionId = correction.get("id").asString();
		assertThat(correction.get("supersedes").asString()).isEqualTo(firstId);

		getAs(this.brand, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.reports.length()").value(2))
			.andExpect(jsonPath("$.reports[0].id").value(correctionId))
			.andExpect(jsonPath("$.reports[0].status").value("CURRENT"))
			.andExpect(jsonPath("$.reports[1].id").value(firstId))
			.andExpect(jsonPath("$.reports[1].status").value("SUPERSEDED"))
			.andExpect(jsonPath("$.reports[1].supersededBy").value(correctionId))
			.andExpect(jsonPath("$.reports[1].verdict").value("FAIL"));
		getAs(this.brand, UPLOAD + "/" + firstId).andExpect(status().isOk())
			.andExpect(jsonPath("$.supersededBy").value(correctionId));
		assertThat(this.service.reportsOfLot(this.gtin, "L1")).extracting(LotReport::status)
			.containsExactly(ReportStatus.CURRENT, ReportStatus.SUPERSEDED);
		// both events stay on the lot's timeline; the correction's names the report it
		// supersedes
		getAs(this.brand, "/api/v1/timelines/lots/" + this.gtin + "/L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.events.length()").value(2))
			.andExpect(jsonPath("$.events[1]['event']['vtinsp:supersedes']").value(firstId));

		// the same report cannot be corrected twice; another lab cannot correct it; nor
		// for another lot
		this.mvc
			.perform(
					upload(this.lab, metadata(number(), this.gtin, "L1", "PASS", ",\"supersedes\":\"" + firstId + "\""),
							pdf(), "application/pdf"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors[0].field").value("metadata.supersedes"))
			.andExpect(jsonPath("$.detail").value(containsString(correctionId)));
		Tenant otherLab = this.api.tenant(ApiClient.unique("Rival lab"), "LAB", "read", "reports:write");
		grant(this.brand, otherLab, this.gtin);
		this.mvc
			.perform(upload(otherLab,
					metadata(number(), this.gtin, "L1", "PASS", ",\"supersedes\":\"" + correctionId + "\""), pdf(),
					"application/pdf"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.errors[0].field").value("metadata.supersedes"));
		this.mvc
			.perform(upload(this.lab,
					metadata(number(), this.gtin, "L2", "PASS", ",\"supersedes\":\"" + correctionId + "\""), pdf(),
					"application/pdf"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("metadata.supersedes"));
		// a report number is used once per lab
		this.mvc
			.perform(upload(this.lab, metadata(first.get("reportNumber").asString(), this.gtin, "L1", "PASS", ""),
					pdf(), "application/pdf"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors[0].field").value("metadata.reportNumber"));

		// nobody edits or deletes a report: there is no such method
		this.mvc
			.perform(put(UPLOAD + "/" + firstId).header("Authorization", this.brand.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"verdict\":\"PASS\"}"))
			.andExpect(status().isMethodNotAllowed());
		this.mvc.perform(delete(UPLOAD + "/" + firstId).header("Authorization", this.brand.bearer()))
			.andExpect(status().isMethodNotAllowed());
		assertThat(
				this.jdbc.queryForObject("SELECT verdict FROM inspection_report WHERE id = ?", String.class, firstId))
			.isEqualTo("FAIL");
	}

	@Test
	void reportsAreReadOnlyByTheirLabTheirBrandAndRegulators() throws Exception {
		JsonNode report = accepted(this.lab, metadata(number(), this.gtin, "L1", "PASS", ""), pdf());
		String id = report.get("id").asString();
		Tenant otherBrand = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read");
		Tenant otherLab = this.api.tenant(ApiClient.unique("Other lab"), "LAB", "read", "reports:write");
		Tenant regulator = this.api.tenant(ApiClient.unique("Regulator"), "REGULATOR", "read");
		for (Tenant outsider : List.of(otherBrand, otherLab)) {
			getAs(outsider, UPLOAD + "/" + id).andExpect(status().isNotFound())
				.andExpect(jsonPath("$.type").value("/problems/not-found"))
				.andExpect(jsonPath("$.detail").value("No inspection report " + id));
			getAs(outsider, UPLOAD + "/" + id + "/document").andExpect(status().isNotFound());
		}
		getAs(otherBrand, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"))
			.andExpect(jsonPath("$.detail").value("No product with GTIN " + this.gtin));
		getAs(otherLab, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.reports.length()").value(0));
		getAs(this.lab, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.reports.length()").value(1));
		getAs(regulator, UPLOAD + "/" + id).andExpect(status().isOk());
		getAs(regulator, UPLOAD + "?gtin=" + this.gtin + "&lot=L1").andExpect(status().isOk())
			.andExpect(jsonPath("$.reports.length()").value(1));
		getAs(this.brand, UPLOAD + "/3f2b8c1e-0000-4000-8000-000000000000").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("/problems/not-found"));
		this.mvc.perform(get(UPLOAD + "/" + id)).andExpect(status().isUnauthorized());
	}

}
