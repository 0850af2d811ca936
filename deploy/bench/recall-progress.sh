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
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
bench_header "recall progress" "$@"
bench_driver com.veritrace.recall.RecallProgressBenchmark "$@"
