#!/usr/bin/env bash
# EPCIS query under data (issue 17 item 6; docs/BENCHMARKS.md "EPCIS query"): not a test, numbers. N events
# (default 10,000,000) of N/5 items, five events each, in MariaDB; then GET /api/v1/epcis/events with MATCH_epc of
# one item and a 30-day event-time range, REQUESTS times (default 300, after WARMUP=30), one request at a time, each
# for another item chosen at random, as the demo brand; p50/p95/p99/max of the whole HTTP request (curl's
# time_total), and the answer checked (200, the item's events in the range). Then BROAD (default 100; 0 skips)
# requests of a broader query: MATCH_epc=urn:epc:idpat:sgtin:<the GTIN>.* (every item) and a random 1-day range,
# perPage=30 (the first page of 1,440 events). Items and days are drawn at random with seed RNG_SEED (default 17):
# a repeated run with the same seed finds the pages it reads in the buffer pool, another seed mostly not.
#
#   flock /tmp/veritrace-bench.lock deploy/bench/query.sh [events=10000000] [requests=300]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path runs another build) and MariaDB on 127.0.0.1:3306 as
# root without password. (Re)creates the database veritrace_bench_query (DB=...), drops it at the end unless KEEP=1;
# SKIP_SEED=1 times a kept, seeded database again; SEED_ONLY=1 (implies KEEP=1) seeds and stops before timing, so the
# long seeding can run without the benchmark lock and only the timing under it. BENCH_HEAP (default -Xmx1g), PORT (18195).
#
# How the data is made: the service creates the schema (Flyway, V25 included) and the demo brand; the events and
# their identifier-index rows (trace_event_epc, as EventWriter writes them) are written by SQL in chunks of 500,000
# from MariaDB's sequence tables, not through capture: hashes are SHA-256 of a counter, no row MAC, anchoring off.
# Item i (GTIN 09521234543213, serial i) has events 5i..5i+4, one minute apart; the data spans N minutes from
# 2001-09-09 (10,000,000 events: 19 years), row ids in event-time order.
set -euo pipefail

events="${1:-10000000}"; requests="${2:-300}"; warmup="${WARMUP:-30}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_query}"
port="${PORT:-18195}"
base="http://127.0.0.1:$port"
key="bench-query-demo-key-0123456789ab"
admin="bench-query-admin-key-0123456789a"
gtin=09521234543213
start_ms=1000000000000 # 2001-09-09
step_ms=60000          # 1 minute between events (FROM_UNIXTIME stops at 2038 on MariaDB 10.11)
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
sql() { mysql -h127.0.0.1 -uroot -N "$db" "$@"; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

echo "== query benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '-')"
mysql -h127.0.0.1 -uroot -N -e "SELECT CONCAT('MariaDB ', VERSION(), ', InnoDB buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')"
if [ -z "${SKIP_SEED:-}" ]; then
  mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
fi
work=$(mktemp -d)
app=""
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}${SEED_ONLY:-}" ]; then mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
( cd "$work" && exec java ${BENCH_HEAP:--Xmx1g} -XX:+UseG1GC -jar "$jar" --spring.profiles.active=mariadb --server.port=$port \
  "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?useSSL=false&allowPublicKeyRetrieval=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048" \
  --spring.datasource.username=root --spring.datasource.password= --veritrace.public-base-url=$base \
  --veritrace.demo.enabled=true --veritrace.demo.password=bench-query-password --veritrace.demo.api-key=$key \
  --veritrace.bootstrap.admin-key=$admin --veritrace.anchor.enabled=false --logging.level.root=WARN \
  --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys ) > "$work/app.log" 2>&1 &
app=$!
t0=$(now)
until curl -sf "$base/actuator/health" > /dev/null; do
  kill -0 "$app" 2>/dev/null || { echo "start failed:"; tail -40 "$work/app.log"; exit 1; }
  sleep 0.5
done
echo "service up after $(secs "$t0") s"

if [ -z "${SKIP_SEED:-}" ]; then
  brand=$(sql -e "SELECT id FROM organisation WHERE name = 'Demo Tea Co.'")
  chunk=500000
  t0=$(now)
  for ((from = 0; from < events; from += chunk)); do
    to=$((from + chunk - 1)); [ "$to" -lt "$events" ] || to=$((events - 1))
    sql <<SQL
SET time_zone = '+00:00';
INSERT INTO trace_event (event_hash, hash_algorithm, event_id, event_type, event_time_ms, event_time_offset,
  record_time_ms, action, biz_step, disposition, read_point, biz_location, reporter_id, event_json)
SELECT UNHEX(SHA2(CONCAT('bench-query-', s.seq), 256)), 'sha-256', NULL, 'ObjectEvent', $start_ms + s.seq * $step_ms,
  '+00:00', $start_ms + s.seq * $step_ms, 'OBSERVE', 'https://ref.gs1.org/cbv/BizStep-receiving', NULL, NULL, NULL,
  $brand,
  CONCAT('{"type":"ObjectEvent","eventTime":"', DATE_FORMAT(FROM_UNIXTIME(($start_ms + s.seq * $step_ms) DIV 1000), '%Y-%m-%dT%H:%i:%s.000Z'),
    '","eventTimeZoneOffset":"+00:00","action":"OBSERVE","bizStep":"receiving","epcList":["https://id.gs1.org/01/$gtin/21/',
    s.seq DIV 5, '"]}')
