package com.veritrace.codes;

/** A code, key or URI that does not follow its standard; the message says exactly why. */
public class InvalidCodeException extends IllegalArgumentException {

	public InvalidCodeException(String message) {
		super(message);
	}

}
