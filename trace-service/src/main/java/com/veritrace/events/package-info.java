/**
 * EPCIS events: capture (API and jobs), the event store ({@link EventRecorder} checks and
 * records, {@code EventWriter} writes, {@code StoredEventReader} reads), timelines,
 * queries and the containment history ({@link Containments}). Publishes
 * {@link EventsRecorded}; needs a {@link RowMac} (anchoring) and {@link ItemLots}
 * (issuance) through ports, so it depends on neither.
 */
@ApplicationModule(allowedDependencies = { "catalog", "partners", "tenancy", "web", "shared", "codes", "ingest" })
@NullMarked
package com.veritrace.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
