#!/usr/bin/env bash
# Dashboards under data (issue 15 item 6; docs/BENCHMARKS.md "Dashboards"): not tests, numbers. 10,000,000 scans in
# scan_log and 1,000,000 events in trace_event, the rollups built from them, then each dashboard URL N times, one
# request at a time, p50/p95/max per URL (deploy/bench/PortalTiming.java), as the demo brand's owner and as the
# demo regulator (every brand).
#
#   flock /tmp/veritrace-it.lock deploy/bench/dashboards.sh [requests=50] [warmup=5]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path runs another build) and MariaDB on 127.0.0.1:3306 as
# root without password. (Re)creates the database veritrace_bench_dash (DB=...) and drops it at the end unless
# KEEP=1; SKIP_SEED=1 times a kept, seeded database again. CUBE=1 and HOURS=1 also build the day and hour cube
# (not read by the dashboards; at this spread nearly a row per scan each). Environment: BENCH_HEAP (default -Xmx1g), PORT (18194).
#
# The data (bulk SQL from MariaDB's sequence tables, as deploy/bench/portal.sh):
# - scans: over the last 90 days evenly, 500 GTINs of 10 brands (the demo brand and 9 brand ids without
#   organisations), 1 % of codes of no brand (UNKNOWN_CODE), verdicts 64 % GENUINE, 32 % GENUINE_REPEAT,
#   2 % SUSPICIOUS, 1 % RECALLED; 40 regions (31 provinces of China, 8 countries, 10 % not known); serials from
#   1,000,000; written with scan_log's indexes dropped and added back after the load.
# - rollups: the brand-day table (with its all-brands rows) and the suspicious codes by INSERT ... SELECT ... GROUP BY
#   over the scan log, as ScanRollups.rebuild does; the suspicious codes' sums per range are filled by the service
#   when it starts again (SuspiciousWindows: no range recorded).
# - events: 200,000 items of the demo brand, five events each (commissioning and shipping at one of 5 farms by the
#   brand, receiving and shipping at one of 20 hubs by the warehouse, receiving at one of 200 shops by the carrier),
#   3 % of them reported 30 hours late; kpi_partner_day and kpi_partner_last grouped from trace_event; the legs and
#   stays grouped from the same generator (the times EventKpis would pair), not replayed through EventKpis.
# - timing with the service's aggregate cache off (veritrace.dashboards.cache-for=0s): every request reads the
#   rollups.
set -euo pipefail

