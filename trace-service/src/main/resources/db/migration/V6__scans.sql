-- Every consumer scan: when, what, the verdict, a coarse place and the browser family.
-- No IP address, no precise location, no identifier of the person.
CREATE TABLE scan_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NULL,
  lot_number VARCHAR(20) NULL,
  brand_id BIGINT NULL,
  scanned_ms BIGINT NOT NULL,
  verdict VARCHAR(16) NOT NULL,
  place VARCHAR(64) NULL,
  agent_family VARCHAR(32) NULL,
  KEY ix_scan_log_item (gtin, serial, scanned_ms),
  KEY ix_scan_log_brand (brand_id, scanned_ms)
);
