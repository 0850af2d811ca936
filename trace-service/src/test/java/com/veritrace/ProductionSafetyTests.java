package com.veritrace;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Production profiles refuse development defaults, each finding naming the setting to
 * change.
 */
class ProductionSafetyTests {

	static MockEnvironment production() {
		MockEnvironment env = new MockEnvironment();
		env.setActiveProfiles("mariadb");
		env.setProperty("spring.datasource.url", "jdbc:mysql://db.internal:3306/veritrace?sslMode=VERIFY_IDENTITY");
		env.setProperty("spring.datasource.username", "veritrace");
		env.setProperty("veritrace.codes.serial-key", "c2VyaWFs");
		env.setProperty("veritrace.anchor.signing-key", "00");
		env.setProperty("veritrace.anchor.row-mac-key", "00");
		env.setProperty("veritrace.query.page-token-key", "cGFnZS10b2tlbi1rZXktMDEyMzQ1Njc4OWFiY2RlZg==");
		return env;
	}

	static List<String> names(MockEnvironment env) {
		return ProductionSafety.findings(env).stream().map(ProductionSafety.Finding::name).toList();
	}

	@Test
	void aProductionConfigurationPasses() {
		assertThat(names(production())).isEmpty();
		MockEnvironment kafka = production();
		kafka.setProperty("veritrace.ingest.transport", "kafka");
		kafka.setProperty("veritrace.ingest.kafka.properties.security.protocol", "SASL_SSL");
		assertThat(names(kafka)).isEmpty();
	}

	@Test
	void eachDevelopmentDefaultIsFoundWithTheSettingToChange() {
		MockEnvironment env = production();
		env.setProperty("spring.datasource.username", "root");
		env.setProperty("spring.datasource.url", "jdbc:mysql://127.0.0.1:3306/veritrace?useSSL=false");
		env.setProperty("veritrace.codes.serial-key", "");
		env.setProperty("veritrace.anchor.row-mac-key", " ");
		env.setProperty("veritrace.query.page-token-key", "");
		env.setProperty("veritrace.ingest.transport", "kafka");
		env.setProperty("veritrace.notify.http.allow-loopback", "true");
		List<ProductionSafety.Finding> findings = ProductionSafety.findings(env);
		assertThat(findings).extracting(ProductionSafety.Finding::name)
			.containsExactly("root-database-user", "database-without-tls", "generated-keys", "plaintext-kafka",
					"webhooks-to-loopback");
		assertThat(findings.get(0).fix()).contains("spring.datasource.username").contains("VERITRACE_DB_USER");
		assertThat(findings.get(1).fix()).contains("sslMode=VERIFY_IDENTITY");
		assertThat(findings.get(2).fix()).contains("veritrace.codes.serial-key")
			.contains("veritrace.anchor.row-mac-key")
			.contains("veritrace.query.page-token-key")
			.doesNotContain("veritrace.anchor.signing-key");
		assertThat(findings.get(3).problem()).contains("PLAINTEXT");

		env.setProperty("spring.datasource.url", "jdbc:mysql://x/v?sslMode=DISABLED");
		assertThat(names(env)).contains("database-without-tls");
		env.setProperty("veritrace.ingest.kafka.properties.security.protocol", "SASL_PLAINTEXT");
		assertThat(names(env)).contains("plaintext-kafka");
	}

	@Test
	void anAcknowledgedFindingIsNotReportedAndTheEmbeddedDefaultIsNotJudged() {
		MockEnvironment env = production();
		env.setProperty("spring.datasource.username", "root");
		env.setProperty("veritrace.anchor.enabled", "false");
		env.setProperty("veritrace.anchor.signing-key", "");
		env.setProperty("veritrace.production.allow-insecure", " Root-Database-User ");
		assertThat(names(env)).isEmpty();

		MockEnvironment embedded = new MockEnvironment();
		embedded.setProperty("spring.datasource.username", "root");
		assertThat(names(embedded)).isEmpty();
	}

	@Test
	void theApplicationRefusesToStartAndTheFailureSaysWhatToChange() {
		assertThatExceptionOfType(ProductionSafety.InsecureSettingsException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(VeritraceApplication.class).profiles("mariadb")
				.run("--spring.datasource.username=root", "--server.port=0",
						"--spring.datasource.url=jdbc:mysql://127.0.0.1:1/nowhere?useSSL=false"))
			.satisfies(ex -> {
				FailureAnalysis analysis = new InsecureSettingsFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("[root-database-user]")
					.contains("[database-without-tls]")
					.contains("[generated-keys]");
				assertThat(analysis.getAction()).contains("veritrace.production.allow-insecure")
					.contains("VERITRACE_SERIAL_KEY");
			});
	}

	@Test
	void theFailureAnalyzerIsRegisteredSoTheStartUpFailurePrintsIt() {
		// Spring Boot finds failure analyzers through META-INF/spring.factories on the
		// class path (it once sat outside src/main/resources and was never found)
		// (Boot's own analyzers need constructor arguments: skipped here)
		assertThat(org.springframework.core.io.support.SpringFactoriesLoader.forDefaultResourceLocation()
			.load(org.springframework.boot.diagnostics.FailureAnalyzer.class, null, (type, name, failure) -> {
			})).anySatisfy((analyzer) -> assertThat(analyzer).isInstanceOf(InsecureSettingsFailureAnalyzer.class))
			.anySatisfy((analyzer) -> assertThat(analyzer).isInstanceOf(CryptoProfileFailureAnalyzer.class));
	}

}
