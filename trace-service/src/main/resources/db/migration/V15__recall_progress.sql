-- Recall progress, alerts and partners' responses (issue 14, items 2 and 3; docs/DECISIONS.md "Recalls (issue 14):
-- progress, alerts and partners' responses").

-- Every stored event that touched an item of an open recall (named itself, by its lot, or inside a case), written
-- in the transaction that stores the event (the recall watch) or, for an event a node stored before it knew of the
-- recall, by the progress build. kind: AFTER_RECALL (its event time is after the item was recalled: an alert),
-- REMOVAL (it confirms removal: holding, destroying, decommissioning, or returned/destroyed/disposed/recalled),
-- BEFORE_RECALL (reported late, about a time before the recall). The capture answer reads it by hash.
CREATE TABLE recall_event (
  recall_id VARCHAR(36) NOT NULL,
  event_row_id BIGINT NOT NULL,
  event_hash BINARY(32) NOT NULL,
  kind VARCHAR(14) NOT NULL,
  event_time_ms BIGINT NOT NULL,
  reporter_id BIGINT NOT NULL,
  noted_ms BIGINT NOT NULL,
  PRIMARY KEY (recall_id, event_row_id),
  KEY ix_recall_event_hash (event_hash),
  KEY ix_recall_event_kind (recall_id, kind)
);

-- A recall alert: an event on an affected item after the recall (a shipment, a sale, a receipt), for the recall's
-- initiator, its brand and the regulators (RecallAlertRaised is published in the same transaction).
CREATE TABLE recall_alert (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  event_row_id BIGINT NOT NULL,
  event_hash BINARY(32) NOT NULL,
  reporter_id BIGINT NOT NULL,
  event_type VARCHAR(32) NOT NULL,
  action VARCHAR(8) NULL,
  biz_step VARCHAR(255) NULL,
  disposition VARCHAR(255) NULL,
  read_point VARCHAR(255) NULL,
  biz_location VARCHAR(255) NULL,
  what VARCHAR(2000) NOT NULL,
  item_count BIGINT NOT NULL,
  event_time_ms BIGINT NOT NULL,
  raised_ms BIGINT NOT NULL,
  UNIQUE KEY uk_recall_alert_event (recall_id, event_row_id),
  KEY ix_recall_alert_recall (recall_id, id)
);

-- The progress of one recall, materialised: its build (the affected items' state rows, made in chunks after the
-- recall or an amendment; the cursor is the scope row, by its place in the recall's scope rows in id order, and the
-- position in it: 'job:seq' in a lot, the last serial in a serial range) and the number the item rows use.
CREATE TABLE recall_progress (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  status VARCHAR(10) NOT NULL,
  target_version INT NOT NULL,
  built_version INT NOT NULL,
  scope_index INT NOT NULL,
  after_key VARCHAR(40) NULL,
  items_built BIGINT NOT NULL,
  started_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  finished_ms BIGINT NULL,
  UNIQUE KEY uk_recall_progress_recall (recall_id),
  KEY ix_recall_progress_status (status, updated_ms)
);

-- Where affected items and cases were last seen: one row per holder (the organisation that reported the last
-- event touching them; 0 = in no event yet) and location (bizLocation, else readPoint; '' = none), with counts
-- kept up to date with every item row that moves in or out, so that progress is a sum over a few rows.
CREATE TABLE recall_holder (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  progress_id BIGINT NOT NULL,
  holder_id BIGINT NOT NULL,
  location VARCHAR(255) NOT NULL,
  items BIGINT NOT NULL,
  items_removed BIGINT NOT NULL,
  cases BIGINT NOT NULL,
  cases_removed BIGINT NOT NULL,
  last_seen_ms BIGINT NULL,
  UNIQUE KEY uk_recall_holder (progress_id, holder_id, location)
);

-- Per affected item: where it was last seen (holder row), by which event and when, through which case, and whether
-- it is removed (by the latest removal event or partner's confirmation, unless a later event put it back). Pages of
-- a holder's items, of those removed or not, and a partner's confirmation read an index range in serial order.
CREATE TABLE recall_item (
  progress_id BIGINT NOT NULL,
  serial VARCHAR(20) NOT NULL,
  lot_number VARCHAR(20) NULL,
  holder_row BIGINT NOT NULL,
  seen_ms BIGINT NULL,
  seen_row BIGINT NULL,
  sscc VARCHAR(18) NULL,
  state_ms BIGINT NULL,
  removed BOOLEAN NOT NULL,
  removed_by BIGINT NULL,
  removed_how VARCHAR(8) NULL,
  PRIMARY KEY (progress_id, serial),
  KEY ix_recall_item_holder (holder_row, removed, serial),
  KEY ix_recall_item_removed (progress_id, removed, serial)
);

-- Per case (SSCC) that held affected items: the same, for its own last event.
CREATE TABLE recall_case (
  progress_id BIGINT NOT NULL,
  sscc VARCHAR(18) NOT NULL,
  holder_row BIGINT NOT NULL,
  seen_ms BIGINT NULL,
  seen_row BIGINT NULL,
  state_ms BIGINT NULL,
  removed BOOLEAN NOT NULL,
  removed_by BIGINT NULL,
  removed_how VARCHAR(8) NULL,
  PRIMARY KEY (progress_id, sscc),
  KEY ix_recall_case_holder (holder_row, removed, sscc)
);

-- A recipient's confirmation that it removed the affected items it holds (items NULL) or the listed ones (a JSON
-- array of serials), with an optional note and quantity (its own count, for stock it holds by lot). Applied to the
-- item rows by the progress applier (applied_ms, items_removed).
CREATE TABLE recall_response (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  organisation_id BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  by_label VARCHAR(320) NOT NULL,
  note VARCHAR(2000) NULL,
  quantity BIGINT NULL,
  items TEXT NULL,
  applied_ms BIGINT NULL,
  items_removed BIGINT NULL,
  KEY ix_recall_response_recall (recall_id, organisation_id, id)
);

-- What the progress applier still has to apply to the item rows: stored events (recall_event) and responses,
-- queued in their own transactions, deleted once applied.
CREATE TABLE recall_progress_queue (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  recall_id VARCHAR(36) NOT NULL,
  event_row_id BIGINT NULL,
  response_id BIGINT NULL,
  KEY ix_recall_progress_queue (recall_id, id)
);

-- Consumer scans of recalled items since a recall: the scan module counts its RECALLED rows of a GTIN from a time.
CREATE INDEX ix_scan_log_verdict ON scan_log (gtin, verdict, scanned_ms);

-- The capture answer names the events that touched recalled items: [{eventIndex, eventHash, recallId, kind}].
ALTER TABLE capture_job ADD COLUMN recalled LONGTEXT NULL;
