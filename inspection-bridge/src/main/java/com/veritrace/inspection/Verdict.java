package com.veritrace.inspection;

import java.util.Arrays;
import java.util.Locale;

/**
 * A report's overall verdict, and the CBV 2.0 disposition its inspecting event carries.
 */
public enum Verdict {

	/** Every test within its limits. */
	PASS("conformant"),
	/** At least one test out of its limits: the lot does not conform. */
	FAIL("non_conformant"),
	/**
	 * Conforms subject to the conditions stated in the report (e.g. a relabelling). CBV
	 * 2.0 has no conditional disposition: the event says {@code conformant} and carries
	 * the verdict itself.
	 */
	CONDITIONAL("conformant");

	private final String disposition;

	Verdict(String disposition) {
		this.disposition = disposition;
	}

	/** The CBV 2.0 disposition (bare word) of the report's inspecting event. */
	public String disposition() {
		return this.disposition;
	}

	/**
	 * @throws IllegalArgumentException naming the valid verdicts
	 */
	public static Verdict fromName(String name) {
		try {
			return valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("must be one of " + Arrays.toString(values()));
		}
	}

}
