#!/usr/bin/env bash
# EPCIS streaming subscription latency (issue 17 item 3; docs/BENCHMARKS.md "EPCIS subscriptions"): not a test,
# numbers. The service on MariaDB, a stream subscription of a named query to a receiver on loopback (a small Python
# HTTP server answering 204 that notes when each event arrives), then EVENTS events (default 300) captured one per
# POST /api/v1/epcis/capture, RATE a second (default 5), as the demo brand. Latency per event: from just before its
# capture request is sent to its arrival at the receiver (capture is asynchronous: the capture job, the commit, the
# settle time, the query and the signed webhook call are all inside). p50/p95/p99/max; every event must arrive.
#
#   flock /tmp/veritrace-bench.lock deploy/bench/subscriptions.sh [events=300] [rate=5]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path runs another build) and MariaDB on 127.0.0.1:3306 as root
# without password. (Re)creates the database veritrace_bench_subs (DB=...), drops it at the end unless KEEP=1.
# Settings as shipped (veritrace.epcis.subscriptions.*: poll 1 s, settle 300 ms) unless SUBS_ARGS adds some.
set -euo pipefail

events="${1:-300}"; rate="${2:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_subs}"
port="${PORT:-18196}"
rport="${RPORT:-18197}"
base="http://127.0.0.1:$port"
key="bench-subs-demo-key-0123456789abc"
admin="bench-subs-admin-key-0123456789ab"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }

echo "== subscription benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), git $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '-')"
mysql -h127.0.0.1 -uroot -N -e "SELECT CONCAT('MariaDB ', VERSION())"
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
work=$(mktemp -d)
app=""
receiver=""
cleanup() {
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  if [ -n "$receiver" ]; then kill "$receiver" 2>/dev/null || true; wait "$receiver" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# the receiver: one line "<epc> <arrival epoch seconds>" per event received
python3 - "$rport" "$work/arrivals" <<'PY' &
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
out = open(sys.argv[2], 'a', buffering=1)
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        at = time.time()
        for e in json.loads(body)['epcisBody']['queryResults']['resultsBody']['eventList']:
            out.write(f"{e['epcList'][0]} {at:.6f}\n")
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
PY
receiver=$!

( cd "$work" && exec java ${BENCH_HEAP:--Xmx1g} -XX:+UseG1GC -jar "$jar" --spring.profiles.active=mariadb --server.port=$port \
  "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?useSSL=false&allowPublicKeyRetrieval=true" \
  --spring.datasource.username=root --spring.datasource.password= --veritrace.public-base-url=$base \
  --veritrace.demo.enabled=true --veritrace.demo.password=bench-subs-password --veritrace.demo.api-key=$key \
  --veritrace.bootstrap.admin-key=$admin --logging.level.root=WARN --veritrace.notify.http.allow-loopback=true \
  --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys,webhooks-to-loopback ${SUBS_ARGS:-} ) > "$work/app.log" 2>&1 &
app=$!
t0=$(now)
until curl -sf "$base/actuator/health" > /dev/null; do
  kill -0 "$app" 2>/dev/null || { echo "start failed:"; tail -40 "$work/app.log"; exit 1; }
  sleep 0.5
done
echo "service up after $(secs "$t0") s"

set +e
python3 - "$base" "$key" "$rport" "$events" "$rate" "$work/arrivals" <<'PY'
import json, os, sys, time, urllib.request
base, key, rport, events, rate, arrivals = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
def call(method, path, body, ctype='application/json'):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method,
                                 headers={'Authorization': 'Bearer ' + key, 'Content-Type': ctype})
    with urllib.request.urlopen(req) as r:
        return r.status, r.read()
call('POST', '/api/v1/epcis/queries', {'name': 'bench', 'query': {'EQ_bizStep': ['inspecting']}})
call('POST', '/api/v1/epcis/queries/bench/subscriptions',
     {'dest': f'http://127.0.0.1:{rport}/hook', 'signatureToken': 'bench-token', 'stream': True})
run = str(int(time.time()))
sent = {}
for i in range(events):
    epc = f'https://id.gs1.org/01/06901234567892/21/subs{run}x{i}'
    doc = {'@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], 'type': 'EPCISDocument',
           'schemaVersion': '2.0', 'creationDate': '2026-01-01T00:00:00Z',
           'epcisBody': {'eventList': [{'type': 'ObjectEvent', 'eventTime': '2026-12-01T08:00:00Z',
                                        'eventTimeZoneOffset': '+00:00', 'action': 'OBSERVE', 'bizStep': 'inspecting',
                                        'epcList': [epc]}]}}
    start = time.time()
    sent[epc] = start
    status, _ = call('POST', '/api/v1/epcis/capture', doc, 'application/ld+json')
    assert status == 202, status
    time.sleep(max(0, 1 / rate - (time.time() - start)))
deadline = time.time() + 20
got = {}
while time.time() < deadline and len(got) < len(sent):
    time.sleep(0.2)
    got = {}
    if os.path.exists(arrivals):
        for line in open(arrivals):
            epc, at = line.split()
            got.setdefault(epc, float(at))  # the first arrival counts
lat = sorted((got[e] - sent[e]) * 1000 for e in sent if e in got)
missing = len(sent) - len(lat)
if not lat:
    sys.exit(f"no event arrived of {events}")
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print(f"{events} events at {rate}/s: arrived {len(lat)} (missing {missing}); capture-to-delivery p50 {q(0.5):.0f} ms, "
      f"p95 {q(0.95):.0f} ms, p99 {q(0.99):.0f} ms, max {lat[-1]:.0f} ms")
PY
rc=$?
[ -z "${DEBUG:-}" ] || { tail -30 "$work/app.log"; mysql -h127.0.0.1 -uroot "$db" -e "SELECT biz_step, COUNT(*) FROM trace_event GROUP BY biz_step; SELECT subscription_id, failures, last_error, cursor_record_ms, next_run_ms, lease_owner FROM epcis_subscription; SELECT * FROM epcis_subscription_delivery ORDER BY id DESC LIMIT 5; SELECT status, COUNT(*), MAX(LEFT(errors, 300)) FROM capture_job GROUP BY status"; }
exit $rc
