package com.veritrace;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a start-up refused by the crypto profile ({@link CryptoProfile}: a setting or
 * key that contradicts it, a log made under the other profile) as what was found and what
 * to do, instead of a stack trace.
 */
class CryptoProfileFailureAnalyzer extends AbstractFailureAnalyzer<CryptoProfile.CryptoProfileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CryptoProfile.CryptoProfileException cause) {
		return new FailureAnalysis("The crypto profile refused to start: " + cause.getMessage(),
				"Change the settings or keys as the message says (docs/TRANSPARENCY.md, \"National-crypto profile\").",
				cause);
	}

}
