/**
 * Inspection reports of labs, framework-free: the report metadata and its validation
 * ({@link ReportMetadataReader}), document type sniffing ({@link DocumentType}), document
 * hashing ({@link DocumentHashAlgorithm}, {@link DocumentDigest}) and storage
 * ({@link DocumentStore}, {@link FileSystemDocumentStore}), the report's EPCIS event
 * ({@link InspectionEvents}), and connectors to lab systems that do not push:
 * {@link LabResultPuller} (polls a lab's REST API) and {@link LabWebhookSender} (notifies
 * a lab of an inspection request). trace-service exposes all of it over REST. Uses the
 * ingest core and code-issuance only.
 */
@ApplicationModule(displayName = "Inspection (inspection-bridge)", allowedDependencies = { "ingest", "codes" })
@NullMarked
package com.veritrace.inspection;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
