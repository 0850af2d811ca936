#!/usr/bin/env bash
# Stops the broker deploy/kafka/start-kafka.sh started (by its pid file); its data stays in deploy/.run/kafka/data.
#   deploy/kafka/stop-kafka.sh            # stop
#   deploy/kafka/stop-kafka.sh --wipe     # stop and delete topics, offsets and storage (formatted again at start)
#   deploy/kafka/stop-kafka.sh --dir DIR  # stop the broker started with start-kafka.sh --dir DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$(cd "$here/.." && pwd)/.run/kafka"
wipe=
while [ $# -gt 0 ]; do
  case "$1" in
    --wipe) wipe=1; shift ;;
    --dir) run="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: $0 [--dir DIR] [--wipe]" >&2; exit 2 ;;
  esac
done
pidfile="$run/kafka.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "kafka: pid $pid did not stop in 30 s; killing it"; kill -9 "$pid"; fi
  echo "kafka: stopped pid $pid"
else
  echo "kafka: no broker started by start-kafka.sh is running"
fi
rm -f "$pidfile"
if [ -n "$wipe" ]; then rm -rf "$run/data"; echo "kafka: storage wiped"; fi
