#!/usr/bin/env bash
# Start-up time and memory of the embedded default (the README's first command), N runs.
#   deploy/bench/startup.sh [runs=5] [jar=trace-service/target/veritrace.jar]
# Each run: a fresh data folder (so Flyway migrates and the demo is seeded), java -jar with the
# default JVM settings, time until "Started", then RSS and JVM heap used once started.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${2:-$root/trace-service/target/veritrace.jar}"
port=18080
admin="bench-startup-admin-key-0123456789"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
echo "run,started_s,wall_s,rss_mib,heap_used_mib,load1"
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  ( cd "$dir" && exec java -jar "$jar" --server.port=$port --veritrace.public-base-url=http://localhost:$port --veritrace.bootstrap.admin-key=$admin > app.log 2>&1 ) &
  pid=$!
  t0=$(date +%s.%N)
  until grep -q "Started VeritraceApplication" "$dir/app.log" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "start failed:"; tail -30 "$dir/app.log"; exit 1; }
    sleep 0.1
  done
  t1=$(date +%s.%N)
  jpid=$(pgrep -f "veritrace.jar --server.port=$port" | head -1)
  sleep 2
  started=$(grep -o "Started VeritraceApplication in [0-9.]*" "$dir/app.log" | awk '{print $4}')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$jpid/status)
  heap=$(curl -s -H "Authorization: Bearer $admin" "localhost:$port/actuator/prometheus" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%s,%s,%.1f,%s,%s,%s\n' "$i" "$started" "$(echo "$t1 - $t0" | bc)" "$rss" "$heap" "$load"
  kill $jpid 2>/dev/null || true; wait $pid 2>/dev/null || true
  rm -rf "$dir"
done
