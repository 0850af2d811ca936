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
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
bench_header anchor "$@"
bench_driver com.veritrace.anchoring.AnchorBenchmark "$@"
