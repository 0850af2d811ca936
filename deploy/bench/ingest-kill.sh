#!/usr/bin/env bash
# An ingest node killed with SIGKILL in the middle of EVENTS Kafka events (issue 18 item 4; docs/BENCHMARKS.md
# "Ingest node killed mid-stream"): not a test, a run with the counts. Three service processes from the jar on
# MariaDB: a web node (web, anchor, jobs; seeds the demo brand) and two ingest nodes (role ingest, static group
# members ingest-1-0 and ingest-2-0). EVENTS distinct EPCIS events (one item each, the demo brand's tea GTIN) are
# produced first to the brand's topic (PARTITIONS partitions); when about a third is stored, ingest-1 is killed
# with SIGKILL and started again at once under the same name. Then it waits until the group has committed every
# record and checks that exactly EVENTS events are stored, each once. Times printed: the restarted process's start to
# readiness, and to its partitions assigned back (the delay the old session timeout used to add, about 45 s).
#
#   flock /tmp/veritrace-bench.lock deploy/bench/ingest-kill.sh [events=1000000] [partitions=4]
#
# Needs the jar (./mvnw -q -DskipTests package; JAR=path runs another build) and what deploy/local/services.sh
# check starts (MariaDB on 127.0.0.1:3306 as root, the Kafka broker on 127.0.0.1:9092). (Re)creates the database
# veritrace_bench_kill (DB=...), drops it at the end unless KEEP=1; topics and group are this run's own.
set -euo pipefail

events="${1:-1000000}"; partitions="${2:-4}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
db="${DB:-veritrace_bench_kill}"
port="${PORT:-18211}"
base="http://127.0.0.1:$port"
key="bench-kill-demo-key-0123456789abc"
gtin=06901234567892
run="bkill$$"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
ms() { date +%s%3N; }

echo "== ingest kill benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), git $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '-')"
mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
work=$(mktemp -d)
declare -A pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -z "${KEEP:-}" ]; then mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # so that a timeout or ^C still stops the nodes and drops the database

m2=${HOME}/.m2/repository
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1):$(ls "$m2"/at/yawk/lz4/lz4-java/*/lz4-java-*.jar | tail -1)"
javac -d "$work" -cp "$cp" "$root/deploy/bench/IngestKill.java"
kafka() { java -cp "$work:$cp" IngestKill "$@" 2>/dev/null; }

# node <name> <port> <roles> [extra args]: one service process; every node shares $work (and so ./data/keys)
node() {
  local name=$1 nport=$2 roles=$3; shift 3
  ( cd "$work" && exec java ${BENCH_HEAP:--Xmx1g} -XX:+UseG1GC -jar "$jar" --spring.profiles.active=mariadb \
    --server.port="$nport" --veritrace.roles="$roles" --veritrace.node-name="$name" \
    "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/$db?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true" \
    --spring.datasource.username=root --spring.datasource.password= --veritrace.public-base-url="$base" \
    --veritrace.ingest.transport=kafka --veritrace.ingest.topic-prefix="$run" --veritrace.ingest.kafka.group-id="$run" \
    --logging.level.root=WARN --logging.level.com.veritrace.ingest.connect=INFO \
    --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys,plaintext-kafka "$@" ) \
    >> "$work/$name.log" 2>&1 &
  pids[$name]=$!
}
ready() { # name port: waits for readiness, prints the epoch ms it answered UP
  until curl -sf "http://127.0.0.1:$2/actuator/health/readiness" > /dev/null; do
    kill -0 "${pids[$1]}" 2>/dev/null || { echo "$1 failed to start:"; tail -40 "$work/$1.log"; exit 1; } >&2
    sleep 0.2
  done
  ms
}
stored() { mysql -h127.0.0.1 -uroot -N -e "SELECT COUNT(*) FROM $db.trace_event WHERE reporter_id = $org"; }

node web "$port" web,anchor,jobs --veritrace.demo.enabled=true --veritrace.demo.api-key=$key \
  --veritrace.demo.password=bench-kill-password --veritrace.bootstrap.admin-key=bench-kill-admin-key-0123456789ab
ready web "$port" > /dev/null
org=$(curl -sf -H "Authorization: Bearer $key" "$base/api/v1/organisations/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["organisation"]["id"])')
topic="$run.$org.epcis"
kafka produce "$topic" "$events" "$partitions" "$gtin" "$run"
before=$(stored)

node ingest-1 $((port + 1)) ingest
node ingest-2 $((port + 2)) ingest
ready ingest-1 $((port + 1)) > /dev/null
ready ingest-2 $((port + 2)) > /dev/null
t0=$(ms)
until [ $(( $(stored) - before )) -ge $((events / 3)) ]; do sleep 0.5; done
at_kill=$(( $(stored) - before ))
kill -9 "${pids[ingest-1]}"; wait "${pids[ingest-1]}" 2>/dev/null || true
echo "--- restart" >> "$work/ingest-1.log"
restart=$(ms)
node ingest-1 $((port + 1)) ingest
up=$(ready ingest-1 $((port + 1)))
assigned=""
for _ in $(seq 1 600); do # 60 s
  line=$(sed -n '/^--- restart/,$p' "$work/ingest-1.log" | grep -m1 'Partitions assigned: \[.\+\]' || true)
  if [ -n "$line" ]; then assigned=$(date -d "$(echo "$line" | awk '{print $1}')" +%s%3N); break; fi
  sleep 0.1
done
if [ -n "$assigned" ]; then to_assigned="$((assigned - restart)) ms, ready to assigned $((assigned - up)) ms"; else to_assigned="never (60 s)"; fi
echo "killed ingest-1 at $at_kill stored; restart to ready $((up - restart)) ms, restart to partitions assigned $to_assigned"

until read -r committed end < <(kafka lag "$run" "$topic") && [ "$committed" -ge "$end" ]; do sleep 1; done
t1=$(ms)
total=$(( $(stored) - before ))
read -r items distinct serials < <(mysql -h127.0.0.1 -uroot -N -e "SELECT COUNT(*), COUNT(DISTINCT e.event_hash), \
  COUNT(DISTINCT i.serial) FROM $db.trace_event_item i JOIN $db.trace_event e ON e.id = i.event_row_id \
  WHERE i.gtin = '$gtin' AND i.serial LIKE '${run}S%'")
echo "stored $total events ($items item index rows, $distinct distinct hashes, $serials distinct items) of $events produced in $(( (t1 - t0) / 1000 )) s ($(( total * 1000 / (t1 - t0 + 1) )) events/s); committed $committed of $end"
grep -h -c 'Partitions revoked' "$work"/ingest-*.log | paste -sd' ' | sed 's/^/revocations (ingest-1, ingest-2): /'
if grep -h ' ERROR ' "$work"/*.log | grep -v 'BUILD' | head -5 | grep -q .; then echo "errors in the logs:"; grep -h ' ERROR ' "$work"/*.log | head -5; fi
if [ "$total" -eq "$events" ] && [ "$distinct" -eq "$events" ] && [ "$items" -eq "$events" ] && [ "$serials" -eq "$events" ]; then
  echo "OK: exactly $events stored, none twice"
else
  echo "FAILED: expected exactly $events"; exit 1
fi
