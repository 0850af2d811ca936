/**
 * The EPCIS 2.0 core: event model, JSON-LD and XML parsing with validation, the CBV 2.0
 * event hash and the {@link EventSink} port. Uses only code-issuance (module rule checked
 * by trace-service's ModularityTests).
 */
@ApplicationModule(displayName = "Ingest (ingest-connectors)", allowedDependencies = "codes")
@NullMarked
package com.veritrace.ingest;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
