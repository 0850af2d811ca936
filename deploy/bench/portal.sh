#!/usr/bin/env bash
# Merchant portal list and search pages under data (issue 13 item 6; docs/BENCHMARKS.md "Merchant portal"):
# not tests, numbers. 20 products with 40 lots, 1,000,000 issued codes in 40 code jobs of the demo brand,
# 1,000,000 events of 200,000 of those items and 100,000 audit entries in MariaDB; then each URL below N times,
# one request at a time, p50/p95/max per URL (deploy/bench/PortalTiming.java).
#
#   flock /tmp/veritrace-it.lock deploy/bench/portal.sh [requests=200] [warmup=20]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path runs another build) and MariaDB on 127.0.0.1:3306 as
# root without password (deploy/local/services.sh check). (Re)creates the database veritrace_bench_portal (DB=...)
# and drops it at the end unless KEEP=1; SKIP_SEED=1 times a kept, seeded database again without seeding.
# Environment: BENCH_HEAP (the service's heap, default -Xmx1g), PORT (18193).
#
# How the data is made: the service itself (demo on, fixed password and key) creates the schema (Flyway), the
# demo organisations, users and grants; the products, lots and code jobs go through the REST API, so the codes
# are real issued codes whose serials pass the keyed check (codes written by SQL would not: a code lookup would
# answer "unknown" without reading the database); the events and audit entries are written in bulk by SQL
# (INSERT ... SELECT from the issued codes and MariaDB's sequence tables), since 1,000,000 events through capture
# would take long: their hashes are SHA-256 of a counter, not CBV hashes of their JSON, and they carry no row
# MAC (never anchored; anchoring is off). The times of the events span the last 107 days.
set -euo pipefail

# The URLs timed, in order. Filled in after seeding: {gtin} {lot} {serial} (an item half-way through the data, with
# its journey), {dl} (its Digital Link, URL-encoded), {day} (7 days ago, yyyy-MM-dd), {since} (the same as an ISO
# instant), {audit_mid} {audit_deep} (audit entry ids half-way and 95 % down the log), {cursor} (the keyset cursor
# half-way through the brand's events). /api/ URLs go with the demo brand's API key, the others with the portal
# session of brand@demo.example (OWNER). A URL that does not answer 200 (a page not built yet: 404) is reported as
# failed, not timed.
URLS=(
  "/portal"
  "/portal/users"
  "/portal/users?q=viewer"
  "/portal/audit"
  "/portal/audit?before={audit_mid}"
  "/portal/audit?before={audit_deep}"
  "/portal/profile"
  "/portal/products"
  "/portal/products?q=tea"
  "/portal/products?q={gtin}"
  "/portal/products/{gtin}"
  "/portal/codes"
  "/portal/codes/lookup?code={dl}"
  "/portal/events"
  "/portal/events?code={dl}"
  "/portal/events?gtin={gtin}"
  "/portal/events?gtin={gtin}&lot={lot}"
  "/portal/events/items?code={dl}"
  "/portal/events?bizStep=shipping"
  "/portal/events?from={day}"
  "/portal/reports"
  "/portal/partners"
  "/portal/keys"
  # the REST API's lists and searches over the same data (the services the pages call)
  "/api/v1/products?size=50"
  "/api/v1/products/{gtin}/lots"
  "/api/v1/code-jobs?limit=50"
  "/api/v1/codes/{gtin}/{serial}"
  "/api/v1/epcis/events?limit=50"
  "/api/v1/epcis/events?limit=50&cursor={cursor}"
  "/api/v1/epcis/events?limit=50&from={since}"
  "/api/v1/epcis/events?limit=50&bizStep=shipping"
  "/api/v1/epcis/events?limit=50&gtin={gtin}"
  "/api/v1/epcis/events?limit=50&gtin={gtin}&lot={lot}"
  "/api/v1/epcis/events?limit=50&gtin={gtin}&serial={serial}"
  "/api/v1/timelines/items/{gtin}/{serial}"
  "/api/v1/timelines/lots/{gtin}/{lot}"
)

