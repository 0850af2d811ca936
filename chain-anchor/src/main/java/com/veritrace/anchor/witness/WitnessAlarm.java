package com.veritrace.anchor.witness;

/**
 * Evidence that the log misbehaved: the witness stops and never cosigns again until its
 * operator has looked (docs/TRANSPARENCY.md, "Running a witness").
 */
public final class WitnessAlarm extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** What the witness found. */
	public enum Kind {

		/**
		 * A head is not consistent with the last verified one, or has the same size and
		 * another root.
		 */
		FORK,

		/** The log's newest head is smaller than the last verified one. */
		ROLLBACK,

		/**
		 * A head's signature does not verify, or its members are not its signed bytes.
		 */
		BAD_SIGNATURE,

		/**
		 * A head is signed by a key the witness does not trust, or the log's published
		 * keys changed since the witness first trusted them.
		 */
		UNTRUSTED_KEY,

		/**
		 * The head's anchor is not on the witness's own chain node as the head says
		 * (other root, other contract or chain, no such transaction).
		 */
		ANCHOR_MISMATCH

	}

	private final Kind kind;

	private final long treeSize;

	public WitnessAlarm(Kind kind, long treeSize, String detail) {
		super(detail);
		this.kind = kind;
		this.treeSize = treeSize;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The size of the head the alarm is about. */
	public long treeSize() {
		return this.treeSize;
	}

	public String detail() {
		return getMessage();
	}

}
