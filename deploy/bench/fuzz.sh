#!/usr/bin/env bash
# Longer fuzzing runs of the Jazzer fuzz tests (docs/FUZZING.md): not tests, a campaign. CI (./mvnw verify) fuzzes
# each target for 10-20 s; this runs the same @FuzzTest methods as long as asked.
#
#   TARGET=all MINUTES=5 deploy/bench/fuzz.sh       # every target, one after the other
#   TARGET=EpcisXmlFuzzTests MINUTES=30 MAX_LEN=16384 deploy/bench/fuzz.sh
#
# TARGET: all (default) or one of the classes below. MINUTES per target (default 5). MAX_LEN: libFuzzer's largest
# generated input in bytes (default: libFuzzer's own, the largest seed or 4096). Each run is the surefire execution
# "fuzz" of the target's module (a fresh JVM, -Xmx1g, JAZZER_FUZZ=1) with libFuzzer flags given as
# jazzer.internal.arg.N; the generated corpus grows in <module>/.cifuzz-corpus/ (not committed) and is reused by the
# next run; a finding is written to src/test/resources/.../<Class>Inputs/<method>/ (crash-*, timeout-*) where the
# default build replays it. Logs: deploy/.run/fuzz/<target>.log; one summary line per target at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

declare -A MODULE=(
  [EpcisJsonFuzzTests]=ingest-connectors
  [EpcisXmlFuzzTests]=ingest-connectors
  [PartnerFormatsFuzzTests]=ingest-connectors
  [DigitalLinkFuzzTests]=code-issuance
  [Sgtin96FuzzTests]=code-issuance
  [ReportMetadataFuzzTests]=inspection-bridge
)
ORDER=(EpcisJsonFuzzTests EpcisXmlFuzzTests PartnerFormatsFuzzTests DigitalLinkFuzzTests Sgtin96FuzzTests ReportMetadataFuzzTests)

target="${TARGET:-all}"
minutes="${MINUTES:-5}"
if [ "$target" = all ]; then
  targets=("${ORDER[@]}")
elif [ -n "${MODULE[$target]:-}" ]; then
  targets=("$target")
else
  echo "unknown TARGET '$target'; one of: all ${ORDER[*]}" >&2
  exit 2
fi

logs="$root/deploy/.run/fuzz"
mkdir -p "$logs"
echo "== fuzz $(date -u +%FT%TZ) on $(hostname), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null || echo '-'), ${minutes} min per target, max_len ${MAX_LEN:-default}"
java -version 2>&1 | head -1

summary=()
status=0
for t in "${targets[@]}"; do
  module="${MODULE[$t]}"
  log="$logs/$t.log"
  args=(-Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$((minutes * 60))")
  if [ -n "${MAX_LEN:-}" ]; then
    args+=("-Djazzer.internal.arg.2=-max_len=$MAX_LEN")
  fi
  echo "-- $t ($module), load $(cut -d' ' -f1 /proc/loadavg), log $log"
  started=$(date +%s)
  # -am test-compile: the sibling modules come from this reactor (nothing installed); -Dtest selects one class
  if ./mvnw -B -pl "$module" -am test-compile surefire:test@fuzz -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    "${args[@]}" > "$log" 2>&1; then
    result=ok
  else
    result=FINDING
    status=1
  fi
  wall=$(( $(date +%s) - started ))
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  runs_line=$(grep -E '^Done [0-9]+ runs in' "$log" | tail -1 || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<< "$runs_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<< "$runs_line")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' <<< "$done_line" || true)
  findings=$(grep -oE 'Test unit written to [^ ]+' "$log" | sed 's/Test unit written to //' | sed "s|$root/||" | tr '\n' ' ' || true)
  rate="-"
  if [ -n "$runs" ] && [ -n "$secs" ] && [ "$secs" -gt 0 ]; then
    rate=$(( runs / secs ))
  fi
  summary+=("$(printf '%-24s %-8s fuzzed %5ss (wall %5ss) runs %10s exec/s %7s %s %s' "$t" "$result" "${secs:--}" "$wall" "${runs:--}" "$rate" "$cov" "${findings:+findings: $findings}")")
  if [ "$result" != ok ]; then
    grep -E '== Java Exception|FuzzTestFinding|AssertionError|ERROR: libFuzzer' "$log" | head -5 || true
  fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
