package com.veritrace.analytics;

import java.util.List;

/**
 * A verdict and why, as a message key with its arguments, so that the page says it in the
 * consumer's language (consumer-h5 {@code messages/h5*.properties}, keys
 * {@code reason.*}).
 */
public record Assessment(Verdict verdict, String reason, List<Object> arguments) {

	public Assessment {
		arguments = List.copyOf(arguments);
	}

	static Assessment of(Verdict verdict, String reason, Object... arguments) {
		return new Assessment(verdict, reason, List.of(arguments));
	}

}
