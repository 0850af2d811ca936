-- Recalls (issue 14). A recall is about one product (GTIN) of one brand. What it says is never edited:
-- each amendment is a new recall_version linking the one before (version n supersedes n-1), and the
-- scope only grows (recall_scope rows are added per version, never removed). Its lifecycle (ISSUED ->
-- IN_PROGRESS -> CLOSED) is kept as append-only recall_transition rows; recall.status is their projection.
CREATE TABLE recall (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  initiator_id BIGINT NOT NULL,
  initiator_kind VARCHAR(32) NOT NULL,
  status VARCHAR(12) NOT NULL,
  current_version INT NOT NULL,
  recall_class VARCHAR(3) NOT NULL,
  item_count BIGINT NOT NULL,
  issued_ms BIGINT NOT NULL,
  status_ms BIGINT NOT NULL,
  KEY ix_recall_brand (brand_id, issued_ms),
  KEY ix_recall_issued (issued_ms),
  KEY ix_recall_gtin (gtin, issued_ms),
  FOREIGN KEY (brand_id) REFERENCES organisation (id),
  FOREIGN KEY (initiator_id) REFERENCES organisation (id)
);

-- What the recall says, version by version. Instructions are JSON objects by language tag ("en", "zh-CN").
CREATE TABLE recall_version (
  recall_id VARCHAR(36) NOT NULL,
  version INT NOT NULL,
  recall_class VARCHAR(3) NOT NULL,
  reason_code VARCHAR(40) NOT NULL,
  reason VARCHAR(2000) NOT NULL,
  consumer_instructions TEXT NOT NULL,
  partner_instructions TEXT NOT NULL,
  deadline DATE NULL,
  scope_json TEXT NOT NULL,
  amendment_note VARCHAR(2000) NULL,
  item_count BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  created_by_org BIGINT NOT NULL,
  created_by VARCHAR(320) NOT NULL,
  event_hash BINARY(32) NOT NULL,
  PRIMARY KEY (recall_id, version),
  UNIQUE KEY uk_recall_version_event (event_hash),
  FOREIGN KEY (recall_id) REFERENCES recall (id)
);

-- The scope, resolved: one row per recalled lot, or per serial range (lot_number NULL). Items produced in a
-- date range and "all lots of the GTIN" are resolved to the lots existing when the version is issued.
CREATE TABLE recall_scope (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  version INT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  lot_number VARCHAR(20) NULL,
  serial_from VARCHAR(20) NULL,
  serial_to VARCHAR(20) NULL,
  KEY ix_recall_scope_recall (recall_id, version),
  KEY ix_recall_scope_lot (gtin, lot_number),
  FOREIGN KEY (recall_id) REFERENCES recall (id)
);

CREATE TABLE recall_transition (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  status VARCHAR(12) NOT NULL,
  at_ms BIGINT NOT NULL,
  by_org BIGINT NOT NULL,
  by_label VARCHAR(320) NOT NULL,
  note VARCHAR(2000) NULL,
  KEY ix_recall_transition_recall (recall_id, id),
  FOREIGN KEY (recall_id) REFERENCES recall (id)
);

-- Every change a scan page must show (issue, amendment, close), numbered: each node polls for rows after the
-- last it has seen and drops its cached pages of those GTINs, so a recall shows on every node within ~1 s.
CREATE TABLE recall_change (
  seq BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  at_ms BIGINT NOT NULL
);

-- Counting a lot's items for a recall (and its progress) reads the registry by lot.
CREATE INDEX ix_issued_code_lot ON issued_code (lot_id, status);

-- Who was told about a recall (partners that hold or held affected items), and their acknowledgement of it
-- (GS1's "product removal confirmation" comes later, per item, in the progress tables).
CREATE TABLE recall_recipient (
  recall_id VARCHAR(36) NOT NULL,
  organisation_id BIGINT NOT NULL,
  notified_ms BIGINT NOT NULL,
  acknowledged_ms BIGINT NULL,
  acknowledged_by VARCHAR(320) NULL,
  PRIMARY KEY (recall_id, organisation_id),
  KEY ix_recall_recipient_org (organisation_id, notified_ms),
  FOREIGN KEY (recall_id) REFERENCES recall (id),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);
