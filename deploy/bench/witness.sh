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
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
bench_header witness "$@"
jar="$bench_root/chain-anchor/target/veritrace-witness.jar"
bench_jvm=()
[[ -f "$jar" ]] && bench_jvm=("-Dwitness.jar=$jar")
bench_driver com.veritrace.anchoring.WitnessBenchmark "$@"