requests="${1:-200}"; warmup="${2:-20}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_portal}"
port="${PORT:-18193}"
base="http://127.0.0.1:$port"
password="bench-portal-password"
key="bench-portal-demo-key-0123456789"
admin="bench-portal-admin-key-0123456789"
serial_key="YmVuY2ggc2VyaWFsIG1hc3RlciBrZXksIDMyIGJ5dGVzIS4="
jobs=40; per_job=25000; journeys_per_job=5000; active_per_job=20000; audit_entries=100000
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
sql() { mysql -h127.0.0.1 -uroot -N "$db" "$@"; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

echo "== portal benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '-')"
java -version 2>&1 | head -1
mysql -h127.0.0.1 -uroot -N -e "SELECT CONCAT('MariaDB ', VERSION(), ', InnoDB buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
if [ -z "${SKIP_SEED:-}" ]; then
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
fi

work=$(mktemp -d)
app=""
stop() { if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi; }
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
    --logging.level.root=WARN --logging.level.com.veritrace.demo=INFO \
    --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys ) > "$work/app.log" 2>&1 &
  app=$!
  local t0; t0=$(now)
  until curl -sf "$base/actuator/health" > /dev/null; do
    kill -0 "$app" 2>/dev/null || { echo "start failed:"; tail -40 "$work/app.log"; exit 1; }
    sleep 0.5
  done
  echo "service up after $(secs "$t0") s"
}
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
api() { # method path [json body]
  curl -sf -X "$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' ${3:+-d "$3"} "$base$2"
}
gtin() { # 13 digits -> GTIN-14 with its check digit
  python3 -c "import sys; s=sys.argv[1]; t=sum(int(c)*(3 if i%2==0 else 1) for i,c in enumerate(reversed(s))); print(s+str((10-t%10)%10))" "$1"
}

