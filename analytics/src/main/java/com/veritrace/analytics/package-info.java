/**
 * Authenticity verdict rules and scan counters (in memory; Redis in production). May use
 * the ingest core and code-issuance only.
 */
@ApplicationModule(allowedDependencies = { "ingest", "codes" })
@NullMarked
package com.veritrace.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
