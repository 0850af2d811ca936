#!/usr/bin/env bash
# Soak run (issue 18 item 4; docs/BENCHMARKS.md "Soak"): not a test, a run with the numbers. One service process
# (all roles) on MariaDB with Redis counters, driven for MINUTES (default 30) by a mixed load at once:
#   scans      two loops scanning the 1,000 activated codes of a lot in turn (the consumer page, HTML),
#   capture    one loop capturing one EPCIS event per request (POST /api/v1/epcis/capture, then the job read),
#   issuance   one code job of 1,000 codes a minute, waited for until COMPLETED.
# Every 30 s it samples the process's resident memory and, from /actuator/prometheus, the heap used and the live
# data after the last collection (jvm_gc_live_data_size_bytes), the old generation's use. At the end: requests and failures per kind, the
# samples' first, middle and last values, and every ERROR line of the service's log (none expected).
#
#   flock /tmp/veritrace-bench.lock deploy/bench/soak.sh [minutes=30]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path for another build), MariaDB and Redis as
# deploy/local/services.sh check starts them. (Re)creates the database veritrace_bench_soak (DB=...) and uses Redis
# database 10 (REDIS_DB), both emptied at the end unless KEEP=1.
set -euo pipefail
minutes="${1:-30}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_soak}"
port="${PORT:-18221}"; base="http://127.0.0.1:$port"
admin="bench-soak-admin-key-0123456789ab"
redisdb=${REDIS_DB:-10}
gtin=09506000134352
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
echo "== soak $minutes min $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '-')"
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
redis-cli -n "$redisdb" flushdb > /dev/null
work=$(mktemp -d)
app=""; loops=()
cleanup() {
  for p in "${loops[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$app" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then
    mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db" || true
    redis-cli -n "$redisdb" flushdb > /dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

( cd "$work" && exec java ${BENCH_HEAP:--Xmx1g} -XX:+UseG1GC -jar "$jar" --spring.profiles.active=mariadb --server.port=$port \
  "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true" \
  --spring.datasource.username=root --spring.datasource.password= --veritrace.public-base-url=$base \
  --veritrace.bootstrap.admin-key=$admin --veritrace.scan.counters=redis --veritrace.scan.page-cache=redis \
  --veritrace.scan.redis-url=redis://127.0.0.1:6379/$redisdb --veritrace.rate-limit.scans-per-minute=1000000000 \
  --logging.level.root=WARN \
  --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys ) > "$work/app.log" 2>&1 &
app=$!
until curl -sf "$base/actuator/health" > /dev/null; do
  kill -0 "$app" 2>/dev/null || { echo "start failed:"; tail -40 "$work/app.log"; exit 1; }
  sleep 0.5
done
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
org=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"Soak brand","kind":"BRAND"}' "$base/api/v1/organisations" | json "['id']")
key=$(curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"k","scopes":["read","products:write","codes:issue","events:write"]}' "$base/api/v1/organisations/$org/api-keys" | json "['key']")
H="Authorization: Bearer $key"
curl -sf -H "$H" -H 'Content-Type: application/json' -d "{\"gtin\":\"$gtin\",\"name\":\"Soak tea\",\"category\":\"tea\"}" "$base/api/v1/products" > /dev/null
for lot in SOAK1 SOAK2; do
  curl -sf -H "$H" -H 'Content-Type: application/json' -d "{\"lotNumber\":\"$lot\"}" "$base/api/v1/products/$gtin/lots" > /dev/null
done
issue() { # requestId lot: issues 1,000 codes and waits for the job; prints the job id
  local job
  job=$(curl -sf -H "$H" -H 'Content-Type: application/json' -d "{\"requestId\":\"$1\",\"gtin\":\"$gtin\",\"lotNumber\":\"$2\",\"quantity\":1000,\"format\":\"DIGITAL_LINK\"}" "$base/api/v1/code-jobs" | json "['id']")
  for _ in $(seq 1 600); do
    [ "$(curl -sf -H "$H" "$base/api/v1/code-jobs/$job" | json "['status']")" = COMPLETED ] && { echo "$job"; return 0; }
    sleep 0.5
  done
  return 1
}
job=$(issue soak-scan SOAK1)
curl -sf -H "$H" -H 'Content-Type: application/json' -d '{"from":1,"to":1000}' "$base/api/v1/code-jobs/$job/activation" > /dev/null
curl -sf -H "$H" "$base/api/v1/code-jobs/$job/print-file?type=csv" | sed 1d | cut -d, -f3 | tr -d "\"\r" \
  | sed 's|^[a-z]*://[^/]*||' > "$work/paths"
