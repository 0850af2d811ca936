package com.veritrace.anchor;

/**
 * A proof did not verify. {@link #reason()} says why, in the same vocabulary the
 * command-line and browser verifiers print.
 */
public class ProofVerificationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Why a proof failed. The names are shared with the browser verifier
	 * (proof-verify.js).
	 */
	public enum Reason {

		/**
		 * The recomputed root differs from the expected root (tampered leaf, path or
		 * root).
		 */
		ROOT_MISMATCH,

		/**
		 * Tree sizes are inconsistent: a consistency proof from a larger to a smaller
		 * tree.
		 */
		WRONG_SIZE,

		/**
		 * The path has more or fewer hashes than the leaf index and tree size require.
		 */
		BAD_PATH_LENGTH,

		/**
		 * The leaf index is not below the tree size (includes every index of an empty
		 * tree).
		 */
		INDEX_OUT_OF_RANGE,

		/** A hash has the wrong number of bytes for the algorithm. */
		BAD_HASH_LENGTH,

		/** The hash algorithm is unknown (or, in a browser, unavailable). */
		UNSUPPORTED_ALGORITHM,

		/** The proof document cannot be read: bad JSON, hex, event hash ID or number. */
		MALFORMED_INPUT

	}

	private final Reason reason;

	public ProofVerificationException(Reason reason, String message) {
		super(reason + ": " + message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
