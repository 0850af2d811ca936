#!/usr/bin/env bash
# Code issuance benchmarks (docs/BENCHMARKS.md "Code issuance"): not tests, numbers.
#
#   deploy/bench/codes.sh store [codes=1000000] [runs=3]  # issuance job vs bare batched insert, same rows, MariaDB
#   deploy/bench/codes.sh qr [codes=20000] [runs=3]       # QR/s: bare ZXing encode (1 and all cores) vs our SVG/PNG ZIP pipeline
#   deploy/bench/codes.sh print [heap=256m]               # the kept 1,000,000-code job's CSV and ZIP of SVG over HTTP, heap capped
#
# Needs MariaDB on 127.0.0.1:3306 as root (deploy/local/services.sh check). 'store' (re)creates the database
# veritrace_bench_codes and leaves one completed job in it; 'print' serves that database with the heap capped
# and downloads both files with curl, sampling heap and RSS every 2 s. Environment: BENCH_HEAP (store/qr, -Xmx2g).
set -euo pipefail
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
mode="${1:-store}"
bench_header codes "$@"
bench_classpath
cp="$bench_cp"
java -version 2>&1 | head -1
mysql -uroot -N -e "SELECT CONCAT('MariaDB ', VERSION(), ', InnoDB buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB')" 2>/dev/null || true

if [ "$mode" != "print" ]; then
  # shellcheck disable=SC2086
  exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC -cp "$cp" com.veritrace.issuance.CodesBenchmark "$@"
fi

heap="${2:-256m}"
port=18091
key="bench-codes-key-0123456789abcdef"
admin="bench-codes-admin-key-0123456789"
serial_key="YmVuY2ggc2VyaWFsIG1hc3RlciBrZXksIDMyIGJ5dGVzIS4="
out=$(mktemp -d)
java "-Xmx$heap" -XX:+UseG1GC -cp "$cp" com.veritrace.VeritraceApplication --spring.profiles.active=mariadb \
  "--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/veritrace_bench_codes?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true" \
  --spring.datasource.username=root --spring.datasource.password= --server.port=$port --veritrace.demo.enabled=false \
  --veritrace.anchor.enabled=false --veritrace.codes.serial-key=$serial_key --veritrace.bootstrap.admin-key=$admin \
  --veritrace.production.allow-insecure=root-database-user,database-without-tls,generated-keys > "$out/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; kill $sampler 2>/dev/null || true' EXIT
until curl -sf "localhost:$port/actuator/health" > /dev/null; do
  kill -0 $pid 2>/dev/null || { echo "start failed:"; tail -30 "$out/app.log"; exit 1; }
  sleep 0.5
done
job=$(curl -sf -H "Authorization: Bearer $key" "localhost:$port/api/v1/code-jobs" | python3 -c 'import json,sys; j=json.load(sys.stdin)[0]; print(j["id"]) if j["status"]=="COMPLETED" else sys.exit("no completed job")')
codes=$(curl -sf -H "Authorization: Bearer $key" "localhost:$port/api/v1/code-jobs/$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["quantity"])')
echo "server: -Xmx$heap, job $job with $codes codes"
( echo "t_s,heap_used_mib,rss_mib"; t0=$(date +%s)
  while kill -0 $pid 2>/dev/null; do
    h=$(curl -s -H "Authorization: Bearer $admin" "localhost:$port/actuator/prometheus" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s+=$NF} END {printf "%.0f", s/1048576}')
    r=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status 2>/dev/null || echo 0)
    echo "$(( $(date +%s) - t0 )),$h,$r"; sleep 2
  done ) > "$out/memory.csv" &
sampler=$!
for kind in "csv" "zip&image=svg&symbology=qr"; do
  t0=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $key" -o "$out/file" "localhost:$port/api/v1/code-jobs/$job/print-file?type=$kind"
  t1=$(date +%s.%N)
  size=$(stat -c %s "$out/file")
  if [ "$kind" = "csv" ]; then
    n=$(( $(wc -l < "$out/file") - 1 ))
  else
    n=$(python3 -c 'import sys,zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$out/file")
  fi
  printf 'download %-30s %8.1f s  %6.0f MiB  %s codes\n' "$kind" "$(echo "$t1 - $t0" | bc)" "$(echo "$size / 1048576" | bc -l)" "$n"
  rm -f "$out/file"
done
kill $sampler 2>/dev/null || true
echo "heap used (MiB) while serving: $(awk -F, 'NR>1 && $2>0 {print $2}' "$out/memory.csv" | sort -n | awk '{a[NR]=$1} END {printf "min %d, median %d, max %d over %d samples", a[1], a[int((NR+1)/2)], a[NR], NR}')"
echo "RSS (MiB): $(awk -F, 'NR>1 && $3>0 {print $3}' "$out/memory.csv" | sort -n | awk '{a[NR]=$1} END {printf "min %d, median %d, max %d", a[1], a[int((NR+1)/2)], a[NR]}')"
echo "samples: $out/memory.csv"
