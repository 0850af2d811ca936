-- Veritrace foundation schema. Portable across H2 (MODE=MySQL) and MySQL 8 / MariaDB 10.11+.
-- Times that must be exact (event times) are epoch milliseconds in BIGINT: MySQL Connector/J
-- drops the fractional seconds of bound date/time values on MariaDB (see shared/STACK.md).

CREATE TABLE organisation (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_organisation_name (name)
);

CREATE TABLE api_key (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  name VARCHAR(100) NOT NULL,
  display_prefix VARCHAR(12) NOT NULL,
  secret_hash BINARY(32) NOT NULL,
  scopes VARCHAR(500) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  revoked_at DATETIME(6) NULL,
  UNIQUE KEY uk_api_key_secret_hash (secret_hash),
  KEY ix_api_key_organisation (organisation_id),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

CREATE TABLE product (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  name VARCHAR(200) NOT NULL,
  category VARCHAR(100) NULL,
  description VARCHAR(2000) NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_product_gtin (gtin),
  KEY ix_product_brand (brand_id, gtin),
  FOREIGN KEY (brand_id) REFERENCES organisation (id)
);

CREATE TABLE lot (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  product_id BIGINT NOT NULL,
  lot_number VARCHAR(20) NOT NULL,
  production_date DATE NULL,
  expiry_date DATE NULL,
  status VARCHAR(16) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_lot_product_number (product_id, lot_number),
  FOREIGN KEY (product_id) REFERENCES product (id)
);

CREATE TABLE partner_grant (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  grantee_id BIGINT NOT NULL,
  grant_right VARCHAR(16) NOT NULL,
  product_id BIGINT NULL,
  lot_id BIGINT NULL,
  created_at DATETIME(6) NOT NULL,
  revoked_at DATETIME(6) NULL,
  KEY ix_partner_grant_grantee (grantee_id, grant_right),
  KEY ix_partner_grant_brand (brand_id),
  FOREIGN KEY (brand_id) REFERENCES organisation (id),
  FOREIGN KEY (grantee_id) REFERENCES organisation (id),
  FOREIGN KEY (product_id) REFERENCES product (id),
  FOREIGN KEY (lot_id) REFERENCES lot (id)
);

-- The event store: one row per distinct EPCIS event (identity = CBV 2.0 event hash).
CREATE TABLE trace_event (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  event_hash BINARY(32) NOT NULL,
  hash_algorithm VARCHAR(16) NOT NULL,
  event_id VARCHAR(512) NULL,
  event_type VARCHAR(32) NOT NULL,
  event_time_ms BIGINT NOT NULL,
  event_time_offset VARCHAR(6) NOT NULL,
  record_time_ms BIGINT NOT NULL,
  action VARCHAR(8) NULL,
  biz_step VARCHAR(255) NULL,
  disposition VARCHAR(255) NULL,
  read_point VARCHAR(255) NULL,
  biz_location VARCHAR(255) NULL,
  reporter_id BIGINT NOT NULL,
  event_json LONGTEXT NOT NULL,
  UNIQUE KEY uk_trace_event_hash (event_hash),
  KEY ix_trace_event_time (event_time_ms),
  KEY ix_trace_event_reporter (reporter_id, event_time_ms),
  KEY ix_trace_event_biz_step (biz_step, event_time_ms)
);

-- Index rows: which items (GTIN + serial) and lots (GTIN + lot) an event touches, with the
-- event time copied in so that a timeline is one ordered range scan of the primary key.
CREATE TABLE trace_event_item (
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  event_time_ms BIGINT NOT NULL,
  event_row_id BIGINT NOT NULL,
  PRIMARY KEY (gtin, serial, event_time_ms, event_row_id),
  KEY ix_trace_event_item_row (event_row_id)
);

CREATE TABLE trace_event_lot (
  gtin VARCHAR(14) NOT NULL,
  lot_number VARCHAR(20) NOT NULL,
  event_time_ms BIGINT NOT NULL,
  event_row_id BIGINT NOT NULL,
  PRIMARY KEY (gtin, lot_number, event_time_ms, event_row_id),
  KEY ix_trace_event_lot_row (event_row_id)
);
