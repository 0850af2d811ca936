package com.veritrace.anchoring;

import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EvmConfigurationTests {

	@Test
	void aMalformedPrivateKeyFailsWithoutQuotingIt() {
		String typo = "0x8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8e8g";
		AnchorProperties.Evm evm = new AnchorProperties.Evm(URI.create("http://127.0.0.1:1"), 31337, null, typo,
				BigInteger.valueOf(200_000), null, Duration.ofMillis(50), Duration.ofSeconds(1));
		assertThatIllegalStateException().isThrownBy(() -> AnchorConfiguration.evmLedger(evm, null, Clock.systemUTC()))
			.withMessage("veritrace.anchor.evm.private-key is not a hex secp256k1 private key")
			.withNoCause();
	}

}
