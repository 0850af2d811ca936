package com.veritrace.anchor;

/**
 * Thrown when a text is not a CBV 2.0 event hash ID
 * ({@code ni:///sha-256;<hex>?ver=CBV2.0}).
 */
public class MalformedEventHashException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MalformedEventHashException(String value) {
		super("Not a CBV 2.0 event hash ID (ni:///sha-256;<64 hex>?ver=CBV2.0): '"
				+ (value.length() > 120 ? value.substring(0, 120) + "..." : value) + "'");
	}

}
