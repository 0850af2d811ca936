package com.veritrace.anchor;

/** A ledger receipt does not match what the ledger holds, or the transaction failed. */
public class LedgerVerificationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LedgerVerificationException(String message) {
		super(message);
	}

}
