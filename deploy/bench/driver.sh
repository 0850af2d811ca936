#!/usr/bin/env bash
# Shared by the benchmark scripts that run a driver class from trace-service's test sources (source it):
#   bench_header NAME ARGS...   prints the run's header: date, machine, load, commit
#   bench_driver CLASS ARGS...  compiles (offline), builds the test classpath and execs java on CLASS
# Environment: BENCH_HEAP (default -Xmx2g).
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bench_header() {
  local name="$1"
  shift
  echo "== $name benchmark $* $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo '-')$(git -C "$bench_root" diff --quiet HEAD 2>/dev/null || echo ' (modified)')"
}

bench_driver() {
  local main="$1"
  shift
  cd "$bench_root"
  local cpfile="$bench_root/trace-service/target/bench.classpath"
  ./mvnw -B -q -o test-compile dependency:build-classpath -pl trace-service -am -Dfuzz.skip=true \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test
  local cp="$bench_root/trace-service/target/test-classes:$bench_root/trace-service/target/classes"
  for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
    cp="$cp:$bench_root/$m/target/classes"
  done
  java -version 2>&1 | head -1
  # shellcheck disable=SC2086
  exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC -cp "$cp:$(cat "$cpfile")" "$main" "$@"
}
