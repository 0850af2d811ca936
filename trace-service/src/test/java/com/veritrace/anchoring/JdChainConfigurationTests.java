package com.veritrace.anchoring;

import org.junit.jupiter.api.Test;

import com.veritrace.anchor.JdChainLedger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Bad {@code veritrace.anchor.jdchain.*} settings stop the start with a message naming
 * the properties.
 */
class JdChainConfigurationTests {

	@Test
	void missingSettingsAreListedByPropertyName() {
		assertThatIllegalStateException()
			.isThrownBy(() -> AnchorConfiguration.jdChainLedger(
					new AnchorProperties.JdChain("gateway.example", 8080, false, null, " ", null, null, null)))
			.withMessageStartingWith("veritrace.anchor.ledger=jdchain needs veritrace.anchor.jdchain.ledger-hash, "
					+ "veritrace.anchor.jdchain.data-account, veritrace.anchor.jdchain.public-key, "
					+ "veritrace.anchor.jdchain.private-key, veritrace.anchor.jdchain.private-key-password (");
	}

	@Test
	void aSettingThatDoesNotDecodeIsNamedAndAGoodSetBuildsTheLedgerWithoutContactingTheGateway() {
		AnchorProperties.JdChain good = JdChainAnchoringIntegrationTests.UnreachableGateway.settings(1);

		assertThat(AnchorConfiguration.jdChainLedger(good)).isInstanceOf(JdChainLedger.class);
		assertThatIllegalStateException()
			.isThrownBy(() -> AnchorConfiguration
				.jdChainLedger(new AnchorProperties.JdChain(good.gatewayHost(), good.gatewayPort(), false, "0OIl",
						good.dataAccount(), good.publicKey(), good.privateKey(), good.privateKeyPassword())))
			.withMessageStartingWith("veritrace.anchor.jdchain.ledger-hash is not a base58 JD Chain hash digest");
		assertThat(good.toString()).doesNotContain(good.privateKey()).doesNotContain(good.privateKeyPassword());
	}

}
