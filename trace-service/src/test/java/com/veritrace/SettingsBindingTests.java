package com.veritrace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.LedgerKind;
import com.veritrace.anchoring.AnchorProperties;
import com.veritrace.inspection.DocumentHashAlgorithm;
import com.veritrace.reports.InspectionProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The ledger and the hash algorithms are enums in the settings: the accepted spellings
 * bind, and any other value stops start-up with a message naming the property, the value
 * and the accepted values (Spring Boot's failure analysis), before any bean uses it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void defaultsAreTheEmbeddedLedgerAndTheStandardProfile() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(AnchorProperties.class).ledger()).isEqualTo(LedgerKind.EMBEDDED);
			// unset: the profile decides (SHA-256 for the log and documents)
			assertThat(context.getBean(CryptoProperties.class).profile()).isEqualTo(CryptoProfile.STANDARD);
			assertThat(context.getBean(AnchorProperties.class).hashAlgorithm()).isNull();
			assertThat(context.getBean(InspectionProperties.class).hashAlgorithm()).isNull();
		});
	}

	@Test
	void theCryptoProfileBindsAndRefusesUnknownNames(CapturedOutput output) {
		this.runner.withPropertyValues("veritrace.crypto.profile=sm")
			.run((context) -> assertThat(context.getBean(CryptoProperties.class).profile())
				.isEqualTo(CryptoProfile.SM));
		this.runner.withPropertyValues("veritrace.crypto.profile=STANDARD")
			.run((context) -> assertThat(context.getBean(CryptoProperties.class).profile())
				.isEqualTo(CryptoProfile.STANDARD));
		assertBindingFails("veritrace.crypto.profile=gm", "veritrace.crypto.profile", CryptoProfile.class);
		assertThat(startUpFailure(output, "--veritrace.crypto.profile=gm")).contains(
				"Property: veritrace.crypto.profile", "Value: \"gm\"", "The following values are valid:", "SM",
				"STANDARD");
	}

	@Test
	void theDocumentedSpellingsBind() {
		this.runner
			.withPropertyValues("veritrace.anchor.ledger=jdchain", "veritrace.anchor.hash-algorithm=SM3",
					"veritrace.inspection.hash-algorithm=sm3")
			.run((context) -> {
				assertThat(context.getBean(AnchorProperties.class).ledger()).isEqualTo(LedgerKind.JDCHAIN);
				assertThat(context.getBean(AnchorProperties.class).hashAlgorithm()).isEqualTo(HashAlgorithm.SM3);
				assertThat(context.getBean(InspectionProperties.class).hashAlgorithm())
					.isEqualTo(DocumentHashAlgorithm.SM3);
			});
		this.runner
			.withPropertyValues("veritrace.anchor.ledger=EVM", "veritrace.anchor.hash-algorithm=SHA-256",
					"veritrace.inspection.hash-algorithm=SHA_256")
			.run((context) -> {
				assertThat(context.getBean(AnchorProperties.class).ledger()).isEqualTo(LedgerKind.EVM);
				assertThat(context.getBean(AnchorProperties.class).hashAlgorithm()).isEqualTo(HashAlgorithm.SHA_256);
				assertThat(context.getBean(InspectionProperties.class).hashAlgorithm())
					.isEqualTo(DocumentHashAlgorithm.SHA_256);
			});
	}

	@Test
	void anUnknownValueFailsToBindNamingTheProperty() {
		assertBindingFails("veritrace.anchor.ledger=hyperledger", "veritrace.anchor.ledger", LedgerKind.class);
		assertBindingFails("veritrace.anchor.hash-algorithm=MD5", "veritrace.anchor.hash-algorithm",
				HashAlgorithm.class);
		assertBindingFails("veritrace.inspection.hash-algorithm=sha-1", "veritrace.inspection.hash-algorithm",
				DocumentHashAlgorithm.class);
	}

	private void assertBindingFails(String setting, String property, Class<?> type) {
		this.runner.withPropertyValues(setting).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class);
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under '" + property + "' to " + type.getName());
		});
	}

	@Test
	void startUpReportsTheAcceptedLedgers(CapturedOutput output) {
		assertThat(startUpFailure(output, "--veritrace.anchor.ledger=hyperledger")).contains(
				"Property: veritrace.anchor.ledger", "Value: \"hyperledger\"", "The following values are valid:",
				"EMBEDDED", "EVM", "JDCHAIN");
	}

	@Test
	void startUpReportsTheAcceptedHashAlgorithms(CapturedOutput output) {
		assertThat(startUpFailure(output, "--veritrace.anchor.hash-algorithm=MD5")).contains(
				"Property: veritrace.anchor.hash-algorithm", "Value: \"MD5\"", "The following values are valid:",
				"SHA_256", "SM3");
		assertThat(startUpFailure(output, "--veritrace.inspection.hash-algorithm=sha-1")).contains(
				"Property: veritrace.inspection.hash-algorithm", "Value: \"sha-1\"", "The following values are valid:",
				"SHA_256", "SM3");
	}

	/**
	 * What a start-up with these arguments reports (the settings alone, no server, no
	 * database).
	 */
	private static String startUpFailure(CapturedOutput output, String argument) {
		int before = output.getAll().length();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Settings.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(argument)
			.close());
		String reported = output.getAll().substring(before);
		assertThat(reported).contains("APPLICATION FAILED TO START");
		return reported;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ AnchorProperties.class, InspectionProperties.class, CryptoProperties.class })
	static class Settings {

	}

}
