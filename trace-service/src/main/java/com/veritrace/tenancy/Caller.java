package com.veritrace.tenancy;

import java.io.Serializable;
import java.util.Set;

import com.veritrace.shared.ForbiddenException;

/**
 * Who is calling: the organisation, its kind and what the caller may do. A program calls
 * with an API key ({@code apiKeyId}, the key's scopes); a person through the portal
 * ({@code userId}, the scopes of their role). Every service method that touches tenant
 * data takes one, so the API and the portal are held to the same rules.
 */
public record Caller(long organisationId, String organisationName, OrganisationKind kind, long apiKeyId,
		Set<Scope> scopes, long userId) implements Serializable {

	public Caller {
		scopes = Set.copyOf(scopes);
	}

	/** A program, calling with an API key. */
	public Caller(long organisationId, String organisationName, OrganisationKind kind, long apiKeyId,
			Set<Scope> scopes) {
		this(organisationId, organisationName, kind, apiKeyId, scopes, 0);
	}

	/** A person, logged in to the portal, with the scopes of their role. */
	public static Caller person(long organisationId, String organisationName, OrganisationKind kind, long userId,
			Set<Scope> scopes) {
		return new Caller(organisationId, organisationName, kind, 0, scopes, userId);
	}

	public boolean isPerson() {
		return this.userId != 0;
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
					isPerson() ? "Your role does not allow this (it needs the right '" + scope.wire() + "')"
							: "This API key lacks the scope '" + scope.wire() + "' required for this operation");
		}
	}

	/** Regulators and the platform operator read across brands. */
	public boolean readsAcrossTenants() {
		return this.kind == OrganisationKind.REGULATOR || this.kind == OrganisationKind.PLATFORM;
	}

	public boolean isPlatformAdmin() {
		return this.kind == OrganisationKind.PLATFORM && has(Scope.ADMIN);
	}

	/** How the audit log names this caller. */
	public String label() {
		return isPerson() ? "user " + this.userId : "API key " + this.apiKeyId;
	}

}
