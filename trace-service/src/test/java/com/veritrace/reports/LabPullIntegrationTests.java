package com.veritrace.reports;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.inspection.LabResultPuller;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The pull connector end to end: a WireMock lab system serves results, the job uploads
 * them as the lab (same checks as REST), keeps its cursor in MariaDB, and a re-served
 * result is not stored twice.
 */
@MariaDbIntegrationTest
@TestPropertySource(properties = { "veritrace.inspection.document-store.directory=target/it-inspection-documents",
		"veritrace.inspection.max-document-size=64KB", "veritrace.inspection.max-upload-size=256KB" })
class LabPullIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	LabPullJob job;

	WireMockServer labSystem;

	@BeforeEach
	void start() {
		this.labSystem = new WireMockServer(options().dynamicPort());
		this.labSystem.start();
	}

	@AfterEach
	void stop() {
		this.labSystem.stop();
	}

	@Test
	void resultsArePulledAsTheLabUploadedOnceAndTheCursorIsKept() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Pull brand"), "BRAND", "read", "products:write", "grants:manage");
		Tenant lab = api.tenant(ApiClient.unique("Pull lab"), "LAB", "read");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Honey\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"H1\"}", 201);
		api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + lab.id() + ",\"right\":\"REPORTS\",\"gtin\":\"" + gtin + "\"}", 201);

		byte[] pdf = ("%PDF-1.4\n% pulled " + System.nanoTime() + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
		String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
		String good = InspectionReportIntegrationTests.metadata("PULL-1", gtin, "H1", "PASS", "");
		String bad = InspectionReportIntegrationTests.metadata("PULL-2", gtin, "NO-SUCH-LOT", "PASS", "");
		String page = """
				{"results":[
				  {"id":"r1","metadata":%s,"document":{"href":"/v1/results/r1/document","mediaType":"application/pdf","sha256":"%s"}},
				  {"id":"r2","metadata":%s,"document":{"href":"/v1/results/r2/document","mediaType":"application/pdf","sha256":"%s"}}],
				 "cursor":"after-r2","hasMore":false}
				"""
			.formatted(good, sha, bad, sha);
		this.labSystem.stubFor(get(urlPathEqualTo("/v1/results")).withHeader("Authorization", equalTo("Bearer t0ken"))
			.willReturn(okJson(page)));
		for (String id : new String[] { "r1", "r2" }) {
			this.labSystem.stubFor(get("/v1/results/" + id + "/document")
				.willReturn(aResponse().withHeader("Content-Type", "application/pdf").withBody(pdf)));
		}
		InspectionProperties.Lab config = new InspectionProperties.Lab(lab.id(),
				URI.create(this.labSystem.baseUrl() + "/"), "t0ken", Duration.ofSeconds(2), Duration.ofSeconds(10), 2,
				Duration.ofMillis(10), Duration.ofMillis(20), true); // WireMock on
																		// loopback,
																		// allowed
																		// explicitly

		LabResultPuller.PollSummary first = this.job.poll(config);
		assertThat(first.handled()).isEqualTo(1);
		assertThat(first.skipped()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM inspection_report WHERE lab_id = ? AND report_number = 'PULL-1' AND gtin = ?",
				Integer.class, lab.id(), gtin))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM trace_event_lot WHERE gtin = ? AND lot_number = 'H1'",
				Integer.class, gtin))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT cursor_value FROM inspection_pull_cursor WHERE lab_id = ?",
				String.class, lab.id()))
			.isEqualTo("after-r2");

		// the lab serves the same page again: the next poll starts from the kept cursor,
		// nothing is stored twice
		LabResultPuller.PollSummary second = this.job.poll(config);
		assertThat(second.handled()).isEqualTo(1);
		assertThat(this.labSystem
			.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/v1/results"))
				.withQueryParam("cursor", equalTo("after-r2"))))
			.hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM inspection_report WHERE lab_id = ?", Integer.class,
				lab.id()))
			.isEqualTo(1);
	}

}
