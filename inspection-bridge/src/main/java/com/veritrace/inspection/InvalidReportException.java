package com.veritrace.inspection;

import java.util.List;

/** A report that cannot be accepted, with every problem found (not just the first). */
public class InvalidReportException extends RuntimeException {

	private final List<ReportProblem> problems;

	public InvalidReportException(List<ReportProblem> problems) {
		super(problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).reason()
				: problems.size() + " problems found in the report");
		this.problems = List.copyOf(problems);
	}

	public List<ReportProblem> problems() {
		return this.problems;
	}

}
