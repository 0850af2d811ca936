package com.veritrace.reports;

/**
 * The outcome of checking a stored report against what was recorded when it was accepted.
 */
public enum DocumentCheck {

	/**
	 * The document hashes to the recorded digest, and the anchored event says the same
	 * digest and verdict.
	 */
	VERIFIED,
	/**
	 * The stored document does not hash to the recorded digest: it was changed after
	 * upload.
	 */
	DOCUMENT_MISMATCH,
	/** Nothing is stored under the document's key any more. */
	DOCUMENT_MISSING,
	/**
	 * The report's record disagrees with its EPCIS event (digest or verdict), or the
	 * event is gone.
	 */
	RECORD_MISMATCH

}
