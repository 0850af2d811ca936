/**
 * Code issuance exposed through the service: public code tools (Digital Link, SGTIN-96),
 * issuance jobs with streamed print files, the code registry (status, activation,
 * voiding) and aggregation into cases and pallets (SSCC) recorded as EPCIS
 * AggregationEvents.
 */
@ApplicationModule(allowedDependencies = { "catalog", "events", "tenancy", "web", "shared", "codes", "ingest" })
@NullMarked
package com.veritrace.issuance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
