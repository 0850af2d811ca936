package com.veritrace.reports;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.support.ApiClient;
import com.veritrace.support.MariaDbInitializer;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads over real HTTP into Tomcat (MariaDB behind): the multipart caps follow
 * {@code veritrace.inspection.max-upload-size}, not Tomcat's 1 MB default nor the API's 2
 * MB body cap; a document over the document limit gets the precise 413, a request over
 * the upload cap is cut off by the body filter. Documents are hashed with SM3 here (国密
 * selected by configuration), and read back verified.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY,
				"veritrace.demo.enabled=false",
				"veritrace.inspection.document-store.directory=target/it-inspection-http-documents",
				"veritrace.inspection.max-document-size=3MB", "veritrace.inspection.max-upload-size=4MB",
				"veritrace.inspection.hash-algorithm=SM3", "veritrace.epcis.subscriptions.enabled=false" })
@ActiveProfiles("mariadb")
@ContextConfiguration(initializers = MariaDbInitializer.class)
class InspectionUploadHttpIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void largeDocumentsPassTomcatAndTheBodyCapsWhileOversizedOnesGetPreciseProblems() throws Exception {
		String brandKey = key(org("HTTP brand", "BRAND"), "[\"read\",\"products:write\",\"grants:manage\"]");
		long labId = org("HTTP lab", "LAB");
		String labKey = key(labId, "[\"read\",\"reports:write\"]");
		String gtin = ApiClient.randomGtin();
		assertThat(
				json("POST", "/api/v1/products", brandKey, "{\"gtin\":\"" + gtin + "\",\"name\":\"Tea\"}").statusCode())
			.isEqualTo(201);
		assertThat(json("POST", "/api/v1/products/" + gtin + "/lots", brandKey, "{\"lotNumber\":\"B1\"}").statusCode())
			.isEqualTo(201);
		assertThat(json("POST", "/api/v1/grants", brandKey,
				"{\"granteeOrganisationId\":" + labId + ",\"right\":\"REPORTS\",\"gtin\":\"" + gtin + "\"}")
			.statusCode()).isEqualTo(201);

		// 2.5 MB: over Tomcat's default 1 MB part cap and the API's 2 MB body cap, under
		// the document limit
		HttpResponse<String> accepted = upload(labKey, gtin, "HTTP-1", pdfOf(2_500_000));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		JsonNode report = JSON.readTree(accepted.body());
		assertThat(report.get("document").get("size").asLong()).isEqualTo(2_500_000);
		assertThat(report.get("document").get("hash").asString()).matches("ni:///sm3;[0-9a-f]{64}");
		HttpResponse<byte[]> download = this.http
			.send(HttpRequest.newBuilder(uri(report.get("document").get("href").asString()))
				.header("Authorization", "Bearer " + labKey)
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("X-Document-Hash"))
			.contains(report.get("document").get("hash").asString());
		assertThat(download.headers().firstValue("Repr-Digest")).isEmpty();
		org.bouncycastle.crypto.digests.SM3Digest sm3 = new org.bouncycastle.crypto.digests.SM3Digest();
		sm3.update(download.body(), 0, download.body().length);
		byte[] digest = new byte[32];
		sm3.doFinal(digest, 0);
		assertThat(report.get("document").get("hash").asString())
			.isEqualTo("ni:///sm3;" + java.util.HexFormat.of().formatHex(digest));

		// 3.5 MB: under the 4 MB upload cap, over the 3 MB document limit
		HttpResponse<String> document = upload(labKey, gtin, "HTTP-2", pdfOf(3_500_000));
		assertThat(document.statusCode()).isEqualTo(413);
		JsonNode problem = JSON.readTree(document.body());
		assertThat(problem.get("type").asString()).isEqualTo("/problems/too-large");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("document");

		// 5 MB: the whole request is over the upload cap
		HttpResponse<String> request = upload(labKey, gtin, "HTTP-3", pdfOf(5_000_000));
		assertThat(request.statusCode()).isEqualTo(413);
		assertThat(JSON.readTree(request.body()).get("errors").get(0).get("field").asString()).isEqualTo("body");

		// other API calls keep the 2 MB cap
		HttpResponse<String> bigJson = json("POST", "/api/v1/products", brandKey,
				"{\"name\":\"" + "x".repeat(2_200_000) + "\"}");
		assertThat(bigJson.statusCode()).isEqualTo(413);
	}

	static byte[] pdfOf(int size) {
		byte[] pdf = new byte[size];
		java.util.Arrays.fill(pdf, (byte) ' ');
		byte[] head = ("%PDF-1.4\n% " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(head, 0, pdf, 0, head.length);
		return pdf;
	}

	HttpResponse<String> upload(String key, String gtin, String number, byte[] pdf) throws Exception {
		String boundary = "vt" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String metadata = InspectionReportIntegrationTests.metadata(number, gtin, "B1", "PASS", "");
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + metadata + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\"r.pdf\"\r\n"
						+ "Content-Type: application/pdf\r\n\r\n")
					.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(pdf);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return this.http.send(HttpRequest.newBuilder(uri("/api/v1/inspection-reports"))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	long org(String name, String kind) throws Exception {
		HttpResponse<String> response = json("POST", "/api/v1/organisations", MariaDbIntegrationTest.ADMIN_KEY,
				"{\"name\":\"" + ApiClient.unique(name) + "\",\"kind\":\"" + kind + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asLong();
	}

	String key(long organisationId, String scopes) throws Exception {
		HttpResponse<String> response = json("POST", "/api/v1/organisations/" + organisationId + "/api-keys",
				MariaDbIntegrationTest.ADMIN_KEY, "{\"name\":\"http\",\"scopes\":" + scopes + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).get("key").asString();
	}

	HttpResponse<String> json(String method, String path, String key, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
