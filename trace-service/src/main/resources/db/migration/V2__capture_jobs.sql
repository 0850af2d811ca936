-- EPCIS capture jobs (EPCIS 2.0 capture interface). The document is kept until the job is done,
-- so a capture answered 202 survives a crash: a pending or stale running job is picked up again.
CREATE TABLE capture_job (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  reporter_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  error_behaviour VARCHAR(16) NOT NULL,
  document LONGTEXT NULL,
  event_count INT NOT NULL,
  stored_count INT NOT NULL DEFAULT 0,
  duplicate_count INT NOT NULL DEFAULT 0,
  errors LONGTEXT NULL,
  created_ms BIGINT NOT NULL,
  claimed_ms BIGINT NULL,
  finished_ms BIGINT NULL,
  KEY ix_capture_job_status (status, created_ms),
  KEY ix_capture_job_reporter (reporter_id, created_ms)
);

-- look-up of stored events by their EPCIS eventID
CREATE INDEX ix_trace_event_event_id ON trace_event (event_id);
