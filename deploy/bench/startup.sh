#!/usr/bin/env bash
# Start-up time and memory of the embedded default (the README's first command), N runs.
#   deploy/bench/startup.sh [runs=5] [jar=trace-service/target/veritrace.jar]
# JAVA_OPTS (environment) adds JVM options, e.g. JAVA_OPTS='-XX:TieredStopAtLevel=1'.
# Each run: a fresh data folder (so Flyway migrates and the demo is seeded), java -jar, then
#   started_s     Spring's "Started VeritraceApplication in" (JVM start to context refreshed)
#   process_s     "process running for" in the same line (JVM start to that line)
#   page_s        wall clock from java -jar to the demo scan page (the URL the banner prints) served: 200, body read
#   login_s       the portal's login page fetched right after it
#   cpu_s         CPU time (user + system, all threads) the JVM had used when the scan page was served: on this
#                 shared machine the wall times follow the load, the CPU time much less
# then RSS and JVM heap used once started, and the 1-minute load average.
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${2:-$root/trace-service/target/veritrace.jar}"
port=18080
admin="bench-startup-admin-key-0123456789"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
echo "run,started_s,process_s,page_s,login_s,cpu_s,rss_mib,heap_used_mib,load1"
for i in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  ( cd "$dir" && exec java ${JAVA_OPTS:-} -jar "$jar" --server.port=$port --veritrace.public-base-url=http://localhost:$port --veritrace.bootstrap.admin-key=$admin > app.log 2>&1 ) &
  pid=$!
  # the banner (printed once the demo is seeded) names the scan page; poll it until it answers
  until url=$(grep -o "Scan page: *http[^ ]*" "$dir/app.log" 2>/dev/null | awk '{print $3}') && [ -n "$url" ]; do
    kill -0 $pid 2>/dev/null || { echo "start failed:"; tail -30 "$dir/app.log"; exit 1; }
    sleep 0.05
  done
  until [ "$(curl -s --max-time 300 -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "stopped:"; tail -30 "$dir/app.log"; exit 1; }
    sleep 0.05
  done
  t2=$(date +%s.%N)
  jpid=$pid  # the subshell exec-ed java
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$jpid/stat")
  curl -s -o /dev/null -f "http://localhost:$port/portal/login"
  t3=$(date +%s.%N)
  until grep -q "Started VeritraceApplication" "$dir/app.log" 2>/dev/null; do sleep 0.05; done

  sleep 2
  started=$(grep -o "Started VeritraceApplication in [0-9.]*" "$dir/app.log" | awk '{print $4}')
  process=$(grep -o "process running for [0-9.]*" "$dir/app.log" | awk '{print $4}')
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$jpid/status)
  heap=$(curl -s -H "Authorization: Bearer $admin" "localhost:$port/actuator/prometheus" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%s,%s,%s,%.2f,%.2f,%s,%s,%s,%s\n' "$i" "$started" "$process" "$(echo "$t2 - $t0" | bc)" "$(echo "$t3 - $t0" | bc)" "$cpu" "$rss" "$heap" "$load"
  if [ -n "${KEEP_LOG:-}" ]; then cp "$dir/app.log" "${KEEP_LOG}.$i"; fi
  kill $jpid 2>/dev/null || true; wait $pid 2>/dev/null || true
  rm -rf "$dir"
done