requests="${1:-50}"; warmup="${2:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_dash}"
port="${PORT:-18194}"
base="http://127.0.0.1:$port"
password="bench-dash-password"
key="bench-dash-demo-key-0123456789ab"
admin="bench-dash-admin-key-0123456789a"
serial_key="YmVuY2ggc2VyaWFsIG1hc3RlciBrZXksIDMyIGJ5dGVzIS4="
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
sql() { mysql -h127.0.0.1 -uroot -N "$db" "$@"; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

echo "== dashboards benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '-')"
java -version 2>&1 | head -1
mysql -h127.0.0.1 -uroot -N -e "SELECT CONCAT('MariaDB ', VERSION(), ', InnoDB buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
if [ -z "${SKIP_SEED:-}" ]; then
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
fi

work=$(mktemp -d)
app=""
stop() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi; app=""; }
cleanup() {
  stop
  if [ -z "${KEEP:-}" ]; then mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
start() {
  # shellcheck disable=SC2086
  ( cd "$work" && exec java ${BENCH_HEAP:--Xmx1g} -XX:+UseG1GC -jar "$jar" --spring.profiles.active=mariadb --server.port=$port \
    "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048" \
    --spring.datasource.username=root --spring.datasource.password= --veritrace.public-base-url=$base \
    --veritrace.demo.enabled=true --veritrace.demo.password=$password --veritrace.demo.api-key=$key \
    --veritrace.bootstrap.admin-key=$admin --veritrace.codes.serial-key=$serial_key --veritrace.anchor.enabled=false \
    --veritrace.dashboards.cache-for=0s --logging.level.root=WARN \
    --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys ) > "$work/app.log" 2>&1 &
  app=$!
  local t0; t0=$(now)
  until curl -sf "$base/actuator/health" > /dev/null; do
    kill -0 "$app" 2>/dev/null || { echo "start failed:"; tail -40 "$work/app.log"; exit 1; }
    sleep 0.5
  done
  echo "service up after $(secs "$t0") s"
}

start
if [ -z "${SKIP_SEED:-}" ]; then
  stop
  t0=$(now)
  sql <<'SQL'
ALTER TABLE scan_log DROP INDEX ix_scan_log_item, DROP INDEX ix_scan_log_brand;
CREATE TABLE bench_region (n INT PRIMARY KEY, code VARCHAR(8) NULL);
INSERT INTO bench_region VALUES (0,'CN-11'),(1,'CN-12'),(2,'CN-13'),(3,'CN-14'),(4,'CN-15'),(5,'CN-21'),(6,'CN-22'),
 (7,'CN-23'),(8,'CN-31'),(9,'CN-32'),(10,'CN-33'),(11,'CN-34'),(12,'CN-35'),(13,'CN-36'),(14,'CN-37'),(15,'CN-41'),
 (16,'CN-42'),(17,'CN-43'),(18,'CN-44'),(19,'CN-45'),(20,'CN-46'),(21,'CN-50'),(22,'CN-51'),(23,'CN-52'),
 (24,'CN-53'),(25,'CN-54'),(26,'CN-61'),(27,'CN-62'),(28,'CN-63'),(29,'CN-64'),(30,'CN-65'),(31,'HK'),(32,'MO'),
 (33,'TW'),(34,'SG'),(35,'MY'),(36,'US'),(37,'JP'),(38,'KR'),(39,NULL),(40,NULL),(41,NULL),(42,NULL),(43,'CN-44'),
 (44,'CN-31');
SQL
  demo=$(sql -e "SELECT id FROM organisation WHERE kind = 'BRAND' ORDER BY id LIMIT 1")
  for chunk in 0 1 2 3 4 5 6 7 8 9; do
    sql <<SQL
SET @end = UNIX_TIMESTAMP() * 1000;
SET @start = @end - 90 * 86400000;
INSERT INTO scan_log (gtin, serial, lot_number, brand_id, scanned_ms, verdict, place, agent_family, region, client)
SELECT CONCAT('0690123', LPAD(g, 7, '0')), CONCAT('S', LPAD((s * 7919) MOD 1000000, 7, '0')), NULL,
  CASE WHEN v = 0 THEN NULL WHEN g < 50 THEN $demo ELSE 1000000 + g DIV 50 END,
  @start + s * 7776 DIV 10, CASE WHEN v = 0 THEN 'UNKNOWN_CODE' WHEN v = 1 THEN 'RECALLED' WHEN v < 4 THEN 'SUSPICIOUS'
  WHEN v < 36 THEN 'GENUINE_REPEAT' ELSE 'GENUINE' END, NULL, 'chrome', r.code, NULL
FROM (SELECT seq AS s, seq MOD 500 AS g, (seq * 37) MOD 100 AS v, (seq * 13) MOD 45 AS rn
      FROM seq_$((chunk * 1000000 + 1))_to_$(((chunk + 1) * 1000000))) x JOIN bench_region r ON r.n = x.rn;
SQL
    echo "  scans $(( (chunk + 1) * 1000000 )) ($(secs "$t0") s)"
  done
  sql -e "ALTER TABLE scan_log ADD KEY ix_scan_log_item (gtin, serial, scanned_ms), ADD KEY ix_scan_log_brand (brand_id, scanned_ms)"
  echo "scan_log: $(sql -e 'SELECT COUNT(*) FROM scan_log') rows, indexes added ($(secs "$t0") s)"

  t1=$(now)
  # the statements of ScanRollups.rebuild, over every day of the log; the brand-day table straight from the log
  # (rebuild derives it from the day cube: the same numbers); the cube itself only with CUBE=1 (the dashboards do
  # not read it; at this spread it has nearly a row per scan and takes long to group)
  sql <<'SQL'
INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans)
SELECT COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, 86400000), COALESCE(region, ''), verdict, COUNT(*)
FROM scan_log GROUP BY COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, 86400000), COALESCE(region, ''), verdict;
INSERT INTO scan_rollup_brand_day (brand_id, day_ms, region, verdict, scans)
SELECT -1, day_ms, region, verdict, SUM(scans) FROM scan_rollup_brand_day GROUP BY day_ms, region, verdict;
-- the service filled the ranges (empty) at its first start: forgotten, so that it fills them from the days again
DELETE FROM scan_suspicious_window; DELETE FROM scan_suspicious_window_start;
INSERT INTO scan_suspicious_day (brand_id, day_ms, gtin, serial, scans)
SELECT COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, 86400000), gtin, serial, COUNT(*) FROM scan_log
WHERE verdict = 'SUSPICIOUS' AND serial IS NOT NULL
GROUP BY COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, 86400000), gtin, serial;
SQL
  for grain in ${CUBE:+D} ${HOURS:+H}; do
    size=$([ "$grain" = H ] && echo 3600000 || echo 86400000)
    sql -e "INSERT INTO scan_rollup (grain, brand_id, bucket_ms, gtin, region, verdict, scans) SELECT '$grain', COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, $size), gtin, COALESCE(region, ''), verdict, COUNT(*) FROM scan_log GROUP BY COALESCE(brand_id, 0), scanned_ms - MOD(scanned_ms, $size), gtin, COALESCE(region, ''), verdict"
  done
  echo "rollups: cube $(sql -e 'SELECT COUNT(*) FROM scan_rollup'), brand-day $(sql -e 'SELECT COUNT(*) FROM scan_rollup_brand_day'), suspicious $(sql -e 'SELECT COUNT(*) FROM scan_suspicious_day') rows ($(secs "$t1") s)"

  t2=$(now)
  warehouse=$(sql -e "SELECT id FROM organisation WHERE kind = 'WAREHOUSE' ORDER BY id LIMIT 1")
  carrier=$(sql -e "SELECT id FROM organisation WHERE kind = 'LOGISTICS' ORDER BY id LIMIT 1")
  sql <<SQL
