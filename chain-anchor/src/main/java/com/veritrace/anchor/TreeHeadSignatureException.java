package com.veritrace.anchor;

/** A signed tree head's signature does not verify, or was made by an untrusted key. */
public class TreeHeadSignatureException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TreeHeadSignatureException(String message) {
		super(message);
	}

}
