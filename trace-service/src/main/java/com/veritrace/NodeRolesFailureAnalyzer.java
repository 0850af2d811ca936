package com.veritrace;

import com.veritrace.shared.NodeRoles;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a start-up refused for its roles ({@code veritrace.roles} naming an unknown
 * role, or none) as what was found and what to do, instead of a stack trace.
 */
class NodeRolesFailureAnalyzer extends AbstractFailureAnalyzer<NodeRoles.UnknownRoleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NodeRoles.UnknownRoleException cause) {
		return new FailureAnalysis("The node's roles were refused: " + cause.getMessage(),
				"Set veritrace.roles to a comma-separated list of web, ingest, anchor and jobs, or leave it unset for "
						+ "all of them (README.md, \"Roles\").",
				cause);
	}

}
