-- Dashboards (issue 15 item 6): a regulator's every-brand view read without grouping every brand's rows at request
-- time (docs/DECISIONS.md "Dashboards (issue 15)", docs/BENCHMARKS.md "Dashboards").

-- 1. The brand-day table gets a row set for all brands together, brand_id -1 (codes of no brand, 0, included), kept
-- by the same upserts; the every-brand charts read it by primary key. The day index no longer needs to cover.
INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans)
SELECT -1, day_ms, region, verdict, SUM(scans) FROM scan_rollup_brand_day WHERE brand_id >= 0
GROUP BY day_ms, region, verdict;
DROP INDEX ix_scan_rollup_brand_day ON scan_rollup_brand_day;
CREATE INDEX ix_scan_rollup_brand_day ON scan_rollup_brand_day (day_ms);

-- 2. The top suspicious codes of a range without grouping the range's code-days at request
-- time. scan_suspicious_day grouped over a regulator's 90 days (every brand) read ~200,000 index entries per request
-- (743 ms p95 at 10,000,000 scans). Here each code's suspicious scans are summed per offered range (7, 30, 90 days up
-- to today, UTC): the scan log's writer adds to all three as it adds to scan_suspicious_day, and once a day the days
-- that fell out of a range are subtracted (ScanRollups.roll; docs/DECISIONS.md "Dashboards (issue 15)").
CREATE TABLE scan_suspicious_window (
  window_days INT NOT NULL,
  brand_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  scans BIGINT NOT NULL,
  last_day_ms BIGINT NOT NULL,
  PRIMARY KEY (window_days, brand_id, gtin, serial),
  KEY ix_scan_suspicious_window_top (window_days, scans DESC, gtin, serial),
  KEY ix_scan_suspicious_window_brand_top (window_days, brand_id, scans DESC, gtin, serial)
);

-- The first day (epoch ms, UTC midnight) each range counts now; moved forward by one node at a time (compare and set).
-- No row: the range is filled from scan_suspicious_day at the next roll.
CREATE TABLE scan_suspicious_window_start (
  window_days INT NOT NULL PRIMARY KEY,
  first_day_ms BIGINT NOT NULL
);
