package com.veritrace;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a start-up refused by {@link ProductionSafety}: what was found, and which
 * setting to change.
 */
class InsecureSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ProductionSafety.InsecureSettingsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProductionSafety.InsecureSettingsException cause) {
		String description = "A production profile was started with development defaults:\n" + cause.findings()
			.stream()
			.map(f -> "  - " + f.problem() + " [" + f.name() + "]")
			.collect(Collectors.joining("\n"));
		String action = cause.findings().stream().map(f -> "  - " + f.fix()).collect(Collectors.joining("\n"))
				+ "\nOr, knowing the risk, acknowledge a finding by its name in veritrace.production.allow-insecure "
				+ "(comma-separated, e.g. " + cause.findings().get(0).name() + ").";
		return new FailureAnalysis(description, "Change these settings:\n" + action, cause);
	}

}
