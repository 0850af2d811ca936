package com.veritrace.ingest;

import java.util.List;

/**
 * An event hash algorithm name that is not supported; the caller asked for something we
 * must not guess.
 */
public class UnsupportedHashAlgorithmException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnsupportedHashAlgorithmException(String name, List<String> supported) {
		super("Unsupported event hash algorithm '" + name + "'; supported: " + supported);
	}

}
