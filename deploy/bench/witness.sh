#!/usr/bin/env bash
# Witness benchmark (docs/BENCHMARKS.md "Witness (issue 16)"): not a test, numbers.
#
#   deploy/bench/witness.sh [heads=1000] [runs=3] [evm|embedded]
#
# Starts the service (MariaDB, the evm ledger on the local anvil by default), has its anchor leader sign and anchor
# N tree heads (one event each), then times veritrace-witness --once catching up on all N from a fresh state, once
# per run, each run a different configured witness: per head the log's signature, the consistency proof from the
# head before, the anchor on anvil (evm), the cosignature posted and stored. Prints each run and the median, and
# when the runnable jar exists (./mvnw package), one more run through java -jar chain-anchor/target/veritrace-witness.jar
# in a JVM of its own, start-up included.
# Needs MariaDB on 127.0.0.1:3306 as root (deploy/local/services.sh check) and anvil on 127.0.0.1:8545 for evm
# (started if missing). Uses and drops veritrace_bench_witness. Environment: BENCH_HEAP (default -Xmx2g).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
echo "== witness benchmark $* $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null || echo '-')"
cpfile="$root/trace-service/target/bench.classpath"
./mvnw -B -q -o test-compile dependency:build-classpath -pl trace-service -am -Dfuzz.skip=true \
  -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
cp="$root/trace-service/target/test-classes:$root/trace-service/target/classes"
for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
  cp="$cp:$root/$m/target/classes"
done
java -version 2>&1 | head -1
jar="$root/chain-anchor/target/veritrace-witness.jar"
jarprop=()
[[ -f "$jar" ]] && jarprop=("-Dwitness.jar=$jar")
# shellcheck disable=SC2086
exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC "${jarprop[@]}" -cp "$cp:$(cat "$cpfile")" com.veritrace.anchoring.WitnessBenchmark "$@"