start
seed_started=$(now)
if [ -z "${SKIP_SEED:-}" ]; then
  # -- products and lots (API): the demo's tea and honey and 18 more; two lots each, 40 lots
  t0=$(now)
  names=("Anji white tea, 100 g|tea" "Tieguanyin oolong, 250 g|tea" "Pu'er ripe tea cake, 357 g|tea"
    "Keemun black tea, 200 g|tea" "Dianhong golden tips, 150 g|tea" "Jasmine pearls, 100 g|tea"
    "Ningxia goji berries, 500 g|food" "Wuchang rice, 5 kg|food" "Shaoxing rice wine, 500 ml|drink"
    "Zhenjiang black vinegar, 550 ml|food" "Pixian chili bean paste, 500 g|food" "Yunnan coffee beans, 1 kg|drink"
    "Changbai ginseng, 50 g|food" "Lanzhou beef noodles, 5 packs|food" "Xinjiang jujubes, 1 kg|food"
    "Sichuan peppercorns, 200 g|food" "Huangshan Maofeng, 125 g|tea" "Dragon well gift box, 2 x 250 g|tea")
  gtins=(06901234567892 06901234567908)
  lots=("06901234567892|LJ2026B" "06901234567908|HN2026-07")
  api POST /api/v1/products/06901234567908/lots '{"lotNumber":"HN2026-09","productionDate":"2026-09-01"}' > /dev/null
  lots+=("06901234567908|HN2026-09")
  for i in "${!names[@]}"; do
    g=$(gtin "$(printf '069012347%04d' "$i")")
    api POST /api/v1/products "{\"gtin\":\"$g\",\"name\":\"${names[$i]%%|*}\",\"category\":\"${names[$i]##*|}\",\"description\":\"Benchmark product $i\"}" > /dev/null
    for l in A B; do
      lot=$(printf 'B26%02d%s' "$i" "$l")
      api POST "/api/v1/products/$g/lots" "{\"lotNumber\":\"$lot\",\"productionDate\":\"2026-0$(( i % 9 + 1 ))-15\"}" > /dev/null
      lots+=("$g|$lot")
    done
    gtins+=("$g")
  done
  # the demo's own code job of 3 tins on LJ2026A stays; the 40 benchmark jobs take the other 39 lots and LJ2026A
  lots+=("06901234567892|LJ2026A")
  echo "products: $(sql -e 'SELECT COUNT(*) FROM product'), lots: $(sql -e 'SELECT COUNT(*) FROM lot') ($(secs "$t0") s)"

  # -- 40 code jobs of 25,000 codes (API; the service's issuance, one job at a time), 20,000 of each activated
  t0=$(now)
  for entry in "${lots[@]:0:$jobs}"; do
    g="${entry%%|*}"; lot="${entry##*|}"
    api POST /api/v1/code-jobs "{\"requestId\":\"bench-$g-$lot\",\"gtin\":\"$g\",\"lotNumber\":\"$lot\",\"quantity\":$per_job,\"format\":\"DIGITAL_LINK\"}" > /dev/null
  done
  while :; do
    done_jobs=$(sql -e "SELECT COUNT(*) FROM code_job WHERE request_id LIKE 'bench-%' AND status = 'COMPLETED'")
    failed=$(sql -e "SELECT COUNT(*) FROM code_job WHERE status = 'FAILED'")
    [ "$failed" = 0 ] || { echo "a code job failed:"; sql -e "SELECT id, failure FROM code_job WHERE status = 'FAILED'"; exit 1; }
    [ "$done_jobs" -lt "$jobs" ] || break
    sleep 2
  done
  issued=$(sql -e "SELECT COUNT(*) FROM issued_code")
  echo "code jobs: $jobs x $per_job, issued codes: $issued ($(secs "$t0") s, $(echo "$issued / $(secs "$t0")" | bc) codes/s)"
  t0=$(now)
  for id in $(sql -e "SELECT id FROM code_job WHERE request_id LIKE 'bench-%' ORDER BY id"); do
    api POST "/api/v1/code-jobs/$id/activation" "{\"from\":1,\"to\":$active_per_job}" > /dev/null
  done
  echo "activated: $(sql -e "SELECT COUNT(*) FROM issued_code WHERE status = 'ACTIVE'") ($(secs "$t0") s)"

  # -- 1,000,000 events (SQL): 200,000 items (the first 5,000 codes of each job) with a journey of 5 events each,
  # commissioned one every 43.2 s over 100 days (all products interleaved) and the last ones reaching today
  t0=$(now)
  sql <<SQL
SET time_zone = '+08:00';
SET @brand = (SELECT id FROM organisation WHERE name = 'Demo Tea Co.');
SET @warehouse = (SELECT id FROM organisation WHERE name = 'Demo Warehouse Ltd.');
SET @carrier = (SELECT id FROM organisation WHERE name = 'Demo Express Logistics');
SET @start = (UNIX_TIMESTAMP() - 107 * 86400) * 1000;
DROP TABLE IF EXISTS bench_item, bench_step, bench_ev, bench_lot;
CREATE TABLE bench_item (n INT AUTO_INCREMENT PRIMARY KEY, gtin VARCHAR(14) NOT NULL, serial VARCHAR(20) NOT NULL,
  lot_number VARCHAR(20) NOT NULL);
INSERT INTO bench_item (gtin, serial, lot_number)
  SELECT c.gtin, c.serial, j.lot_number FROM issued_code c JOIN code_job j ON j.id = c.job_id
  WHERE j.request_id LIKE 'bench-%' AND c.seq <= $journeys_per_job ORDER BY c.seq, c.job_id;
-- the five steps of a journey: offset from commissioning (ms), who reports it, what it says
CREATE TABLE bench_step (step INT PRIMARY KEY, offset_ms BIGINT, reporter BIGINT, action VARCHAR(8), biz_step VARCHAR(32),
  disposition VARCHAR(32), read_point VARCHAR(64), biz_location VARCHAR(64));
