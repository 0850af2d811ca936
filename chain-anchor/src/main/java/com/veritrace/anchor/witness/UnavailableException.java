package com.veritrace.anchor.witness;

/**
 * The log or the chain node could not be reached, or answered something other than the
 * protocol: not evidence of misbehaviour; the witness tries again at the next interval
 * ({@code --once}: exit code 1).
 */
public final class UnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnavailableException(String message) {
		super(message);
	}

	public UnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
