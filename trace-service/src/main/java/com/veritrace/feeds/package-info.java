/**
 * The service's ingest wiring: the in-process queue behind {@code POST
 * /api/v1/ingest/{stream}}, the Kafka runner and the sink that records for known
 * reporters (ingest-connectors' pipeline and consumers).
 */
@ApplicationModule(
		allowedDependencies = { "alert", "events", "tenancy", "web", "shared", "ingest", "ingest :: connect" })
@NullMarked
package com.veritrace.feeds;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