cut -d/ -f5 "$work/paths" > "$work/serials"
end=$(( $(date +%s) + minutes * 60 ))

# each loop appends one status code per request to its own file
scans() {
  while [ "$(date +%s)" -lt "$end" ]; do
    while read -r path && [ "$(date +%s)" -lt "$end" ]; do
      curl -s -o /dev/null -w '%{http_code}\n' -H 'Accept-Language: zh-CN' "$base$path"
    done < "$work/paths"
  done >> "$work/$1.codes"
}
capture() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    while read -r serial && [ "$(date +%s)" -lt "$end" ]; do
      i=$((i + 1))
      local t; t=$(date -u -d "@$(( 1790000000 + i ))" +%FT%TZ)
      curl -s -o /dev/null -w '%{http_code}\n' -H "$H" -H 'Content-Type: application/ld+json' --data-binary \
        "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],\"type\":\"ObjectEvent\",\"eventTime\":\"$t\",\"eventTimeZoneOffset\":\"+08:00\",\"epcList\":[\"https://id.gs1.org/01/$gtin/21/$serial\"],\"action\":\"OBSERVE\",\"bizStep\":\"https://ref.gs1.org/cbv/BizStep-receiving\",\"readPoint\":{\"id\":\"https://id.gs1.org/414/9506000134352/254/D$((i % 8))\"}}" \
        "$base/api/v1/epcis/capture"
      sleep 0.2
    done < "$work/serials"
  done >> "$work/capture.codes"
}
issuance() {
  local n=0
  while [ "$(date +%s)" -lt "$end" ]; do
    n=$((n + 1))
    if issue "soak-$n" SOAK2 > /dev/null; then echo 200; else echo failed; fi
    sleep 60
  done >> "$work/issuance.codes"
}
sample() {
  local i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    local metrics rss heap old live full=""
    i=$((i + 1))
    # every 5 minutes a full collection first (jcmd GC.run): the heap used after it is the live set, which G1's
    # young collections alone never show (live data stays 0 until its first concurrent cycle)
    if [ $((i % 10)) -eq 0 ] && jcmd "$app" GC.run > /dev/null 2>&1; then full=" (after a full GC)"; fi
    metrics=$(curl -sf -H "Authorization: Bearer $admin" "$base/actuator/prometheus" || true)
    # the value is the last field (the labels hold spaces); live data is 0 until G1's first concurrent cycle
    heap=$(echo "$metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%.0f", s / 1048576}')
    old=$(echo "$metrics" | awk '/^jvm_memory_used_bytes\{.*id="G1 Old Gen"/ {printf "%.0f", $NF / 1048576}')
    live=$(echo "$metrics" | awk '/^jvm_gc_live_data_size_bytes/ {printf "%.0f", $NF / 1048576}')
    rss=$(( $(ps -o rss= -p "$app") / 1024 ))
    echo "$(date -u +%T) rss=${rss}MiB heap=${heap}MiB old=${old}MiB live=${live}MiB load=$(cut -d' ' -f1 /proc/loadavg)$full"
    sleep 30
  done >> "$work/samples"
}
scans scan-a & loops+=($!)
scans scan-b & loops+=($!)
capture & loops+=($!)
issuance & loops+=($!)
sample & loops+=($!)
for p in "${loops[@]}"; do wait "$p" || true; done
loops=()

for kind in scan-a scan-b capture issuance; do
  total=$(wc -l < "$work/$kind.codes")
  bad=$(grep -cvE '^(200|202)$' "$work/$kind.codes" || true)
  echo "$kind: $total requests, $bad not 200/202 $(grep -vE '^(200|202)$' "$work/$kind.codes" | sort | uniq -c | tr '\n' ' ')"
done
n=$(wc -l < "$work/samples")
echo "samples ($n, every 30 s), one in five, those after a full GC and the last:"
awk -v n="$n" 'NR % 5 == 1 || NR == n || /full GC/' "$work/samples"
errors=$(grep -c ' ERROR ' "$work/app.log" || true)
echo "ERROR lines in the service's log: $errors"
{ grep ' ERROR ' "$work/app.log" || true; } | cut -c1-300 | sort | uniq -c | sort -rn | head -10
[ -n "${KEEP:-}" ] && cp "$work/samples" "$work/app.log" "${KEEP_DIR:-/tmp}/" || true
