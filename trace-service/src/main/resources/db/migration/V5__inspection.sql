-- Inspection reports (issue 7): one row per accepted report, never updated or deleted by the API.
-- A correction is a new row whose supersedes_id names the report it corrects (at most one correction
-- per report: unique). The document itself lives in the document store under document_key; its digest
-- is here and, with the verdict, inside the report's EPCIS event (event_hash), which is anchored.
CREATE TABLE inspection_report (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  lab_id BIGINT NOT NULL,
  brand_id BIGINT NOT NULL,
  report_number VARCHAR(64) NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  lot_number VARCHAR(20) NOT NULL,
  verdict VARCHAR(16) NOT NULL,
  issued_on DATE NOT NULL,
  valid_until DATE NULL,
  accepted_ms BIGINT NOT NULL,
  metadata_json LONGTEXT NOT NULL,
  document_key VARCHAR(200) NOT NULL,
  document_type VARCHAR(32) NOT NULL,
  document_size BIGINT NOT NULL,
  document_hash_algorithm VARCHAR(16) NOT NULL,
  document_hash BINARY(32) NOT NULL,
  event_hash BINARY(32) NOT NULL,
  supersedes_id VARCHAR(36) NULL,
  UNIQUE KEY uk_inspection_report_number (lab_id, report_number),
  UNIQUE KEY uk_inspection_report_supersedes (supersedes_id),
  UNIQUE KEY uk_inspection_report_event (event_hash),
  KEY ix_inspection_report_lot (gtin, lot_number, accepted_ms),
  KEY ix_inspection_report_lab (lab_id, accepted_ms),
  FOREIGN KEY (lab_id) REFERENCES organisation (id),
  FOREIGN KEY (brand_id) REFERENCES organisation (id),
  FOREIGN KEY (supersedes_id) REFERENCES inspection_report (id)
);

-- Where the pull connector stands in each lab system's result feed (the lab API's opaque cursor).
CREATE TABLE inspection_pull_cursor (
  lab_id BIGINT NOT NULL PRIMARY KEY,
  cursor_value VARCHAR(500) NOT NULL,
  updated_ms BIGINT NOT NULL,
  FOREIGN KEY (lab_id) REFERENCES organisation (id)
);
