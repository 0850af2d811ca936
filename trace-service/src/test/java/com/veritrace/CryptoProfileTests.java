package com.veritrace;

import org.junit.jupiter.api.Test;

import com.veritrace.CryptoProfile.CryptoProfileException;
import com.veritrace.anchor.HashAlgorithm;
import com.veritrace.anchor.SignatureAlgorithm;
import com.veritrace.inspection.DocumentHashAlgorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What each crypto profile chooses, and which explicit settings it refuses (the log's
 * beans are checked in anchoring's CryptoProfileKeysTests).
 */
class CryptoProfileTests {

	@Test
	void eachProfileChoosesItsAlgorithms() {
		assertThat(CryptoProfile.STANDARD.logHash(null)).isEqualTo(HashAlgorithm.SHA_256);
		assertThat(CryptoProfile.STANDARD.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
		assertThat(CryptoProfile.STANDARD.documentHash(null)).isEqualTo(DocumentHashAlgorithm.SHA_256);
		assertThat(CryptoProfile.SM.logHash(null)).isEqualTo(HashAlgorithm.SM3);
		assertThat(CryptoProfile.SM.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.SM2);
		assertThat(CryptoProfile.SM.documentHash(null)).isEqualTo(DocumentHashAlgorithm.SM3);
	}

	@Test
	void documentDigestsMayBeSm3InTheStandardProfileButNotSha256InTheSmProfile() {
		assertThat(CryptoProfile.STANDARD.documentHash(DocumentHashAlgorithm.SM3)).isEqualTo(DocumentHashAlgorithm.SM3);
		assertThat(CryptoProfile.SM.documentHash(DocumentHashAlgorithm.SM3)).isEqualTo(DocumentHashAlgorithm.SM3);
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> CryptoProfile.SM.documentHash(DocumentHashAlgorithm.SHA_256))
			.withMessage("veritrace.inspection.hash-algorithm=SHA_256 contradicts veritrace.crypto.profile=sm, whose "
					+ "report documents are digested with SM3: remove veritrace.inspection.hash-algorithm, or set "
					+ "veritrace.crypto.profile=standard");
	}

	@Test
	void theStandardProfileTakesConfiguredSm2KeysTheSmProfileNoEd25519() {
		CryptoProfile.STANDARD.checkKey("key", SignatureAlgorithm.SM2);
		CryptoProfile.STANDARD.checkKey("key", SignatureAlgorithm.ED25519);
		CryptoProfile.SM.checkKey("key", SignatureAlgorithm.SM2);
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> CryptoProfile.SM.checkKey("key", SignatureAlgorithm.ED25519));
		CryptoProfile.STANDARD.checkSigningKeySetting("00".repeat(32));
		CryptoProfile.SM.checkSigningKeySetting(null);
		CryptoProfile.SM.checkSigningKeySetting(" ");
		assertThatExceptionOfType(CryptoProfileException.class)
			.isThrownBy(() -> CryptoProfile.SM.checkSigningKeySetting("00".repeat(32)));
	}

	@Test
	void aRefusalIsPrintedAsWhatWasFoundAndWhatToDo() {
		org.springframework.boot.diagnostics.FailureAnalysis analysis = new CryptoProfileFailureAnalyzer().analyze(
				new IllegalStateException("bean failed", new CryptoProfileException("The log is hashed with SM3")));
		assertThat(analysis.getDescription())
			.isEqualTo("The crypto profile refused to start: The log is hashed with SM3");
		assertThat(analysis.getAction()).contains("National-crypto profile");
	}

}
