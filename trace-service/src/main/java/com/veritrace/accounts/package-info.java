/**
 * People's accounts: users of an organisation with a role, their passwords and second
 * factor, invitations and password resets by single-use links, and the mails that carry
 * them.
 */
@ApplicationModule(allowedDependencies = { "tenancy", "shared", "web" })
@NullMarked
package com.veritrace.accounts;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
