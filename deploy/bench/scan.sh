#!/usr/bin/env bash
# Scan page throughput and latency with wrk on loopback, against a bare Spring endpoint in the same
# run (issue 6). Production-like: MariaDB (database veritrace_bench, recreated) and Redis counters.
#   deploy/bench/scan.sh [runs=3] [seconds=15] [connections=32]
# TARGETS="bare json html codes cold" (the default: all five) measures only the ones named (warm-up too).
# Needs: the jar (./mvnw -q -DskipTests package; JAR=path runs another build, e.g. a baseline), wrk
# (apt-get install wrk), MariaDB and Redis (redis-cli; uses Redis database 9, or REDIS_DB, and empties it).
set -euo pipefail
runs="${1:-3}"; seconds="${2:-15}"; conns="${3:-32}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
port=${PORT:-18181}; admin="bench-admin-key-0123456789abcdef"
base="http://127.0.0.1:$port"
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS ${DB:-veritrace_bench}; CREATE DATABASE ${DB:-veritrace_bench}"
# counters and pages in their own Redis database, emptied before and after (counters keep for 400 days)
redisdb=${REDIS_DB:-9}
redis-cli -n "$redisdb" flushdb >/dev/null
work=$(mktemp -d)
java -Xmx512m ${JAVA_OPTS:-} -jar "$jar" --spring.profiles.active=mariadb --server.port=$port \
  --spring.datasource.url="jdbc:mysql://127.0.0.1:3306/${DB:-veritrace_bench}?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048" \
  --spring.datasource.username=root --spring.datasource.password= \
  --veritrace.bootstrap.admin-key=$admin --veritrace.scan.counters=redis --veritrace.scan.page-cache=redis --veritrace.scan.redis-url=redis://127.0.0.1:6379/$redisdb --veritrace.bench.bare-endpoint=true \
  --veritrace.rate-limit.scans-per-minute=1000000000 --logging.level.root=WARN \
  --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$work"; redis-cli -n "$redisdb" flushdb >/dev/null' EXIT
until curl -sf "$base/actuator/health" >/dev/null; do kill -0 $app || { cat "$work/app.log"; exit 1; }; sleep 0.5; done
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
org=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Bench brand","kind":"BRAND"}' $base/api/v1/organisations | json "['id']")
key=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"k","scopes":["read","products:write","codes:issue","events:write"]}' $base/api/v1/organisations/$org/api-keys | json "['key']")
H="Authorization: Bearer $key"
curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"gtin":"09506000134352","name":"Bench tea","category":"tea"}' $base/api/v1/products >/dev/null
curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"lotNumber":"BENCH1"}' $base/api/v1/products/09506000134352/lots >/dev/null
curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"lotNumber":"BENCH2"}' $base/api/v1/products/09506000134352/lots >/dev/null
job=$(curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"requestId":"bench","gtin":"09506000134352","lotNumber":"BENCH1","quantity":1000,"format":"DIGITAL_LINK"}' $base/api/v1/code-jobs | json "['id']")
until [ "$(curl -sf -H "$H" $base/api/v1/code-jobs/$job | json "['status']")" = COMPLETED ]; do sleep 0.5; done
curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"from":1,"to":1000}' $base/api/v1/code-jobs/$job/activation >/dev/null
curl -sf -H "$H" "$base/api/v1/code-jobs/$job/print-file?type=csv" | sed 1d | cut -d, -f3 | tr -d "\"\r" \
  | sed 's|^[a-z]*://[^/]*||' > "$work/paths"
path=$(head -1 "$work/paths")
targets=" ${TARGETS:-bare json html codes cold} "
on() { [[ "$targets" == *" $1 "* ]]; }
# the fifth target scans each of 200,000 other codes once (a busy day: many shoppers, one scan each):
# every scan builds its code's page from the database and waits for its counters
if on cold; then # 200,000 codes only when they are measured
  cold=$(curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"requestId":"bench-cold","gtin":"09506000134352","lotNumber":"BENCH2","quantity":200000,"format":"DIGITAL_LINK"}' $base/api/v1/code-jobs | json "['id']")
  until [ "$(curl -sf -H "$H" $base/api/v1/code-jobs/$cold | json "['status']")" = COMPLETED ]; do sleep 0.5; done
  curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"from":1,"to":200000}' $base/api/v1/code-jobs/$cold/activation >/dev/null
  curl -sf -H "$H" "$base/api/v1/code-jobs/$cold/print-file?type=csv" | sed 1d | cut -d, -f3 | tr -d "\"\r" \
    | sed 's|^[a-z]*://[^/]*||' > "$work/cold-paths"
