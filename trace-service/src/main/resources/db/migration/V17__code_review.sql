-- Verdicts that evidence supports (issue 15; docs/DECISIONS.md "Verdicts that evidence supports (issue 15)").

-- A code the evidence of its scans flagged as copied (distinct confirmed clients in distinct places, or a burst of
-- distinct clients), and what its brand decided: FLAGGED (to review), CLEARED (innocent as far as the evidence then
-- went: cleared_clients and cleared_places; more evidence flags it again), CONFIRMED (a copy: the page stays
-- SUSPICIOUS), VOIDED (a confirmed copy voided in the code registry). The evidence columns are the latest flag's.
-- updated_ms lets every node's scan page pick up decisions within seconds.
CREATE TABLE code_review (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  lot_number VARCHAR(20) NULL,
  state VARCHAR(10) NOT NULL,
  reason VARCHAR(40) NOT NULL,
  scans BIGINT NOT NULL,
  clients INT NOT NULL,
  networks INT NOT NULL,
  places INT NOT NULL,
  region VARCHAR(16) NULL,
  flagged_ms BIGINT NOT NULL,
  last_flagged_ms BIGINT NOT NULL,
  cleared_clients INT NOT NULL DEFAULT 0,
  cleared_places INT NOT NULL DEFAULT 0,
  decided_ms BIGINT NULL,
  decided_by VARCHAR(320) NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE KEY uk_code_review_code (gtin, serial),
  KEY ix_code_review_brand (brand_id, state, last_flagged_ms),
  KEY ix_code_review_updated (updated_ms)
);

-- A brand's own verdict thresholds, for one product category or ('' ) all of its categories; the configured ones
-- (veritrace.scan.thresholds) apply where a brand set none.
CREATE TABLE verdict_thresholds (
  brand_id BIGINT NOT NULL,
  category VARCHAR(64) NOT NULL,
  max_distinct_places INT NOT NULL,
  burst_clients INT NOT NULL,
  burst_window_seconds INT NOT NULL,
  max_total_scans INT NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (brand_id, category),
  KEY ix_verdict_thresholds_updated (updated_ms)
);
