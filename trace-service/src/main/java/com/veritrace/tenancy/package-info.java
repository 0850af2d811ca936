/**
 * Organisations, API keys, callers and scopes, the API security filter chain.
 */
@ApplicationModule(allowedDependencies = { "web", "shared" })
@NullMarked
package com.veritrace.tenancy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
