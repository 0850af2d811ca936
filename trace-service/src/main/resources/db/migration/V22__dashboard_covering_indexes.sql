-- Dashboards (issue 15): the every-brand view (a regulator's) reads a day range of every brand's rollup rows. Its
-- day index named only the primary key besides the day, so each row read cost a second lookup for its count; these
-- indexes hold the count too, and the every-brand aggregates read the index alone (docs/BENCHMARKS.md "Dashboards").
DROP INDEX ix_scan_rollup_brand_day ON scan_rollup_brand_day;
CREATE INDEX ix_scan_rollup_brand_day ON scan_rollup_brand_day (day_ms, verdict, region, scans);
DROP INDEX ix_scan_suspicious_day ON scan_suspicious_day;
CREATE INDEX ix_scan_suspicious_day ON scan_suspicious_day (day_ms, gtin, serial, scans);
