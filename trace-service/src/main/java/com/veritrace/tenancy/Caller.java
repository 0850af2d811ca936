package com.veritrace.tenancy;

import java.util.Set;

import com.veritrace.shared.ForbiddenException;

/**
 * Who is calling: the organisation behind the API key, its kind and the key's scopes.
 * Every service method that touches tenant data takes one.
 */
public record Caller(long organisationId, String organisationName, OrganisationKind kind, long apiKeyId,
		Set<Scope> scopes) {

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	public boolean has(Scope scope) {
		return this.scopes.contains(scope);
	}

	/**
	 * @throws ForbiddenException {@code missing-scope}, naming the missing scope
	 */
	public void require(Scope scope) {
		if (!has(scope)) {
			throw new ForbiddenException("missing-scope", "Missing scope",
					"This API key lacks the scope '" + scope.wire() + "' required for this operation");
		}
	}

	/** Regulators and the platform operator read across brands. */
	public boolean readsAcrossTenants() {
		return this.kind == OrganisationKind.REGULATOR || this.kind == OrganisationKind.PLATFORM;
	}

	public boolean isPlatformAdmin() {
		return this.kind == OrganisationKind.PLATFORM && has(Scope.ADMIN);
	}

}
