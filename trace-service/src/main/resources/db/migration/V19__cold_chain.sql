-- Cold chain (issue 15, item 3; docs/DECISIONS.md "Cold chain (issue 15)").

-- A product's storage condition: the temperature range (°C) it must be kept in; either end may be open, both null
-- when the product has none.
ALTER TABLE product ADD COLUMN storage_min_c DOUBLE NULL;
ALTER TABLE product ADD COLUMN storage_max_c DOUBLE NULL;

-- An excursion: a stored event's sensor reading outside the storage condition of a product it concerns, or a
-- temperature sensor's alarm. One row per event, GTIN and lot (lot_number null for items of no known lot), with the
-- worst reading of the event (°C; null for an alarm without a value), the range it was judged against, when
-- (reading_ms, the offset of the event's time zone) and where (the event's business location or read point).
-- event_hash: the event's hash ID (ni:///...). item_count: how many items it concerns (0 when it names a whole lot); ssccs: the cases named, comma-separated.
CREATE TABLE cold_chain_excursion (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  event_row_id BIGINT NOT NULL,
  event_hash VARCHAR(100) NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  lot_number VARCHAR(20) NULL,
  reason VARCHAR(8) NOT NULL,
  reading_c DOUBLE NULL,
  range_min_c DOUBLE NULL,
  range_max_c DOUBLE NULL,
  reading_ms BIGINT NOT NULL,
  reading_offset VARCHAR(6) NOT NULL,
  place VARCHAR(300) NULL,
  device_id VARCHAR(300) NULL,
  item_count INT NOT NULL,
  ssccs VARCHAR(400) NULL,
  recorded_ms BIGINT NOT NULL,
  KEY ix_cold_chain_gtin (gtin, id),
  KEY ix_cold_chain_brand_time (brand_id, reading_ms),
  KEY ix_cold_chain_time (reading_ms),
  KEY ix_cold_chain_event (event_row_id)
);

-- What an excursion marks: items (serial set, with their lot when known) or a whole lot (serial null).
CREATE TABLE cold_chain_mark (
  excursion_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NULL,
  lot_number VARCHAR(20) NULL,
  KEY ix_cold_chain_mark_item (gtin, serial),
  KEY ix_cold_chain_mark_lot (gtin, lot_number),
  KEY ix_cold_chain_mark_excursion (excursion_id),
  FOREIGN KEY (excursion_id) REFERENCES cold_chain_excursion (id)
);
