package com.veritrace.anchor;

/** The ledger could not be reached, refused a request, or did not answer in time. */
public class LedgerException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LedgerException(String message) {
		super(message);
	}

	public LedgerException(String message, Throwable cause) {
		super(message, cause);
	}

}
