-- Transactions that stored events and committed late (LateCommits): the earliest (record time, row id) position they
-- stored, noted in the same transaction when it commits longer than veritrace.events.late-commit-after after its
-- record time. A reader in record-time order that stays a settle time behind the clock (an EPCIS subscription) could
-- have passed that position before the rows became visible; it goes back to it. late_checked_ms: the noting time up
-- to which a subscription has looked at these notes (from its creation on).
CREATE TABLE trace_event_late (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  record_time_ms BIGINT NOT NULL,
  first_row_id BIGINT NOT NULL,
  noted_ms BIGINT NOT NULL,
  KEY ix_trace_event_late_noted (noted_ms)
);
ALTER TABLE epcis_subscription ADD COLUMN late_checked_ms BIGINT NOT NULL DEFAULT 0;
UPDATE epcis_subscription SET late_checked_ms = created_ms;
