#!/usr/bin/env bash
# Recall progress benchmark (docs/BENCHMARKS.md "Recall progress (issue 14)"): not a test, numbers.
#
#   deploy/bench/recall-progress.sh progress [codes=1000000] [reads=20] [cases=2000] [perCase=50] [retail=10000]
#   deploy/bench/recall-progress.sh watch [batches=200] [batchSize=2000]
#
# progress: seeds a lot of N issued codes (a real issuance job), packs cases of them, has 50 warehouses receive
# the cases and 200 shops sell single items (events through the event store), recalls the lot over HTTP, waits for
# its progress rows and times GET /api/v1/recalls/{id}/progress (median, p95, max) and item pages.
# watch: the recall watch's own cost per stored batch (the hook of the event store's transaction).
# Needs MariaDB on 127.0.0.1:3306 as root (deploy/local/services.sh check); (re)creates the database
# veritrace_bench_recall and leaves it. Environment: BENCH_HEAP (default -Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
echo "== recall progress benchmark $* $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null || echo '-')"
cpfile="$root/trace-service/target/bench.classpath"
# one reactor run: the modules compiled, trace-service's test classpath written with them as class folders
./mvnw -B -q -o test-compile dependency:build-classpath -pl trace-service -am -Dfuzz.skip=true \
  -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="$root/trace-service/target/test-classes:$root/trace-service/target/classes"
for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
  cp="$cp:$root/$m/target/classes"
done
java -version 2>&1 | head -1
# shellcheck disable=SC2086
exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC -cp "$cp:$(cat "$cpfile")" com.veritrace.recall.RecallProgressBenchmark "$@"