fi
# wrk thread t of run r scans the codes from (2r + t) * 25,000 on, each once
cat > "$work/cold.lua" <<LUA
local paths, threads = {}, 0
for line in io.lines("$work/cold-paths") do paths[#paths + 1] = line end
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args) i = (tonumber(os.getenv("RUN") or "0") * 2 + id) * 25000 end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) % #paths + 1])
end
LUA
# the fourth target scans all 1,000 codes in turn (each wrk thread from the first): every code's own page
# and counters, instead of one code's
cat > "$work/codes.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
echo "scan path: $path"
# a realistic page: the item's journey of five events (one with cold-chain readings), each with a proof link
serial="${path##*/}"; item="https://id.gs1.org/01/09506000134352/21/$serial"
ev() { # bizStep action day [sensor]
  printf '{"type":"ObjectEvent","eventTime":"2026-11-%02dT08:00:00+08:00","eventTimeZoneOffset":"+08:00","epcList":["%s"],"action":"%s","bizStep":"%s","readPoint":{"id":"https://id.gs1.org/414/6901234000016"}%s}' "$3" "$item" "$2" "$1" "${4:-}"
}
cold=',"sensorElementList":[{"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL"},{"type":"Temperature","value":6.0,"uom":"CEL"}]}]'
events="$(ev commissioning ADD 1),$(ev packing OBSERVE 2),$(ev shipping OBSERVE 3 "$cold"),$(ev receiving OBSERVE 5),$(ev retail_selling OBSERVE 7)"
capture=$(curl -sf -H "$H" -H 'Content-Type: application/json' -d "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-24T00:00:00Z\",\"epcisBody\":{\"eventList\":[$events]}}" $base/api/v1/epcis/capture | json "['captureId']")
until [ "$(curl -sf -H "$H" $base/api/v1/epcis/capture/$capture | json "['status']")" = SUCCESS ]; do sleep 0.5; done
curl -s -o /dev/null -w "first scan: %{http_code}\n" -H 'Accept: application/json' "$base$path"
echo "journey steps on the page: $(curl -sf -H 'Accept: application/json' "$base$path" | json "['journey'].__len__()")"
echo "page bytes: html $(curl -sf "$base$path" | wc -c), json $(curl -sf -H 'Accept: application/json' "$base$path" | wc -c)"
echo "date: $(date -u +%FT%TZ); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# cpu_us_per_request: the service's own CPU time (user + system, all its threads, incl. the scan log
# writer) during the run divided by the requests served: unlike requests/s, it hardly depends on what
# else the machine is doing.
echo "target,run,requests_per_s,p50_ms,p99_ms,non2xx,cpu_us_per_request"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' /proc/$app/stat; }
measure() { # name url accept [wrk script]
  for i in $(seq 1 "$runs"); do
    echo "# $1 run $i from $(date -u +%T.%N)" >&2 # to cut a profile (JAVA_OPTS=-XX:StartFlightRecording=...) by target
    before=$(cpu)
    out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "Accept: $3" ${4:+-s "$4"} "$2")
    after=$(cpu)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$1,$i,$rps,$p50,$p99,${bad:-0},$(( (after - before) * 1000000 / ticks / requests ))"
  done
}
# warm-up: each target first, so that the measured runs see compiled code
# WARMUP seconds per target (default 60: with 20 s the first measured run of a target was still 30-60 % slower
# than the next, more so for a build with more code to compile, which skewed before/after medians)
warm() { wrk -t2 -c"$conns" -d"${WARMUP:-60}s" -H "Accept: $2" ${3:+-s "$3"} "$1" >/dev/null; }
on bare && warm "$base/bench/bare" text/plain
on json && warm "$base$path" application/json
on html && warm "$base$path" text/html
on codes && warm "$base" application/json "$work/codes.lua"
on cold && RUN=$runs warm "$base" application/json "$work/cold.lua" # codes the measured runs do not scan
on bare && measure bare "$base/bench/bare" "text/plain"
on json && measure scan-json "$base$path" "application/json"
on html && measure scan-html "$base$path" "text/html"
on codes && measure scan-json-1000-codes "$base" "application/json" "$work/codes.lua"
on cold && for i in $(seq 1 "$runs"); do # each run on codes not scanned before (at most 25,000 per thread and run)
  echo "# scan-json-cold-codes run $i from $(date -u +%T.%N)" >&2
  before=$(cpu)
  out=$(RUN=$((i - 1)) wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "Accept: application/json" -s "$work/cold.lua" "$base")
  after=$(cpu)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "scan-json-cold-codes,$i,$(echo "$out" | awk '/Requests\/sec/ {print $2}'),$(echo "$out" | awk '$1=="50%" {print $2}'),$(echo "$out" | awk '$1=="99%" {print $2}'),$(echo "$out" | awk '/Non-2xx/ {print $NF}'),$(( (after - before) * 1000000 / ticks / requests ))"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
