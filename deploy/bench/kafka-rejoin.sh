#!/usr/bin/env bash
# Restart-to-consuming delay of a Kafka group member killed with SIGKILL and started again at once, without and
# with static membership (group.instance.id), against the local broker (127.0.0.1:9092). Issue 18 items 1 and 4.
# Usage: deploy/bench/kafka-rejoin.sh [rounds]   (numbers in docs/BENCHMARKS.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=${1:-3}
m2=${HOME}/.m2/repository
cp="$(ls "$m2"/org/apache/kafka/kafka-clients/*/kafka-clients-*.jar | grep -v sources | tail -1):$(ls "$m2"/org/slf4j/slf4j-api/*/slf4j-api-*.jar | tail -1)"
work=$(mktemp -d)
javac -d "$work" -cp "$cp" "$here/KafkaRejoin.java"
run() { java -cp "$work:$cp" KafkaRejoin "$@"; }
wait_for() { # file word
  for _ in $(seq 1 1200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}
topic=rejoin-$$-$RANDOM
run setup "$topic"
for mode in dynamic static; do
  for r in $(seq 1 "$rounds"); do
    group="rejoin-$mode-$$-$r"
    id=-; [ "$mode" = static ] && id="node-a-0"
    run consume "$topic" "$group" "$id" > "$work/a.log" 2>/dev/null & a=$!
    wait_for "$work/a.log" FIRST_RECORD
    kill -9 $a; wait $a 2>/dev/null || true
    start=$(date +%s%3N)
    run consume "$topic" "$group" "$id" > "$work/b.log" 2>/dev/null & b=$!
    wait_for "$work/b.log" FIRST_RECORD || echo "no record within 120 s"
    first=$(awk '/FIRST_RECORD/ {print $2; exit}' "$work/b.log")
    echo "$mode round $r: restart to first record $((first - start)) ms"
    kill -9 $b; wait $b 2>/dev/null || true
    rm -f "$work/a.log" "$work/b.log"
  done
done
rm -rf "$work"
