package com.veritrace.anchor;

import org.jspecify.annotations.Nullable;

import com.veritrace.anchor.ProofVerificationException.Reason;

/**
 * Outcome of verifying a proof document: valid, or invalid with a {@link Reason} and a
 * human-readable message.
 */
public record VerificationResult(boolean valid, @Nullable Reason reason, String message) {

	public static VerificationResult ok() {
		return new VerificationResult(true, null, "inclusion proof verified");
	}

	public static VerificationResult invalid(Reason reason, String message) {
		return new VerificationResult(false, reason, message);
	}

}
