#!/usr/bin/env bash
# Shared by the benchmark scripts that run a driver class from trace-service's test sources (source it):
#   bench_header NAME ARGS...     prints the run's header: date, machine, load, commit
#   bench_classpath               compiles the modules and sets bench_cp to trace-service's test classpath, the
#                                 other modules as class folders (one reactor run: nothing is installed in ~/.m2,
#                                 so it works on a fresh clone)
#   bench_driver CLASS ARGS...    bench_classpath, then execs java on CLASS (JVM options: BENCH_HEAP, default
#                                 -Xmx2g, and the array bench_jvm if the script sets it)
bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bench_header() {
  local name="$1"
  shift
  echo "== $name benchmark $* $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo '-')$(git -C "$bench_root" diff --quiet HEAD 2>/dev/null || echo ' (modified)')"
}

bench_classpath() {
  local cpfile="$bench_root/trace-service/target/bench.classpath"
  # every module of the reactor writes the file in turn; trace-service comes last
  (cd "$bench_root" && ./mvnw -B -q test-compile dependency:build-classpath -pl trace-service -am -Dfuzz.skip=true \
    -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test)
  bench_cp="$bench_root/trace-service/target/test-classes:$bench_root/trace-service/target/classes"
  local m
  for m in code-issuance chain-anchor ingest-connectors inspection-bridge analytics consumer-h5 merchant-portal; do
    bench_cp="$bench_cp:$bench_root/$m/target/classes"
  done
  bench_cp="$bench_cp:$(cat "$cpfile")"
}

bench_driver() {
  local main="$1"
  shift
  bench_classpath
  cd "$bench_root"
  java -version 2>&1 | head -1
  # shellcheck disable=SC2086
  exec java ${BENCH_HEAP:--Xmx2g} -XX:+UseG1GC ${bench_jvm[@]+"${bench_jvm[@]}"} -cp "$bench_cp" "$main" "$@"
}
