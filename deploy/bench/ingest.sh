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
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
"$bench_root/deploy/local/services.sh" check >/dev/null || { echo "ingest.sh: services are missing (see above)" >&2; exit 1; }
bench_header ingest "$@"
BENCH_HEAP="${BENCH_HEAP:--Xmx6g}" bench_driver com.veritrace.feeds.IngestBenchmark "$@"