SET @end = UNIX_TIMESTAMP() * 1000;
SET @start = @end - 95 * 86400000;
CREATE TABLE bench_item (n INT PRIMARY KEY, t0 BIGINT, t1 BIGINT, t2 BIGINT, t3 BIGINT, t4 BIGINT, farm INT, hub INT, shop INT);
INSERT INTO bench_item
SELECT seq, t, t + 21600000, t + 21600000 + (24 + seq MOD 49) * 3600000,
  t + 21600000 + (24 + seq MOD 49) * 3600000 + (12 + seq MOD 109) * 3600000,
  t + 21600000 + (24 + seq MOD 49) * 3600000 + (12 + seq MOD 109) * 3600000 + (4 + seq MOD 25) * 3600000,
  seq MOD 5, seq MOD 20, seq MOD 200
FROM (SELECT seq, @start + seq * 38880 AS t FROM seq_0_to_199999) x;
CREATE TABLE bench_step (step INT PRIMARY KEY, biz_step VARCHAR(20), reporter BIGINT);
INSERT INTO bench_step VALUES (0, 'commissioning', $demo), (1, 'shipping', $demo), (2, 'receiving', $warehouse),
  (3, 'shipping', $warehouse), (4, 'receiving', $carrier);
CREATE TABLE bench_ev (n INT, step INT, t BIGINT, loc VARCHAR(60), PRIMARY KEY (n, step))
SELECT i.n, s.step, CASE s.step WHEN 0 THEN i.t0 WHEN 1 THEN i.t1 WHEN 2 THEN i.t2 WHEN 3 THEN i.t3 ELSE i.t4 END AS t,
  CASE WHEN s.step < 2 THEN CONCAT('https://id.gs1.org/414/690123400001', i.farm)
       WHEN s.step < 4 THEN CONCAT('https://id.gs1.org/414/6901234002', LPAD(i.hub, 3, '0'))
       ELSE CONCAT('https://id.gs1.org/414/690123403', LPAD(i.shop, 4, '0')) END AS loc
FROM bench_item i JOIN bench_step s;
INSERT INTO trace_event (event_hash, hash_algorithm, event_id, event_type, event_time_ms, event_time_offset,
  record_time_ms, action, biz_step, disposition, read_point, biz_location, reporter_id, event_json, row_mac)
SELECT UNHEX(SHA2(CONCAT('veritrace-bench-dash-', e.n, '-', e.step), 256)), 'sha-256', NULL, 'ObjectEvent', e.t, '+08:00',
  e.t + IF((e.n * 5 + e.step) MOD 100 < 3, 108000000, 60000), 'OBSERVE',
  CONCAT('https://ref.gs1.org/cbv/BizStep-', s.biz_step), NULL, NULL, e.loc, s.reporter,
  CONCAT('{"type":"ObjectEvent","eventTime":', e.t, ',"epcList":["https://id.gs1.org/01/06901234000010/21/B', e.n,
    '"],"action":"OBSERVE","bizStep":"', s.biz_step, '"}'), NULL
