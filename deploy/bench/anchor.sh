#!/usr/bin/env bash
# Anchoring benchmarks (docs/BENCHMARKS.md "Anchoring"): not tests, numbers.
#
#   deploy/bench/anchor.sh store [maxLeaves=10000000]     # leaves/s into the DB-backed log; proof time at 10^6 and 10^7
#   deploy/bench/anchor.sh latency [events/s=500] [s=60]  # event stored -> anchored on the local anvil; chain txs per 10^6 events
#
# Needs MariaDB on 127.0.0.1:3306 as root (deploy/local/services.sh check) and, for latency, anvil on
# 127.0.0.1:8545 (deploy/evm/start-anvil.sh; started if missing). Uses and drops veritrace_bench_anchor /
# veritrace_bench_latency. Environment: BENCH_HEAP (default -Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
echo "== anchor benchmark $* $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, git $(git rev-parse --short HEAD 2>/dev/null || echo '-')"
./mvnw -B -q -o test-compile -pl trace-service -am
cpfile="$root/trace-service/target/bench.classpath"
./mvnw -B -q -o dependency:build-classpath -pl trace-service -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="$root/trace-service/target/test-classes:$root/trace-service/target/classes"
for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
  cp="$cp:$root/$m/target/classes"
done
# shellcheck disable=SC2086
exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC -cp "$cp:$(cat "$cpfile")" com.veritrace.anchoring.AnchorBenchmark "$@"
