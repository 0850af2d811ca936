-- Scans answered while the scan counters (Redis) could not count them (issue 18, fault injection): the scan page
-- answered with a verdict from the code's state alone and logged the scan in scan_log, and notes it here too.
-- ScanRecount counts them late when Redis answers again and deletes the note; the note's id names the late count in
-- Redis (a marker key set once), so a recount that runs twice, or on two nodes at once, counts each scan once.
CREATE TABLE scan_uncounted (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  scanned_ms BIGINT NOT NULL,
  place VARCHAR(64) NULL
);
