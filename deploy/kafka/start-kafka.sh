#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker (broker + controller in one JVM) on 127.0.0.1:9092 for development,
# integration tests and benchmarks, without Docker. Idempotent: if a broker already answers there, it does nothing.
#
#   deploy/kafka/start-kafka.sh        # start (or keep) the broker
#   deploy/kafka/stop-kafka.sh         # stop the broker this script started
#   deploy/kafka/start-kafka.sh --port 19092 --dir /tmp/k2   # another broker (controller on port+1), data in dir
#   deploy/kafka/stop-kafka.sh --dir /tmp/k2                 # stop that one
#
# The broker jars (kafka_2.13, version = the kafka-clients Spring Boot 4.0.7 manages) come from Maven Central through
# the Maven Wrapper (deploy/kafka/pom.xml, mvn dependency:copy-dependencies) into deploy/.run/kafka/libs (git-ignored);
# storage is formatted once with kafka.tools.StorageTool into deploy/.run/kafka/data. Needs only a JDK 17+.
# Environment: KAFKA_HEAP (-Xmx768m), KAFKA_WAIT_SECONDS (90).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="$root/deploy/.run/kafka"
libs="$run/libs"   # shared by every broker this script starts
host=127.0.0.1
port=9092
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --dir) mkdir -p "$2"; run="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: $0 [--port N] [--dir DIR]" >&2; exit 2 ;;
  esac
done
controller_port=$((port + 1))
data="$run/data"
heap="${KAFKA_HEAP:--Xmx768m -Xms256m}"
wait_seconds="${KAFKA_WAIT_SECONDS:-90}"

port_open() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

if port_open $port; then
  echo "kafka: already answering on $host:$port"
  exit 0
fi

command -v java >/dev/null || { echo "start-kafka.sh: a JDK 17+ is required (java on PATH)" >&2; exit 1; }

# 1. jars (once; again when the pom changes)
stamp="$libs/.pom.sha256"
want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "kafka: fetching broker jars from Maven Central into $libs"
  rm -rf "$libs" && mkdir -p "$libs"
  "$root/mvnw" -B -q -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime
  echo "$want" > "$stamp"
fi

# 2. configuration and storage (formatted once; a broker restart keeps its topics and offsets)
mkdir -p "$run" "$data"
sed -e "s#^log.dirs=.*##" -e "s#127.0.0.1:9092#$host:$port#g" -e "s#127.0.0.1:9093#$host:$controller_port#g" \
  "$here/server.properties" > "$run/server.properties"
echo "log.dirs=$data" >> "$run/server.properties"
cp "$here/log4j2.yaml" "$run/log4j2.yaml"
cp="$libs/*"
java_opts=(-Dlog4j2.configurationFile="$run/log4j2.yaml" -Dkafka.logs.dir="$run" -Djava.awt.headless=true)
if [ ! -f "$data/meta.properties" ]; then
  cluster_id="$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
  echo "kafka: formatting storage in $data (cluster $cluster_id)"
  java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$run/server.properties" --ignore-formatted >"$run/format.log" 2>&1 \
    || { echo "start-kafka.sh: formatting failed; log follows" >&2; cat "$run/format.log" >&2; exit 1; }
fi

# 3. the broker; setsid: it outlives the shell (and the Maven JVM) that started it
# shellcheck disable=SC2086
setsid java $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -cp "$cp" "${java_opts[@]}" \
  kafka.Kafka "$run/server.properties" >"$run/console.log" 2>&1 < /dev/null &
echo $! > "$run/kafka.pid"

for _ in $(seq 1 $((wait_seconds * 2))); do
  if port_open $port && grep -q "Kafka Server started" "$run/server.log" 2>/dev/null; then
    echo "kafka: started pid $(cat "$run/kafka.pid") on $host:$port, logs in $run"
    exit 0
  fi
  if ! kill -0 "$(cat "$run/kafka.pid")" 2>/dev/null; then
    echo "start-kafka.sh: the broker exited; logs follow" >&2
    tail -50 "$run/console.log" >&2; tail -50 "$run/server.log" >&2 2>/dev/null; exit 1
  fi
  sleep 0.5
done
echo "start-kafka.sh: no broker on $host:$port after ${wait_seconds}s; see $run/server.log" >&2
exit 1