INSERT INTO bench_step VALUES
  (0, 0, @brand, 'ADD', 'commissioning', 'active', 'https://id.gs1.org/414/6901234000016', 'https://id.gs1.org/414/6901234000016'),
  (1, 7200000, @brand, 'OBSERVE', 'inspecting', 'conformant', 'https://id.gs1.org/414/6901234000016', NULL),
  (2, 86400000, @brand, 'OBSERVE', 'shipping', 'in_transit', 'https://id.gs1.org/414/6901234000023', NULL),
  (3, 259200000, @warehouse, 'OBSERVE', 'receiving', 'in_progress', 'https://id.gs1.org/414/6901234000030', 'https://id.gs1.org/414/6901234000030'),
  (4, 518400000, @carrier, 'OBSERVE', 'arriving', 'in_progress', 'https://id.gs1.org/414/6901234000047', 'https://id.gs1.org/414/6901234000047');
-- row ids in event-time order, as ingest would give them
CREATE TABLE bench_ev (id INT AUTO_INCREMENT PRIMARY KEY, n INT NOT NULL, step INT NOT NULL, t BIGINT NOT NULL);
INSERT INTO bench_ev (n, step, t)
  SELECT i.n, s.step, @start + (i.n - 1) * 43200 + s.offset_ms + ((i.n * 7919 + s.step * 104729) MOD 3600000) AS t
  FROM bench_item i JOIN bench_step s ORDER BY t, i.n, s.step;
SQL
  events=$(sql -e "SELECT COUNT(*) FROM bench_ev")
  offset=$(sql -e "SELECT COALESCE(MAX(id), 0) FROM trace_event")
  context='"@context":[{"cbv":"https://ref.gs1.org/cbv/","cbvmda":"urn:epcglobal:cbv:mda:","dcterms":"http://purl.org/dc/terms/","epcis":"https://ref.gs1.org/epcis/","gs1":"https://gs1.org/voc/","rdfs":"http://www.w3.org/2000/01/rdf-schema#","xsd":"http://www.w3.org/2001/XMLSchema#"}]'
  chunk=100000
  for ((from = 1; from <= events; from += chunk)); do
    to=$((from + chunk - 1))
    sql <<SQL
SET time_zone = '+08:00';
INSERT INTO trace_event (id, event_hash, hash_algorithm, event_id, event_type, event_time_ms, event_time_offset,
  record_time_ms, action, biz_step, disposition, read_point, biz_location, reporter_id, event_json, row_mac)
SELECT $offset + e.id, UNHEX(SHA2(CONCAT('veritrace-bench-event-', e.n, '-', e.step), 256)), 'sha-256', NULL, 'ObjectEvent',
  e.t, '+08:00', e.t + 60000 + (e.n MOD 600000), s.action, CONCAT('https://ref.gs1.org/cbv/BizStep-', s.biz_step),
  CONCAT('https://ref.gs1.org/cbv/Disp-', s.disposition), s.read_point, s.biz_location, s.reporter,
  CONCAT('{"type":"ObjectEvent","eventTime":"', DATE_FORMAT(FROM_UNIXTIME(e.t DIV 1000), '%Y-%m-%dT%H:%i:%s'), '.',
    LPAD(e.t MOD 1000, 3, '0'), '+08:00","eventTimeZoneOffset":"+08:00","epcList":["https://id.gs1.org/01/', i.gtin,
    '/21/', i.serial, '"],"action":"', s.action, '","bizStep":"', s.biz_step, '","disposition":"', s.disposition,
    '","readPoint":{"id":"', s.read_point, '"}',
    IF(s.biz_location IS NULL, '', CONCAT(',"bizLocation":{"id":"', s.biz_location, '"}')),
    ',$context}'),
  NULL
FROM bench_ev e JOIN bench_item i ON i.n = e.n JOIN bench_step s ON s.step = e.step
WHERE e.id BETWEEN $from AND $to ORDER BY e.id;
INSERT INTO trace_event_item (gtin, serial, event_time_ms, event_row_id)
  SELECT i.gtin, i.serial, e.t, $offset + e.id FROM bench_ev e JOIN bench_item i ON i.n = e.n
  WHERE e.id BETWEEN $from AND $to;
