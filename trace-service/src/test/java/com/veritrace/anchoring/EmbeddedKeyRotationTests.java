package com.veritrace.anchoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.veritrace.VeritraceApplication;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.anchor.SigningKeys;
import com.veritrace.anchor.TreeHeadSigner;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

/**
 * The embedded default keeps its keys in its key folder, not in the database, and a key
 * rotation (issue 16, item 5) goes as docs/TRANSPARENCY.md says: the service restarted
 * with a new signing key file and the old public key as retired signs new tree heads with
 * the new key, still trusts and publishes the old one, and a restart that drops the old
 * public key makes the integrity job report the heads it signed.
 */
class EmbeddedKeyRotationTests {

	@TempDir
	Path dir;

	private ConfigurableApplicationContext start(String... extra) {
		List<String> args = new ArrayList<>(List
			.of("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("db/veritrace")
					+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DEFAULT_NULL_ORDERING=HIGH",
					"--veritrace.inspection.document-store.directory=" + this.dir.resolve("documents"),
					"--veritrace.codes.serial-key-file=" + this.dir.resolve("serial-key"),
					"--veritrace.anchor.keys.dir=" + this.dir.resolve("keys"),
					"--veritrace.anchor.integrity.scheduled=false",
					"--veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(VeritraceApplication.class).run(args.toArray(String[]::new));
	}

	private static TestEvents events(ConfigurableApplicationContext context) throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
			.apply(springSecurity())
			.build();
		return new TestEvents(mvc);
	}

	@Test
	void keysStayOutOfTheDatabaseAndARotatedKeyKeepsOldHeadsVerifiable() throws Exception {
		String oldPublicPem;
		long oldLast;
		try (ConfigurableApplicationContext first = start()) {
			TestEvents events = events(first);
			events.awaitProof(events.capture("K1").get(0));
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			// nothing secret in the database: a dump of it cannot sign a head or a row
			// MAC
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM anchor_key", Integer.class)).isZero();
			assertThat(this.dir.resolve("keys/tree-head-signing.pem")).exists();
			assertThat(this.dir.resolve("keys/row-mac.key")).exists();
			assertThat(this.dir.resolve("keys/embedded-ledger.key")).exists();
			LogService.LogDescription log = first.getBean(LogService.class).describe();
			assertThat(log.keys()).singleElement().satisfies((k) -> {
				assertThat(k.current()).isTrue();
				assertThat(k.firstTreeSize()).isPositive();
			});
			oldPublicPem = log.keys().get(0).publicKeyPem();
			oldLast = first.getBean(LogService.class).latest().treeSize();
		}

		// the rotation: a new key file, the old public key kept as retired
		Path newKey = Files.writeString(this.dir.resolve("new.pem"),
				SigningKeys.generate(SignatureAlgorithm.ED25519, new SecureRandom()));
		Path oldPublic = Files.writeString(this.dir.resolve("old.pub.pem"), oldPublicPem);
		byte[] newPublic = SigningKeys.signer(Files.readString(newKey), new SecureRandom()).publicKey();
		try (ConfigurableApplicationContext second = start("--veritrace.anchor.keys.signing-key-file=" + newKey,
				"--veritrace.anchor.keys.retired-public-keys=" + oldPublic)) {
			TestEvents events = events(second);
			events.awaitProof(events.capture("K2").get(0));
			LogService logs = second.getBean(LogService.class);
			LogService.TreeHeadDocument latest = logs.latest();
			assertThat(latest.treeSize()).isGreaterThan(oldLast);
			assertThat(latest.keyId()).isEqualTo(LogService.keyId(newPublic));
			List<LogService.LogKey> keys = logs.describe().keys();
			assertThat(keys).hasSize(2);
			assertThat(keys.get(0).current()).isTrue();
			assertThat(keys.get(0).publicKey()).isEqualTo(HexFormat.of().formatHex(newPublic));
			assertThat(keys.get(0).firstTreeSize()).isGreaterThan(oldLast);
			assertThat(keys.get(1).current()).isFalse();
			assertThat(keys.get(1).publicKeyPem()).isEqualTo(oldPublicPem);
			assertThat(keys.get(1).firstTreeSize()).isPositive();
			assertThat(keys.get(1).lastTreeSize()).isGreaterThanOrEqualTo(oldLast)
				.isLessThan(keys.get(0).firstTreeSize());
			// an old head still verifies against the retired key, from what the log
			// serves
			LogService.TreeHeadDocument old = logs.bySize(oldLast);
			assertThat(old.keyId()).isEqualTo(keys.get(1).keyId());
			IntegrityService.Report report = second.getBean(IntegrityService.class).run();
			assertThat(report.findings()).noneMatch((f) -> f.kind() == IntegrityService.Kind.BAD_SIGNATURE);
			assertThat(report.treeHeadsChecked()).isGreaterThan(1);
		}

		// without the old public key, the heads it signed are no longer the log's
		try (ConfigurableApplicationContext third = start("--veritrace.anchor.keys.signing-key-file=" + newKey)) {
			IntegrityService.Report report = third.getBean(IntegrityService.class).run();
			assertThat(report.findings()).filteredOn((f) -> f.kind() == IntegrityService.Kind.BAD_SIGNATURE)
				.isNotEmpty()
				.allSatisfy((f) -> assertThat(f.detail()).contains("signed by a key that is not the log's"));
			assertThat(third.getBean(LogService.class).describe().keys()).singleElement()
				.satisfies((k) -> assertThat(k.publicKey()).isEqualTo(HexFormat.of().formatHex(newPublic)));
			// the signing key itself is the configured file's, not a generated one
			assertThat(third.getBean(TreeHeadSigner.class).publicKey()).isEqualTo(newPublic);
		}
	}

}
