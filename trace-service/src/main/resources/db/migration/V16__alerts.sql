-- Alerts (issue 15): one model for suspicious codes, diversion, cold-chain excursions, recall alerts, feed failures
-- and integrity failures (docs/DECISIONS.md "Alerts (issue 15)").

-- An alert to one organisation (the brand it concerns). dedupe_key is kind, subject and window number (fixed windows
-- since the epoch): raising the same subject again in the same window adds an occurrence to the same row instead of
-- a new alert, on any node (the unique key decides). evidence is the latest raise's JSON. state and who acted last.
-- group_label: what dashboards group alerts of a kind by (the distributor of a diversion, the lot of an excursion).
CREATE TABLE alert (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  dedupe_key VARCHAR(260) NOT NULL,
  kind VARCHAR(24) NOT NULL,
  severity VARCHAR(10) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  subject_link VARCHAR(300) NULL,
  title_en VARCHAR(500) NOT NULL,
  title_zh VARCHAR(500) NOT NULL,
  body_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  evidence LONGTEXT NOT NULL,
  occurrences INT NOT NULL,
  raised_ms BIGINT NOT NULL,
  last_raised_ms BIGINT NOT NULL,
  state VARCHAR(14) NOT NULL,
  acted_ms BIGINT NULL,
  acted_by VARCHAR(320) NULL,
  note VARCHAR(2000) NULL,
  group_label VARCHAR(200) NULL,
  UNIQUE KEY uk_alert_dedupe (organisation_id, dedupe_key),
  KEY ix_alert_list (organisation_id, state, id),
  KEY ix_alert_kind (organisation_id, kind, id),
  KEY ix_alert_subject (organisation_id, subject),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

-- The scan log names where a scan happened (an ISO 3166 country or subdivision code, from a trusted edge, the
-- phone's approximate area or the operator's IP-to-region database; never the address itself) and the opaque key
-- of the client that scanned (a device cookie or network block and browser, hashed with a key that changes daily).
ALTER TABLE scan_log ADD COLUMN region VARCHAR(8) NULL;
ALTER TABLE scan_log ADD COLUMN client VARCHAR(32) NULL;
