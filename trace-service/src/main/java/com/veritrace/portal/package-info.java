/**
 * The portal under {@code /portal}: the pages people use to run their organisation
 * (brands, partners, labs, the platform operator), server-rendered from the templates of
 * the merchant-portal module. Controllers only: every action goes through the same
 * services, with the same {@code Caller} rules, as the REST API.
 */
@ApplicationModule(allowedDependencies = { "accounts", "tenancy", "shared", "web", "catalog", "issuance", "partners",
		"events", "feeds", "reports", "anchoring", "scan", "recall", "notify", "review", "dashboards", "alert",
		"diversion", "media" })
@NullMarked
package com.veritrace.portal;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
