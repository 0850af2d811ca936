package com.veritrace.inspection;

/**
 * One thing wrong with an uploaded report: where ({@code metadata.tests[1].outcome},
 * {@code document}) and why.
 */
public record ReportProblem(String field, String reason) {
}
