package com.veritrace.anchor;

/** Thrown when a hash algorithm name or code is not one of {@link HashAlgorithm}'s. */
public class UnknownHashAlgorithmException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnknownHashAlgorithmException(String name) {
		super("Unknown hash algorithm '" + name + "' (supported: SHA-256, SM3)");
	}

}
