package com.veritrace.inspection;

import org.jspecify.annotations.Nullable;

/**
 * A call to a lab system failed. {@code retryable}: it may pass later (timeouts, 5xx
 * after the retries were spent); otherwise retrying the same call will not help (4xx, a
 * malformed answer). {@code status} is the last HTTP status, or 0 when none was received.
 */
public class LabConnectorException extends RuntimeException {

	private final boolean retryable;

	private final int status;

	public LabConnectorException(String message, boolean retryable, int status, @Nullable Throwable cause) {
		super(message, cause);
		this.retryable = retryable;
		this.status = status;
	}

	public boolean retryable() {
		return this.retryable;
	}

	public int status() {
		return this.status;
	}

}
