/**
 * Lab inspection reports served by the service: upload API, report table and repository,
 * integrity check, the lab pull job (inspection-bridge does the framework-free work).
 */
@ApplicationModule(allowedDependencies = { "alert", "catalog", "events", "partners", "tenancy", "web", "shared",
		"ingest", "inspection" })
@NullMarked
package com.veritrace.reports;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