SQL
    printf '  events %d/%d\n' "$((to < events ? to : events))" "$events"
  done
  # and one lot-level event per lot (the QA release of the lot, by quantity, as the demo's): the lot index.
  # Item events do not name their lot (no ilmd): an item's timeline takes in its lot's events, and every
  # commissioning event naming its lot would put the lot's 5,000 commissionings on each item's timeline.
  offset=$(sql -e "SELECT COALESCE(MAX(id), 0) FROM trace_event")
  sql <<SQL
SET time_zone = '+08:00';
SET @brand = (SELECT id FROM organisation WHERE name = 'Demo Tea Co.');
SET @start = (UNIX_TIMESTAMP() - 107 * 86400) * 1000;
CREATE TABLE bench_lot (n INT AUTO_INCREMENT PRIMARY KEY, gtin VARCHAR(14) NOT NULL, lot_number VARCHAR(20) NOT NULL,
  t BIGINT NULL);
INSERT INTO bench_lot (gtin, lot_number) SELECT gtin, lot_number FROM code_job WHERE request_id LIKE 'bench-%' ORDER BY id;
UPDATE bench_lot SET t = @start + n * 216000000 + 36000000;
INSERT INTO trace_event (id, event_hash, hash_algorithm, event_id, event_type, event_time_ms, event_time_offset,
  record_time_ms, action, biz_step, disposition, read_point, biz_location, reporter_id, event_json, row_mac)
SELECT $offset + l.n, UNHEX(SHA2(CONCAT('veritrace-bench-lot-event-', l.n), 256)), 'sha-256', NULL, 'ObjectEvent',
  l.t, '+08:00', l.t + 60000, 'OBSERVE', 'https://ref.gs1.org/cbv/BizStep-inspecting',
  'https://ref.gs1.org/cbv/Disp-conformant', 'https://id.gs1.org/414/6901234000016', NULL, @brand,
  CONCAT('{"type":"ObjectEvent","eventTime":"', DATE_FORMAT(FROM_UNIXTIME(l.t DIV 1000), '%Y-%m-%dT%H:%i:%s'),
    '.000+08:00","eventTimeZoneOffset":"+08:00","epcList":[],"quantityList":[{"epcClass":"https://id.gs1.org/01/',
    l.gtin, '/10/', l.lot_number, '","quantity":$per_job}],"action":"OBSERVE","bizStep":"inspecting",',
    '"disposition":"conformant","readPoint":{"id":"https://id.gs1.org/414/6901234000016"},$context}'),
  NULL
FROM bench_lot l ORDER BY l.n;
INSERT INTO trace_event_lot (gtin, lot_number, event_time_ms, event_row_id)
  SELECT l.gtin, l.lot_number, l.t, $offset + l.n FROM bench_lot l;
SQL
  echo "events: $(sql -e 'SELECT COUNT(*) FROM trace_event'), item index rows: $(sql -e 'SELECT COUNT(*) FROM trace_event_item'), lot index rows: $(sql -e 'SELECT COUNT(*) FROM trace_event_lot') ($(secs "$t0") s)"

  # -- 100,000 audit entries of the brand, one a minute up to now (SQL)
  t0=$(now)
  sql <<SQL
SET @brand = (SELECT id FROM organisation WHERE name = 'Demo Tea Co.');
SET @owner = (SELECT id FROM portal_user WHERE email = 'brand@demo.example');
INSERT INTO audit_entry (organisation_id, at, actor_user_id, actor_key_id, actor_label, action, target, detail)
  SELECT @brand, UTC_TIMESTAMP(6) - INTERVAL ($audit_entries - seq) MINUTE, @owner, NULL, CONCAT('user ', @owner),
    ELT(seq MOD 4 + 1, 'user.login', 'codes.issued', 'grant.created', 'key.created'),
    ELT(seq MOD 4 + 1, NULL, CONCAT('code job ', seq), 'Demo Warehouse Ltd.', CONCAT('key ', seq)), NULL
  FROM seq_1_to_$audit_entries ORDER BY seq;
