/**
 * The consumer scan page and its JSON: verdict, journey, page cache, scan log, place
 * tokens.
 */
@ApplicationModule(allowedDependencies = { "analytics", "catalog", "coldchain", "events", "issuance", "recall",
		"reports", "tenancy", "web", "shared", "codes", "inspection", "media" })
@NullMarked
package com.veritrace.scan;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
