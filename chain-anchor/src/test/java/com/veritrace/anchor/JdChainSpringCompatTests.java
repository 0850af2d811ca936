package com.veritrace.anchor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import utils.io.ByteArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JD Chain SDK's Spring 5.3 {@code org.springframework.util.Base64Utils} (gone from
 * Spring 7) is compiled into this module only by the {@code jdchain} Maven profile
 * (surefire tells the tests which build this is in {@code veritrace.jdchain-build}).
 */
class JdChainSpringCompatTests {

	private static final String STAND_IN = "org.springframework.util.Base64Utils";

	private static final byte[] BYTES = "veritrace \u00ff\u00fe?".getBytes(StandardCharsets.UTF_8);

	@Test
	@DisabledIfSystemProperty(named = "veritrace.jdchain-build", matches = "true")
	void theDefaultBuildShipsNoClassInASpringPackage() {
		ClassLoader loader = JdChainLedger.class.getClassLoader();
		assertThat(loader.getResource(STAND_IN.replace('.', '/') + ".class")).isNull();
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName(STAND_IN, false, loader));
		// which is why the jdchain build needs it: the SDK's base64 fails without it
		assertThatExceptionOfType(NoClassDefFoundError.class).isThrownBy(() -> ByteArray.toBase64(BYTES))
			.withMessageContaining("org/springframework/util/Base64Utils");
	}

	@Test
	@EnabledIfSystemProperty(named = "veritrace.jdchain-build", matches = "true")
	void theJdChainBuildShipsItWithTheLedger() throws ClassNotFoundException {
		Class<?> standIn = Class.forName(STAND_IN, false, JdChainLedger.class.getClassLoader());
		assertThat(standIn.getProtectionDomain().getCodeSource().getLocation())
			.isEqualTo(JdChainLedger.class.getProtectionDomain().getCodeSource().getLocation());
		assertThat(ByteArray.toBase64(BYTES)).isEqualTo(Base64.getUrlEncoder().encodeToString(BYTES));
		assertThat(ByteArray.fromBase64(ByteArray.toBase64(BYTES))).isEqualTo(BYTES);
	}

}
