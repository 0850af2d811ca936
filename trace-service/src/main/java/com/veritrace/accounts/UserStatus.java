package com.veritrace.accounts;

/** Where an account stands. */
public enum UserStatus {

	/** Invited; becomes ACTIVE when the invitation is accepted. */
	INVITED,
	/** May log in. */
	ACTIVE,
	/** Removed from the organisation: may not log in; kept for the audit log. */
	REMOVED

}
