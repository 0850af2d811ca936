package com.veritrace.issuance;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.veritrace.codes.Sgtin96;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issuance jobs, print files, idempotency, bad input and failed jobs, on MariaDB through
 * the API.
 */
@MariaDbIntegrationTest
class CodeIssuanceIntegrationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeRegistry registry;

	ApiClient api;

	Tenant brand;

	String gtin;

	@BeforeEach
	void brandWithProductAndLot() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Issuer"), "BRAND", "read", "products:write", "codes:issue",
				"events:write");
		this.gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + this.gtin + "\",\"name\":\"P\"}",
				201);
		this.api.call(post("/api/v1/products/" + this.gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L/26-1\"}",
				201);
	}

	@Test
	void aJobStoresEveryCodeAndItsPrintFilesGiveTheSameCodesEachTime() throws Exception {
		JsonNode job = submit("{\"requestId\":\"run-1\",\"gtin\":\"" + this.gtin
				+ "\",\"lotNumber\":\"L/26-1\",\"quantity\":40,\"format\":\"DIGITAL_LINK\"}", 202);
		JsonNode done = awaitCompleted(job.get("id").asLong());
		assertThat(done.get("produced").asLong()).isEqualTo(40);
		long id = done.get("id").asLong();
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM issued_code WHERE job_id = ? AND status = 'ISSUED' AND gtin = ?", Long.class, id,
				this.gtin))
			.isEqualTo(40);

		byte[] csv = download("/api/v1/code-jobs/" + id + "/print-file");
		assertThat(download("/api/v1/code-jobs/" + id + "/print-file")).isEqualTo(csv);
		String[] rows = new String(csv, StandardCharsets.UTF_8).split("\r\n");
		assertThat(rows[0]).isEqualTo("seq,name,uri,epc");
		assertThat(rows).hasSize(41);
		List<String> serials = new ArrayList<>();
		for (int i = 1; i < rows.length; i++) {
			String[] cells = rows[i].split(",", -1);
			assertThat(cells[0]).isEqualTo(Integer.toString(i));
			serials.add(cells[1]);
			assertThat(cells[2])
				.isEqualTo("https://id.veritrace.example/01/" + this.gtin + "/10/L%2F26-1/21/" + cells[1]);
			assertThat(this.registry.status(this.gtin, cells[1])).isEqualTo(CodeStatus.ISSUED);
		}
		assertThat(new HashSet<>(serials)).hasSize(40);
		// the rows are the database's, in job order
		assertThat(this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq", String.class,
				id))
			.containsExactlyElementsOf(serials);

		// a ZIP of PNG QR codes: each decodes back to its code's Digital Link
		Map<String, byte[]> png = unzip(download("/api/v1/code-jobs/" + id
				+ "/print-file?type=zip&image=png&symbology=qr&moduleSize=4&errorCorrection=H"));
		assertThat(png).hasSize(40);
		String firstName = png.keySet().iterator().next();
		assertThat(firstName).isEqualTo("0000001-" + serials.get(0) + ".png");
		Result decoded = decodeQr(png.get(firstName));
		assertThat(decoded.getText()).isEqualTo(rows[1].split(",")[2]);
		assertThat(decoded.getResultMetadata().get(com.google.zxing.ResultMetadataType.ERROR_CORRECTION_LEVEL))
			.isEqualTo("H");
		Map<String, byte[]> svg = unzip(
				download("/api/v1/code-jobs/" + id + "/print-file?type=zip&image=svg&symbology=datamatrix"));
		assertThat(svg).hasSize(40);
		assertThat(new String(svg.values().iterator().next(), StandardCharsets.UTF_8)).startsWith("<svg ");
		assertThat(unzip(download("/api/v1/code-jobs/" + id + "/print-file?type=zip&image=svg&symbology=datamatrix"))
			.keySet()).containsExactlyElementsOf(svg.keySet());

		// bad print options are problem details
		this.api.call(get("/api/v1/code-jobs/" + id + "/print-file?type=pdf"), this.brand.key(), "", 400);
		this.api.call(get("/api/v1/code-jobs/" + id + "/print-file?type=zip&errorCorrection=X"), this.brand.key(), "",
				400);
	}

	@Test
	void theSameRequestIdGivesTheSameJobAndOtherParametersAConflict() throws Exception {
		String body = "{\"requestId\":\"idem-1\",\"gtin\":\"" + this.gtin
				+ "\",\"lotNumber\":\"L/26-1\",\"quantity\":5,\"format\":\"DIGITAL_LINK\"}";
		long id = submit(body, 202).get("id").asLong();
		awaitCompleted(id);
		JsonNode again = submit(body, 200);
		assertThat(again.get("id").asLong()).isEqualTo(id);
		assertThat(again.get("status").asString()).isEqualTo("COMPLETED");
		JsonNode conflict = submit(body.replace("\"quantity\":5", "\"quantity\":6"), 409);
		assertThat(conflict.get("errors").get(0).get("field").asString()).isEqualTo("requestId");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM code_job WHERE brand_id = ?", Long.class,
				this.brand.id()))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class, id))
			.isEqualTo(5);
	}

	@Test
	void rfidAndDrugCodeJobsIssueNumericSerialsThatPassTheKeyedCheck() throws Exception {
		long rfid = submit("{\"requestId\":\"rfid-1\",\"gtin\":\"" + this.gtin + "\",\"lotNumber\":\"L/26-1\","
				+ "\"quantity\":20,\"format\":\"SGTIN_96\",\"companyPrefixLength\":7,\"filter\":3}", 202)
			.get("id")
			.asLong();
		awaitCompleted(rfid);
		String[] rows = new String(download("/api/v1/code-jobs/" + rfid + "/print-file"), StandardCharsets.UTF_8)
			.split("\r\n");
		assertThat(rows).hasSize(21);
		for (int i = 1; i < rows.length; i++) {
			String[] cells = rows[i].split(",");
			Sgtin96 tag = Sgtin96.fromHex(cells[3]);
			assertThat(tag.serial()).isEqualTo(cells[1]);
			assertThat(tag.gtin().value()).isEqualTo(this.gtin);
			assertThat(tag.filter()).isEqualTo(3);
			assertThat(this.registry.status(this.gtin, cells[1])).isEqualTo(CodeStatus.ISSUED);
		}
		String forged = Long.toString(Long.parseLong(rows[1].split(",")[1]) ^ 1);
		assertThat(this.registry.passesCheck(this.gtin, forged)).isFalse();

		long drug = submit("{\"requestId\":\"nmpa-1\",\"gtin\":\"" + this.gtin + "\",\"lotNumber\":\"L/26-1\","
				+ "\"quantity\":10,\"format\":\"NMPA\",\"drugCode\":\"8123456\"}", 202)
			.get("id")
			.asLong();
		awaitCompleted(drug);
		List<String> codes = this.jdbc.queryForList("SELECT serial FROM issued_code WHERE job_id = ? ORDER BY seq",
				String.class, drug);
		assertThat(codes).hasSize(10).allMatch(c -> c.matches("8123456[0-9]{13}"));
		assertThat(this.registry.status(this.gtin, codes.get(0))).isEqualTo(CodeStatus.ISSUED);
	}

	@Test
	void badRequestsGetProblemDetailsAndLeaveNoJob() throws Exception {
		Tenant other = this.api.tenant(ApiClient.unique("Other brand"), "BRAND", "read", "products:write",
				"codes:issue");
		String otherGtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), other.key(), "{\"gtin\":\"" + otherGtin + "\",\"name\":\"O\"}", 201);
		String unknownGtin = ApiClient.randomGtin();
		assertProblem(job("a", unknownGtin, "L/26-1", 10, "DIGITAL_LINK", ""), 404, "/problems/not-found");
		assertProblem(job("b", this.gtin, "NOPE", 10, "DIGITAL_LINK", ""), 404, "/problems/not-found");
		// another brand's GTIN: the same answer as an unknown one
		JsonNode other404 = assertProblem(job("c", otherGtin, "L/26-1", 10, "DIGITAL_LINK", ""), 404,
				"/problems/not-found");
		assertThat(other404.get("detail").asString()).isEqualTo("No product with GTIN " + otherGtin);
		JsonNode tooMany = assertProblem(job("d", this.gtin, "L/26-1", 1_000_001, "DIGITAL_LINK", ""), 400,
				"/problems/validation");
		assertThat(tooMany.get("errors").get(0).get("field").asString()).isEqualTo("quantity");
		assertProblem(job("e", this.gtin, "L/26-1", 10, "SGTIN_96", ""), 400, "/problems/validation");
		assertProblem(job("f", this.gtin, "L/26-1", 10, "NMPA", ",\"drugCode\":\"12\""), 400, "/problems/validation");
		assertProblem(job("bad id!", this.gtin, "L/26-1", 10, "DIGITAL_LINK", ""), 400, "/problems/validation");
		assertProblem(job("g", this.gtin, "L/26-1", 10, "QR_ONLY", ""), 400, "/problems/malformed-body");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM code_job WHERE brand_id = ?", Long.class,
				this.brand.id()))
			.isZero();
		// a key without codes:issue
		Tenant reader = this.api.tenant(ApiClient.unique("Reader brand"), "BRAND", "read");
		this.api.call(post("/api/v1/code-jobs"), reader.key(), job("h", this.gtin, "L/26-1", 1, "DIGITAL_LINK", ""),
				403);
	}

	@Test
	void aJobThatFailsMidwayKeepsNothingAndCannotBeDownloaded() throws Exception {
		// place an earlier job's serials where the next job's 3rd batch will be:
		// positions 20000..20009
		this.jdbc.update("INSERT INTO code_counter (counter_key, next_position) VALUES (?, 20000)",
				"sgtin96:" + this.gtin);
		long first = submit(jobWithId("first", 10), 202).get("id").asLong();
		awaitStatus(first, "COMPLETED");
		this.jdbc.update("UPDATE code_counter SET next_position = 0 WHERE counter_key = ?", "sgtin96:" + this.gtin);
		long second = submit(jobWithId("second", 25_000), 202).get("id").asLong();
		JsonNode failed = awaitStatus(second, "FAILED");
		assertThat(failed.get("failure").asString()).contains("nothing kept");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class, second))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class, first))
			.isEqualTo(10);
		JsonNode refused = this.api.call(get("/api/v1/code-jobs/" + second + "/print-file"), this.brand.key(), "", 409);
		assertThat(refused.get("type").asString()).isEqualTo("/problems/job-not-completed");
	}

	private String jobWithId(String requestId, int quantity) {
		return "{\"requestId\":\"" + requestId + "\",\"gtin\":\"" + this.gtin
				+ "\",\"lotNumber\":\"L/26-1\",\"quantity\":" + quantity
				+ ",\"format\":\"SGTIN_96\",\"companyPrefixLength\":7}";
	}

	private static String job(String requestId, String gtin, String lot, long quantity, String format, String extra) {
		return "{\"requestId\":\"" + requestId + "\",\"gtin\":\"" + gtin + "\",\"lotNumber\":\"" + lot
				+ "\",\"quantity\":" + quantity + ",\"format\":\"" + format + "\"" + extra + "}";
	}

	private JsonNode assertProblem(String body, int status, String type) throws Exception {
		JsonNode problem = this.api.call(post("/api/v1/code-jobs"), this.brand.key(), body, status);
		assertThat(problem.get("type").asString()).isEqualTo(type);
		return problem;
	}

	JsonNode submit(String body, int status) throws Exception {
		return this.api.call(post("/api/v1/code-jobs"), this.brand.key(), body, status);
	}

	JsonNode awaitCompleted(long id) throws Exception {
		return awaitStatus(id, "COMPLETED");
	}

	JsonNode awaitStatus(long id, String wanted) throws Exception {
		long deadline = System.currentTimeMillis() + 60_000;
		while (true) {
			JsonNode job = this.api.call(get("/api/v1/code-jobs/" + id), this.brand.key(), "", 200);
			String status = job.get("status").asString();
			if (status.equals(wanted)) {
				return job;
			}
			assertThat(status).as("job %d", id).isIn("QUEUED", "RUNNING");
			assertThat(System.currentTimeMillis()).as("job %d did not reach %s in time", id, wanted)
				.isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	byte[] download(String path) throws Exception {
		MvcResult result = this.mvc.perform(get(path).header("Authorization", this.brand.bearer()))
			.andExpect(status().isOk())
			.andReturn();
		return result.getResponse().getContentAsByteArray();
	}

	static Map<String, byte[]> unzip(byte[] zip) throws Exception {
		Map<String, byte[]> out = new LinkedHashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
				out.put(e.getName(), in.readAllBytes());
			}
		}
		return out;
	}

	static Result decodeQr(byte[] png) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
		return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
	}

}