SQL
  echo "audit entries: $(sql -e 'SELECT COUNT(*) FROM audit_entry') ($(secs "$t0") s)"
  t0=$(now)
  sql -e "DROP TABLE bench_item, bench_step, bench_ev, bench_lot"
  sql -e "ANALYZE TABLE product, lot, code_job, issued_code, trace_event, trace_event_item, trace_event_lot, audit_entry, portal_user" > /dev/null
  echo "ANALYZE TABLE ($(secs "$t0") s)"
  echo "seeding: $(secs "$seed_started") s in all"
  # a fresh service for the timings: nothing of the seeding in its caches or heap
  stop; app=""
  start
fi
echo "data: $(sql -e "SELECT CONCAT((SELECT COUNT(*) FROM product), ' products, ', (SELECT COUNT(*) FROM lot), ' lots, ', (SELECT COUNT(*) FROM code_job), ' code jobs, ', (SELECT COUNT(*) FROM issued_code), ' codes, ', (SELECT COUNT(*) FROM trace_event), ' events, ', (SELECT COUNT(*) FROM audit_entry), ' audit entries')")"
sql -e "SELECT CONCAT('table sizes (data+index, MiB): ', GROUP_CONCAT(CONCAT(table_name, ' ', ROUND((data_length + index_length) / 1048576)) ORDER BY table_name SEPARATOR ', ')) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('issued_code', 'trace_event', 'trace_event_item', 'trace_event_lot', 'audit_entry')"

# -- the values the URLs search for: an item half-way through the data, with its journey
read -r s_gtin s_lot s_serial s_resolver < <(sql -e "SELECT c.gtin, j.lot_number, c.serial, j.resolver FROM issued_code c JOIN code_job j ON j.id = c.job_id WHERE j.request_id = (SELECT request_id FROM code_job WHERE request_id LIKE 'bench-%' ORDER BY id LIMIT 1 OFFSET 19) AND c.seq = 2500")
audit_mid=$(sql -e "SELECT id FROM audit_entry ORDER BY id DESC LIMIT 1 OFFSET $((audit_entries / 2))")
audit_deep=$(sql -e "SELECT id FROM audit_entry ORDER BY id DESC LIMIT 1 OFFSET $((audit_entries * 95 / 100))")
cursor=$(sql -e "SELECT CONCAT(event_time_ms, '.', id) FROM trace_event WHERE reporter_id = (SELECT id FROM organisation WHERE name = 'Demo Tea Co.') ORDER BY event_time_ms, id LIMIT 1 OFFSET 300000")
dl=$(python3 -c "import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$s_resolver/01/$s_gtin/10/$s_lot/21/$s_serial")
day=$(date -u -d '7 days ago' +%F); since="$(date -u -d '7 days ago' +%FT%H:%M:%SZ)"
echo "searching for: gtin $s_gtin, lot $s_lot, serial $s_serial ($(sql -e "SELECT COUNT(*) FROM trace_event_item WHERE gtin = '$s_gtin' AND serial = '$s_serial'") events), events since $since: $(sql -e "SELECT COUNT(*) FROM trace_event WHERE event_time_ms >= UNIX_TIMESTAMP('$(date -u -d '7 days ago' '+%F %T')') * 1000")"
for u in "${URLS[@]}"; do
  u="${u//\{gtin\}/$s_gtin}"; u="${u//\{lot\}/$s_lot}"; u="${u//\{serial\}/$s_serial}"; u="${u//\{dl\}/$dl}"
  u="${u//\{day\}/$day}"; u="${u//\{since\}/$since}"; u="${u//\{audit_mid\}/$audit_mid}"; u="${u//\{audit_deep\}/$audit_deep}"; u="${u//\{cursor\}/$cursor}"
  echo "$u"
done > "$work/urls"
echo "load before timing: $(cut -d' ' -f1-3 /proc/loadavg)"
java "$root/deploy/bench/PortalTiming.java" "$base" brand@demo.example "$password" "$key" "$work/urls" "$requests" "$warmup"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
