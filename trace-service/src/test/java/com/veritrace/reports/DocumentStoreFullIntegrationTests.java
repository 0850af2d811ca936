package com.veritrace.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Fault injection (issue 18): the document store's disk is full. The store's directory is
 * a 384 KB tmpfs mounted by this test (real ENOSPC from the kernel; the test runs as
 * root, as CI does, and fails if it may not mount): an upload that does not fit is
 * refused with a 503 problem {@code /problems/document-store-full}, leaves no partial
 * file and no report row; the reports stored before still have their documents, and an
 * upload that fits is accepted again at once.
 */
@MariaDbIntegrationTest
class DocumentStoreFullIntegrationTests {

	static final Path MOUNT = Path.of("target", "faults", "document-store").toAbsolutePath();

	static boolean mounted;

	@DynamicPropertySource
	static void smallDisk(DynamicPropertyRegistry registry) throws Exception {
		Files.createDirectories(MOUNT);
		unmount(); // one left by a run that was killed
		run("mount", "-t", "tmpfs", "-o", "size=384k,mode=0700", "tmpfs", MOUNT.toString());
		mounted = true;
		registry.add("veritrace.inspection.document-store.directory", MOUNT::toString);
		registry.add("veritrace.inspection.max-document-size", () -> "2MB");
		registry.add("veritrace.inspection.max-upload-size", () -> "4MB");
	}

	@AfterAll
	static void unmountTheDisk() throws Exception {
		if (mounted) {
			unmount();
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anUploadThatDoesNotFitIsRefusedWithAProblemAndLeavesNothingHalfWritten() throws Exception {
		ApiClient api = new ApiClient(this.mvc);
		Tenant brand = api.tenant(ApiClient.unique("Tea brand"), "BRAND", "read", "products:write", "grants:manage");
		Tenant lab = api.tenant(ApiClient.unique("Lab"), "LAB", "read", "reports:write");
		String gtin = ApiClient.randomGtin();
		api.call(post("/api/v1/products"), brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"Tea\"}", 201);
		api.call(post("/api/v1/products/" + gtin + "/lots"), brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		api.call(post("/api/v1/grants"), brand.key(),
				"{\"granteeOrganisationId\":" + lab.id() + ",\"right\":\"REPORTS\",\"gtin\":\"" + gtin + "\"}", 201);

		upload(lab, InspectionReportIntegrationTests.number(), gtin, pdf(100 * 1024)).andExpect(status().isCreated());
		List<Path> before = files();
		long freeBefore = Files.getFileStore(MOUNT).getUsableSpace();

		String refused = InspectionReportIntegrationTests.number();
		upload(lab, refused, gtin, pdf(400 * 1024)).andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value(org.hamcrest.Matchers.endsWith("/problems/document-store-full")))
			.andExpect(jsonPath("$.title").value("Document store full"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no space left")));

		List<Path> after = files();
		long rows = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM inspection_report WHERE lab_id = ? AND report_number = ?", Long.class, lab.id(),
				refused);
		long freeAfter = Files.getFileStore(MOUNT).getUsableSpace();
		assertThat(after).as("no partial file, no new document").isEqualTo(before);
		assertThat(rows).as("no report row").isZero();
		assertThat(freeAfter).as("the space the refused upload took is free again").isEqualTo(freeBefore);
		// every report row of the lab points at a document that is there
		List<String> keys = this.jdbc.queryForList("SELECT document_key FROM inspection_report WHERE lab_id = ?",
				String.class, lab.id());
		assertThat(keys).hasSize(1).allSatisfy(key -> assertThat(MOUNT.resolve(key)).isRegularFile());
		// the store is not stuck: an upload that fits is accepted
		upload(lab, InspectionReportIntegrationTests.number(), gtin, pdf(20 * 1024)).andExpect(status().isCreated());
		LoggerFactory.getLogger(DocumentStoreFullIntegrationTests.class)
			.info("Fault document store full (384 KB tmpfs): a 400 KB upload refused with 503; files {} before, {} "
					+ "after; {} report rows for it; {} bytes free before and after; a 20 KB upload then accepted",
					before.size(), after.size(), rows, freeBefore);
	}

	private org.springframework.test.web.servlet.ResultActions upload(Tenant lab, String number, String gtin,
			byte[] document) throws Exception {
		return this.mvc.perform(multipart(InspectionReportIntegrationTests.UPLOAD)
			.file(new MockMultipartFile("metadata", "metadata.json", "application/json",
					InspectionReportIntegrationTests.metadata(number, gtin, "L1", "PASS", "")
						.getBytes(StandardCharsets.UTF_8)))
			.file(new MockMultipartFile("document", "report.pdf", "application/pdf", document))
			.header("Authorization", lab.bearer()));
	}

	/** A PDF-looking document of about {@code size} bytes, different every time. */
	static byte[] pdf(int size) {
		StringBuilder text = new StringBuilder("%PDF-1.4\n");
		byte[] random = new byte[48];
		while (text.length() < size) {
			ThreadLocalRandom.current().nextBytes(random);
			text.append("% ").append(java.util.HexFormat.of().formatHex(random)).append('\n');
		}
		return text.append("%%EOF\n").toString().getBytes(StandardCharsets.US_ASCII);
	}

	/** Every file in the store, temporary ones included. */
	private static List<Path> files() throws IOException {
		try (Stream<Path> paths = Files.walk(MOUNT)) {
			return paths.filter(Files::isRegularFile).sorted().toList();
		}
	}

	private static void unmount() throws Exception {
		if (Files.readAllLines(Path.of("/proc/mounts")).stream().anyMatch(l -> l.contains(" " + MOUNT + " "))) {
			run("umount", MOUNT.toString());
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed (" + output.strip() + "): the "
					+ "document-store-full test mounts a small tmpfs and needs root (CAP_SYS_ADMIN), as in CI");
		}
	}

}
