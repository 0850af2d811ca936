package com.veritrace.accounts;

import java.io.Serializable;
import java.security.Principal;

/**
 * What a portal session remembers of its person: only who they are. Their role and
 * organisation are read again at every request, so a changed role or a removal takes
 * effect at once.
 */
public record PortalLogin(long userId, String email) implements Principal, Serializable {

	@Override
	public String getName() {
		return this.email;
	}

}
