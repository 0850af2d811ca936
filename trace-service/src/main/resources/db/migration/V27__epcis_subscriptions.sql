-- EPCIS 2.0 query subscriptions (REST binding /queries/{name}/subscriptions, issue 17 item 3): the events of a named
-- query (V26) pushed to a webhook as EPCISQueryDocuments, either as they arrive (stream) or on a schedule (schedule:
-- the JSON of the schedule's fields). Deleting the query deletes its subscriptions (and their logs).
--
-- The cursor (cursor_record_ms, cursor_row_id) is the last position acknowledged: every matching event after it in
-- (record_time_ms, id) order is still to deliver; it is moved only after the receiver answered 2xx, so a crash
-- repeats at most the batch in flight. signature_box is the client's signatureToken, encrypted like webhook secrets
-- (AES-256-GCM under the notify key, the organisation as associated data). batch_size halves on each 413 (down to
-- 1). next_run_ms: when the subscription is due (0 for a stream that is not backing off; a schedule's next time; a
-- retry's time). A node works a due subscription only under its lease (lease_owner, lease_until_ms), taken with a
-- conditional UPDATE, so two nodes never deliver the same subscription at once.
CREATE TABLE epcis_subscription (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  subscription_id CHAR(36) NOT NULL,
  query_id BIGINT NOT NULL,
  organisation_id BIGINT NOT NULL,
  dest VARCHAR(500) NOT NULL,
  signature_box VARBINARY(300) NULL,
  stream BOOLEAN NOT NULL,
  schedule VARCHAR(500) NULL,
  report_if_empty BOOLEAN NOT NULL,
  initial_record_ms BIGINT NOT NULL,
  cursor_record_ms BIGINT NOT NULL,
  cursor_row_id BIGINT NOT NULL,
  batch_size INT NOT NULL,
  failures INT NOT NULL,
  next_run_ms BIGINT NOT NULL,
  lease_owner VARCHAR(64) NULL,
  lease_until_ms BIGINT NULL,
  created_ms BIGINT NOT NULL,
  created_by VARCHAR(320) NOT NULL,
  last_notified_ms BIGINT NULL,
  last_error VARCHAR(500) NULL,
  UNIQUE KEY uk_epcis_subscription (subscription_id),
  KEY ix_epcis_subscription_query (query_id, id),
  KEY ix_epcis_subscription_due (next_run_ms),
  FOREIGN KEY (query_id) REFERENCES epcis_named_query (id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

-- Every delivery attempt: when, how long, the receiver's status (when one came), how many events the document held,
-- whether it was acknowledged, what went wrong.
CREATE TABLE epcis_subscription_delivery (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  subscription_row_id BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  status_code INT NULL,
  events INT NOT NULL,
  delivered BOOLEAN NOT NULL,
  error VARCHAR(500) NULL,
  KEY ix_epcis_subscription_delivery (subscription_row_id, id),
  FOREIGN KEY (subscription_row_id) REFERENCES epcis_subscription (id) ON DELETE CASCADE
);
