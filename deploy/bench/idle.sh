#!/usr/bin/env bash
# Idle cost of a started service: the embedded default (README's first command) in a fresh folder, left alone.
#   deploy/bench/idle.sh [seconds=300] [settle=60] [jar=trace-service/target/veritrace.jar]
# JAVA_OPTS (environment) adds JVM options, PORT another port (18090). After the demo banner and <settle> seconds more (the first anchoring
# rounds, JIT), reads the process's CPU ticks (utime+stime of /proc/<pid>/stat) and each thread's over <seconds>
# with nothing sent to it, and prints the share of one core, then the threads that used the most.
set -euo pipefail
secs="${1:-300}"; settle="${2:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${3:-$root/trace-service/target/veritrace.jar}"
port="${PORT:-18090}"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
# shellcheck disable=SC2086
( cd "$dir" && exec java ${JAVA_OPTS:-} -jar "$jar" --server.port=$port --veritrace.public-base-url=http://localhost:$port \
	--veritrace.bootstrap.admin-key=bench-idle-admin-key-0123456789 > app.log 2>&1 ) &
pid=$!
until grep -q "Scan page:" "$dir/app.log" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "start failed:"; tail -30 "$dir/app.log"; exit 1; }
  sleep 0.2
done
sleep "$settle"
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
threads() { for t in /proc/$pid/task/*; do
  printf '%s\t%s\n' "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)" "$(cat "$t/comm" 2>/dev/null)"; done; }
threads | sort -t$'\t' -k2 > "$dir/t0"
a=$(ticks); l0=$(cut -d' ' -f1 /proc/loadavg)
sleep "$secs"
b=$(ticks); l1=$(cut -d' ' -f1 /proc/loadavg)
threads | sort -t$'\t' -k2 > "$dir/t1"
echo "seconds,ticks,core_percent,load1_before,load1_after"
echo "$secs,$((b - a)),$(echo "scale=3; 100 * ($b - $a) / $hz / $secs" | bc),$l0,$l1"
echo "threads (ticks of $hz/s; threads of one name summed):"
join -t$'\t' -1 2 -2 2 -a 2 -e 0 -o 0,1.1,2.1 <(awk -F'\t' '{s[$2]+=$1} END {for (k in s) print s[k]"\t"k}' "$dir/t0" | sort -t$'\t' -k2) \
	<(awk -F'\t' '{s[$2]+=$1} END {for (k in s) print s[k]"\t"k}' "$dir/t1" | sort -t$'\t' -k2) \
	| awk -F'\t' '$3 - $2 > 0 {printf "%6d  %s\n", $3 - $2, $1}' | sort -rn | head -15
