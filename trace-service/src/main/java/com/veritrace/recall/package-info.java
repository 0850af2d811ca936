/**
 * Recalls (issue 14): the recall order, its versions and lifecycle, its EPCIS event, and
 * the in-memory index every node keeps of recalled items for the scan page.
 */
@ApplicationModule(
		allowedDependencies = { "catalog", "events", "issuance", "tenancy", "web", "shared", "codes", "ingest" })
@NullMarked
package com.veritrace.recall;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
