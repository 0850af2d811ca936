#!/usr/bin/env bash
# Proof-serving benchmark (docs/BENCHMARKS.md "Proof serving (issue 16)"): not a test, numbers.
#
#   deploy/bench/proof.sh [leaves=10000000] [sample=100000] [runs=3] [clients=4,16] [requests=3000]
#   KEEP=1 deploy/bench/proof.sh ...   # keep veritrace_bench_proof (and /tmp/veritrace_bench_proof, its keys) so that
#                                      # the next run skips the build; drop it after with KEEP unset or by hand
#
# Starts the service (MariaDB, embedded ledger, 2 witnesses configured) on its own database, bulk-loads a log of
# `leaves` leaves into its anchor_leaf / anchor_node tables (`sample` of them real trace_event rows with valid row
# MACs, spread over the whole tree; the rest synthetic), has the service's anchor leader sign and anchor the head,
# has two witnesses (veritrace-witness --once) cosign it, then times GET /api/v1/proofs/{hash} over HTTP on loopback:
# per run and number of concurrent clients, `requests` first requests for events not asked for before, and
# `requests` repeated requests for events already asked for. Every response is checked (ANCHORED proof that
# verifies, signed head, 2 cosignatures). The build takes a few minutes and ~2 GB of disk.
# Needs MariaDB on 127.0.0.1:3306 as root with local_infile on (deploy/local/services.sh check).
# Environment: BENCH_HEAP (default -Xmx2g), KEEP.
set -euo pipefail
# shellcheck source=deploy/bench/driver.sh
source "$(dirname "${BASH_SOURCE[0]}")/driver.sh"
bench_header proof "$@"
bench_driver com.veritrace.anchoring.ProofBenchmark "$@"
