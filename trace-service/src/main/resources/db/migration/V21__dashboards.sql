-- Dashboards (issue 15, items 5 and 6): rollups kept current by the scan log's writer (ScanWatch) and the event store
-- (EventWatch), so that no dashboard reads the scan log or the event table (docs/DECISIONS.md "Dashboards (issue 15)").
-- Buckets are UTC hours or days as epoch milliseconds of their start. brand_id 0: a code of no brand (unknown codes).
-- region '': not known (yet).

-- Scans per hour (grain 'H') and day ('D') x brand x GTIN x region x verdict: the whole cube, for drill-downs.
CREATE TABLE scan_rollup (
  grain CHAR(1) NOT NULL,
  brand_id BIGINT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  region VARCHAR(8) NOT NULL,
  verdict VARCHAR(16) NOT NULL,
  scans BIGINT NOT NULL,
  PRIMARY KEY (grain, brand_id, bucket_ms, gtin, region, verdict),
  KEY ix_scan_rollup_bucket (grain, bucket_ms)
);

-- The same per day without the GTIN: what the charts read (a brand's 90 days are a few thousand rows).
CREATE TABLE scan_rollup_brand_day (
  brand_id BIGINT NOT NULL,
  day_ms BIGINT NOT NULL,
  region VARCHAR(8) NOT NULL,
  verdict VARCHAR(16) NOT NULL,
  scans BIGINT NOT NULL,
  PRIMARY KEY (brand_id, day_ms, region, verdict),
  KEY ix_scan_rollup_brand_day (day_ms)
);

-- Scans with the verdict SUSPICIOUS per code and day: the top suspicious codes.
CREATE TABLE scan_suspicious_day (
  brand_id BIGINT NOT NULL,
  day_ms BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  scans BIGINT NOT NULL,
  PRIMARY KEY (brand_id, day_ms, gtin, serial),
  KEY ix_scan_suspicious_day (day_ms)
);

-- Events per brand (of the GTINs they name), reporter and day of their event time; late: reported more than the
-- configured delay after their event time; lag: sum of (record time - event time) in ms.
CREATE TABLE kpi_partner_day (
  brand_id BIGINT NOT NULL,
  reporter_id BIGINT NOT NULL,
  day_ms BIGINT NOT NULL,
  events BIGINT NOT NULL,
  late_events BIGINT NOT NULL,
  lag_ms_sum BIGINT NOT NULL,
  PRIMARY KEY (brand_id, day_ms, reporter_id),
  KEY ix_kpi_partner_day (day_ms)
);

-- When each reporter first and last reported events for a brand (record times): partners gone silent.
CREATE TABLE kpi_partner_last (
  brand_id BIGINT NOT NULL,
  reporter_id BIGINT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  PRIMARY KEY (brand_id, reporter_id)
);

-- The last shipping ('S') and receiving ('R') event of each handle (an item i/GTIN/serial, a lot l/GTIN/lot, an SSCC
-- s/SSCC): where and when, to pair a receipt with its shipment (a leg) and a shipment with its receipt (a stay).
CREATE TABLE kpi_handover (
  handle VARCHAR(64) NOT NULL,
  step CHAR(1) NOT NULL,
  event_row_id BIGINT NOT NULL,
  location VARCHAR(255) NOT NULL,
  event_ms BIGINT NOT NULL,
  brand_id BIGINT NOT NULL,
  PRIMARY KEY (handle, step)
);

-- Legs (a shipping event at one location paired with a receiving event at another, once per pair of events) per day
-- of receipt: their count and the sum of their lead times.
CREATE TABLE kpi_leg_day (
  brand_id BIGINT NOT NULL,
  day_ms BIGINT NOT NULL,
  from_location VARCHAR(255) NOT NULL,
  to_location VARCHAR(255) NOT NULL,
  legs BIGINT NOT NULL,
  lead_ms_sum BIGINT NOT NULL,
  PRIMARY KEY (brand_id, day_ms, from_location, to_location),
  KEY ix_kpi_leg_day (day_ms)
);

-- Stays (a receiving event paired with the next shipping event at the same location) per day of shipping.
CREATE TABLE kpi_dwell_day (
  brand_id BIGINT NOT NULL,
  day_ms BIGINT NOT NULL,
  location VARCHAR(255) NOT NULL,
  stays BIGINT NOT NULL,
  dwell_ms_sum BIGINT NOT NULL,
  PRIMARY KEY (brand_id, day_ms, location),
  KEY ix_kpi_dwell_day (day_ms)
);

-- The dashboards count DIVERSION and COLD_CHAIN alerts per day across brands (the regulator's view): by kind and time.
CREATE INDEX ix_alert_kind_raised ON alert (kind, raised_ms);
