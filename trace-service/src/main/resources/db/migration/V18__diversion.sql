-- Channel diversion (issue 15, item 2; docs/DECISIONS.md "Channel diversion (issue 15)").

-- A brand's distributor: a partner organisation (partner_id, which holds a grant from the brand) and/or the
-- locations (SGLN URIs) its goods are shipped to. Its name labels its diversion alerts.
CREATE TABLE distributor (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  partner_id BIGINT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  UNIQUE KEY uk_distributor_name (brand_id, name),
  KEY ix_distributor_partner (partner_id),
  FOREIGN KEY (brand_id) REFERENCES organisation (id),
  FOREIGN KEY (partner_id) REFERENCES organisation (id)
);

-- A location of a distributor (EPCIS bizLocation / readPoint / destination URI); within a brand a location names
-- one distributor.
CREATE TABLE distributor_location (
  distributor_id BIGINT NOT NULL,
  brand_id BIGINT NOT NULL,
  location VARCHAR(255) NOT NULL,
  PRIMARY KEY (distributor_id, location),
  UNIQUE KEY uk_distributor_location (brand_id, location),
  KEY ix_distributor_location (location),
  FOREIGN KEY (distributor_id) REFERENCES distributor (id) ON DELETE CASCADE
);

-- An authorised region: an ISO 3166-1 country (CN) or ISO 3166-2 subdivision (CN-31).
CREATE TABLE distributor_region (
  distributor_id BIGINT NOT NULL,
  region VARCHAR(8) NOT NULL,
  PRIMARY KEY (distributor_id, region),
  FOREIGN KEY (distributor_id) REFERENCES distributor (id) ON DELETE CASCADE
);

-- What went to a distributor: an item (01/<gtin>/21/<serial>) or a lot (01/<gtin>/10/<lot>), with the time of the
-- latest shipping/receiving event that said so and that event's row. The latest distributor of an item is the one
-- whose regions its scans are held to.
CREATE TABLE distributed_item (
  item VARCHAR(64) NOT NULL,
  distributor_id BIGINT NOT NULL,
  brand_id BIGINT NOT NULL,
  shipped_ms BIGINT NOT NULL,
  event_id BIGINT NOT NULL,
  PRIMARY KEY (item, distributor_id),
  KEY ix_distributed_distributor (distributor_id, shipped_ms),
  FOREIGN KEY (distributor_id) REFERENCES distributor (id) ON DELETE CASCADE
);

-- A diversion: a consumer scan of an item outside its distributor's regions, once per item, distributor and window
-- (window_no: fixed windows since the epoch); the alert raised for it. Dashboards count these by distributor.
CREATE TABLE diversion (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  distributor_id BIGINT NOT NULL,
  item VARCHAR(64) NOT NULL,
  window_no BIGINT NOT NULL,
  region VARCHAR(8) NOT NULL,
  source VARCHAR(8) NOT NULL,
  scanned_ms BIGINT NOT NULL,
  UNIQUE KEY uk_diversion (distributor_id, item, window_no),
  KEY ix_diversion_brand (brand_id, scanned_ms),
  FOREIGN KEY (distributor_id) REFERENCES distributor (id) ON DELETE CASCADE
);
