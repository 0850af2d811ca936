package com.veritrace.accounts;

import java.util.EnumSet;
import java.util.Set;

import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;

/**
 * A person's role in their organisation. Each role is a set of the API's scopes, so that
 * what a role may not do through the API it may not do through the portal either.
 */
public enum Role {

	/** Reads everything of the organisation; changes nothing. */
	VIEWER,
	/** Runs the daily work: products, lots, code jobs, events, reports. */
	OPERATOR,
	/** And manages access: partners' grants, API keys, users (except owners). */
	ADMIN,
	/** And manages owners and the organisation's settings. */
	OWNER;

	public Set<Scope> scopes(OrganisationKind kind) {
		Set<Scope> scopes = EnumSet.of(Scope.READ);
		if (this.compareTo(OPERATOR) >= 0) {
			scopes.addAll(EnumSet.of(Scope.EVENTS_WRITE, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE, Scope.REPORTS_WRITE,
					Scope.ALERTS_WRITE));
		}
		if (this.compareTo(ADMIN) >= 0) {
			scopes.addAll(EnumSet.of(Scope.GRANTS_MANAGE, Scope.KEYS_MANAGE));
			if (kind == OrganisationKind.PLATFORM) {
				scopes.add(Scope.ADMIN);
			}
			if (kind == OrganisationKind.BRAND || kind == OrganisationKind.REGULATOR) {
				// a brand recalls its own products, a regulator any brand's
				scopes.add(Scope.RECALLS_WRITE);
			}
		}
		return scopes;
	}

	public boolean atLeast(Role other) {
		return this.compareTo(other) >= 0;
	}

	/**
	 * @throws IllegalArgumentException naming the roles
	 */
	public static Role parse(String text) {
		try {
			return valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown role '" + text + "'; roles are OWNER, ADMIN, OPERATOR, VIEWER");
		}
	}

}
