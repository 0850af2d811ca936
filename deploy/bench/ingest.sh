#!/usr/bin/env bash
# End-to-end ingest benchmark: Kafka in -> parsed, validated, hashed, grant-checked, stored in MariaDB, offsets
# committed; and, in the same run, a bare batched insert of the same rows into the same database (the baseline).
# Prints one line per run and the medians; docs/BENCHMARKS.md ("Ingest") records the results.
#
#   deploy/bench/ingest.sh [events=1000000] [runs=3] [consumers=2] [partitions=4] [max.poll.records=2000]
#
# Needs what deploy/local/services.sh check starts (MariaDB on 127.0.0.1:3306 as root, the Kafka broker on
# 127.0.0.1:9092). Uses (and drops) the database veritrace_bench. Environment: BENCH_HEAP (default -Xmx6g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
"$root/deploy/local/services.sh" check >/dev/null || { echo "ingest.sh: services are missing (see above)" >&2; exit 1; }
echo "== ingest benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, git $(git rev-parse --short HEAD)"
./mvnw -B -q -o test-compile -pl trace-service -am -Dspotless.check.skip=true
cpfile="$root/trace-service/target/bench.classpath"
./mvnw -B -q -o dependency:build-classpath -pl trace-service -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="$root/trace-service/target/test-classes:$root/trace-service/target/classes"
for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
  cp="$cp:$root/$m/target/classes"
done
# shellcheck disable=SC2086
exec java ${BENCH_HEAP:--Xmx6g} -XX:+UseG1GC -cp "$cp:$(cat "$cpfile")" com.veritrace.feeds.IngestBenchmark "$@"
