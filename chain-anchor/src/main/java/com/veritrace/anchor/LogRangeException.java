package com.veritrace.anchor;

/**
 * Thrown when a proof or root is requested for a leaf index or tree size the log does not
 * have (for example a tree size larger than the log, or a consistency proof from a bigger
 * to a smaller tree).
 */
public class LogRangeException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LogRangeException(String message) {
		super(message);
	}

}
