/**
 * Anchoring stored event rows: the Merkle log in the database, the anchor leader, proofs,
 * the integrity job, the row MAC (the events module's {@code RowMac}). Reacts to
 * {@code EventsRecorded}.
 */
@ApplicationModule(allowedDependencies = { "alert", "events", "tenancy", "web", "shared", "anchor", "ingest" })
@NullMarked
package com.veritrace.anchoring;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