FROM seq_${from}_to_${to} s ORDER BY s.seq;
SQL
    # the index rows: serial = seq DIV 5 (the events of this chunk, by their time)
    sql -e "INSERT INTO trace_event_epc (epc, role, event_time_ms, event_row_id)
      SELECT CONCAT('https://id.gs1.org/01/$gtin/21/', (e.event_time_ms - $start_ms) DIV $step_ms DIV 5), 'E', e.event_time_ms, e.id
      FROM trace_event e WHERE e.event_time_ms BETWEEN $start_ms + $from * $step_ms AND $start_ms + $to * $step_ms"
    echo "  $((to + 1)) events ($(secs "$t0") s)"
  done
  sql -e "ANALYZE TABLE trace_event, trace_event_epc" > /dev/null
  echo "seeded: $(sql -e 'SELECT COUNT(*) FROM trace_event') events, $(sql -e 'SELECT COUNT(*) FROM trace_event_epc') index rows ($(secs "$t0") s)"
  sql -e "SELECT table_name, ROUND((data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = '$db' AND table_name IN ('trace_event', 'trace_event_epc')" | sed 's/^/  MiB: /'
fi
if [ -n "${SEED_ONLY:-}" ]; then
  echo "seed only: $db kept ($(sql -e "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = '$db'") MiB in all)"
  exit 0
fi

# one request: a random item, a 30-day window that holds all five of its events
python3 - "$base" "$key" "$events" "$requests" "$warmup" "$gtin" "$start_ms" "$step_ms" "${BROAD:-100}" "${RNG_SEED:-17}" <<'PY'
import json, random, statistics, subprocess, sys, time, urllib.parse
base, key, events, requests, warmup, gtin, start, step = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], int(sys.argv[7]), int(sys.argv[8])
def iso(ms): return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ms / 1000))
random.seed(int(sys.argv[10]))
def one():
    item = random.randrange(events // 5)
    first = start + item * 5 * step
    params = {'MATCH_epc': f'urn:epc:id:sgtin:{gtin[1:8]}.{gtin[0]}{gtin[8:13]}.{item}', 'GE_eventTime': iso(first - 15 * 86400000), 'LT_eventTime': iso(first + 15 * 86400000)}
    url = base + '/api/v1/epcis/events?' + urllib.parse.urlencode(params)
    out = subprocess.run(['curl', '-s', '-H', 'Authorization: Bearer ' + key, '-o', '/dev/stdout', '-w', '\n%{http_code} %{time_total}', url], capture_output=True, text=True).stdout
    body, status_time = out.rsplit('\n', 1)
    status, total = status_time.split()
    assert status == '200', (status, body[:300])
    found = json.loads(body)['epcisBody']['queryResults']['resultsBody']['eventList']
    assert all(e['epcList'][0].endswith('/21/%d' % item) for e in found), body[:300]
    return float(total) * 1000, len(found)
for _ in range(warmup): one()
times, counts = [], []
for _ in range(requests):
    t, n = one(); times.append(t); counts.append(n)
times.sort()
q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print(f"MATCH_epc + 30-day range, {requests} requests: p50 {q(0.5):.1f} ms, p95 {q(0.95):.1f} ms, p99 {q(0.99):.1f} ms, max {times[-1]:.1f} ms; events per answer {min(counts)}..{max(counts)}")
# the broader query: every serial of the GTIN (an EPC pattern) in a 1-day window (1,440 events), first page of 30
broad = int(sys.argv[9])
def wide():
    day = random.randrange(max(1, (events - 1440) // 1440))
    lo = start + day * 1440 * step
    params = {'MATCH_epc': f'urn:epc:idpat:sgtin:{gtin[1:8]}.{gtin[0]}{gtin[8:13]}.*', 'GE_eventTime': iso(lo), 'LT_eventTime': iso(lo + 86400000), 'perPage': '30'}
    url = base + '/api/v1/epcis/events?' + urllib.parse.urlencode(params)
    out = subprocess.run(['curl', '-s', '-H', 'Authorization: Bearer ' + key, '-o', '/dev/stdout', '-w', '\n%{http_code} %{time_total}', url], capture_output=True, text=True).stdout
    body, status_time = out.rsplit('\n', 1)
    status, total = status_time.split()
    assert status == '200', (status, body[:300])
    found = json.loads(body)['epcisBody']['queryResults']['resultsBody']['eventList']
    assert len(found) == 30 and found[0]['eventTime'] == iso(lo).replace('Z', '.000Z'), body[:300]
    return float(total) * 1000
if broad:
    for _ in range(min(warmup, broad)): wide()
    times = sorted(wide() for _ in range(broad))
    print(f"MATCH_epc sgtin pattern (all serials) + 1-day range, perPage 30, {broad} requests: p50 {q(0.5):.1f} ms, p95 {q(0.95):.1f} ms, p99 {q(0.99):.1f} ms, max {times[-1]:.1f} ms")
PY