FROM bench_ev e JOIN bench_step s ON s.step = e.step
WHERE e.t <= @end ORDER BY e.t;
SQL
  echo "events: $(sql -e 'SELECT COUNT(*) FROM trace_event') ($(secs "$t2") s)"
  t3=$(now)
  sql <<SQL
SET @end = UNIX_TIMESTAMP() * 1000;
-- the demo's own events made KPI rows through EventKpis at the first start: grouped again below with the rest
DELETE FROM kpi_partner_day; DELETE FROM kpi_partner_last; DELETE FROM kpi_leg_day; DELETE FROM kpi_dwell_day;
INSERT INTO kpi_partner_day (brand_id, reporter_id, day_ms, events, late_events, lag_ms_sum)
SELECT $demo, reporter_id, event_time_ms - MOD(event_time_ms, 86400000), COUNT(*),
  SUM(record_time_ms - event_time_ms > 86400000), SUM(GREATEST(0, record_time_ms - event_time_ms))
FROM trace_event GROUP BY reporter_id, event_time_ms - MOD(event_time_ms, 86400000);
INSERT INTO kpi_partner_last (brand_id, reporter_id, first_ms, last_ms)
SELECT $demo, reporter_id, MIN(record_time_ms), MAX(record_time_ms) FROM trace_event GROUP BY reporter_id;
INSERT INTO kpi_leg_day (brand_id, day_ms, from_location, to_location, legs, lead_ms_sum)
SELECT $demo, r.t - MOD(r.t, 86400000), s.loc, r.loc, COUNT(*), SUM(r.t - s.t)
FROM bench_ev s JOIN bench_ev r ON r.n = s.n AND r.step = s.step + 1
WHERE s.step IN (1, 3) AND r.t <= @end GROUP BY r.t - MOD(r.t, 86400000), s.loc, r.loc;
INSERT INTO kpi_dwell_day (brand_id, day_ms, location, stays, dwell_ms_sum)
SELECT $demo, s.t - MOD(s.t, 86400000), s.loc, COUNT(*), SUM(s.t - r.t)
FROM bench_ev r JOIN bench_ev s ON s.n = r.n AND s.step = 3 WHERE r.step = 2 AND s.t <= @end
GROUP BY s.t - MOD(s.t, 86400000), s.loc;
DROP TABLE bench_ev; DROP TABLE bench_item; DROP TABLE bench_step; DROP TABLE bench_region;
ANALYZE TABLE scan_rollup, scan_rollup_brand_day, scan_suspicious_day, kpi_partner_day, kpi_partner_last, kpi_leg_day,
  kpi_dwell_day;
SQL
  echo "event KPIs: partner days $(sql -e 'SELECT COUNT(*) FROM kpi_partner_day'), leg days $(sql -e 'SELECT COUNT(*) FROM kpi_leg_day'), dwell days $(sql -e 'SELECT COUNT(*) FROM kpi_dwell_day') rows ($(secs "$t3") s)"
  echo "sizes (MiB, data + indexes):"
  mysql -h127.0.0.1 -uroot -N -e "SELECT table_name, ROUND((data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = '$db' AND (table_name LIKE 'scan%' OR table_name LIKE 'kpi%' OR table_name = 'trace_event') ORDER BY 1"
  start
fi

{
  for days in 7 30 90; do
    echo "/portal/dashboards?days=$days"
    for chart in scans regions suspicious diversion cold-chain partners legs dwell; do
      echo "/portal/dashboards/$chart.json?days=$days"
    done
  done
  echo "/portal/dashboards/scans.csv?days=90"
} > "$work/urls"
echo "load before timing: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- the demo brand's owner (its own brand: 1/10 of the scans, all the events)"
java "$root/deploy/bench/PortalTiming.java" "$base" brand@demo.example "$password" "$key" "$work/urls" "$requests" "$warmup"
echo "-- the demo regulator (every brand)"
java "$root/deploy/bench/PortalTiming.java" "$base" regulator@demo.example "$password" "$key" "$work/urls" "$requests" "$warmup"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
