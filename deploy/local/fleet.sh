#!/usr/bin/env bash
# A fleet of Veritrace processes on this machine (issue 18 item 3): one jar, roles by configuration, against the
# local MariaDB, Redis, Kafka and anvil that deploy/local/services.sh check runs.
#
#   deploy/local/fleet.sh start     # start the fleet, wait until every node is ready
#   deploy/local/fleet.sh status    # each node: pid, port, readiness; and who holds the anchor lease
#   deploy/local/fleet.sh stop      # SIGTERM to every node (graceful: the lease given up), SIGKILL after a while
#   deploy/local/fleet.sh drop      # stop, then drop the fleet's database, its user and its Redis database
#
# Nodes (name, roles, port = FLEET_BASE_PORT + n):
#   web-1 web (+1), web-2 web (+2)            the API, the portal and the scan page
#   ingest-1 ingest (+3), ingest-2 ingest (+4) Kafka consumers of one group (static members by node name)
#   anchor-1 anchor,jobs (+5)                 the anchor leader and the cluster jobs
#   anchor-2 anchor,jobs (+6)                 a second candidate: takes the lease when anchor-1 is gone
# anchor-1 starts first, alone: it migrates the empty database and deploys the Anchor contract on anvil (remembered
# in the database); the other five then start in parallel and find both done.
#
# Production profile (mariadb) with generated secrets: a database and a user of the fleet's own (not root), the
# serial key, the query page-token key, the tree-head signing key, the row MAC key and the admin key, generated at
# each start into $FLEET_DIR/secrets.env (owner-only) and given to the nodes in SPRING_APPLICATION_JSON (never on a
# command line). Acknowledged, because the local servers have no TLS: database-without-tls, plaintext-kafka.
# The anchor account is anvil's seventh dev account (a development chain's publicly known key).
#
# Each start drops and recreates the database and empties the Redis database: a fleet starts from nothing.
# Logs, pids and secrets in $FLEET_DIR. Environment (defaults):
#   JAR (trace-service/target/veritrace.jar), FLEET_DIR (deploy/.run/fleet), FLEET_DB (veritrace_fleet, also the
#   database user's name), FLEET_BASE_PORT (18300), FLEET_REDIS_DB (10), FLEET_TOPIC_PREFIX (veritrace-fleet: topics
#   <prefix>.<organisationId>.<stream>, group <prefix>-ingest), FLEET_HEAP (-Xmx384m), FLEET_ANCHOR_LEASE (15s),
#   FLEET_START_TIMEOUT (300 s), FLEET_STOP_TIMEOUT (40 s), FLEET_JAVA_OPTS (more JVM options),
#   FLEET_OWNER_PID (a process: when it ends, a watchdog stops the fleet; tests set their own pid),
#   VERITRACE_IT_DB_HOST / _USER / _PASSWORD (the MariaDB server and its administrator, as for the tests).
set -Eeuo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
self="$root/deploy/local/fleet.sh"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
dir="${FLEET_DIR:-$root/deploy/.run/fleet}"
db="${FLEET_DB:-veritrace_fleet}"
base="${FLEET_BASE_PORT:-18300}"
redis_db="${FLEET_REDIS_DB:-10}"
prefix="${FLEET_TOPIC_PREFIX:-veritrace-fleet}"
heap="${FLEET_HEAP:--Xmx384m}"
lease="${FLEET_ANCHOR_LEASE:-15s}"
start_timeout="${FLEET_START_TIMEOUT:-300}"
stop_timeout="${FLEET_STOP_TIMEOUT:-40}"
db_host="${VERITRACE_IT_DB_HOST:-127.0.0.1:3306}"
db_admin="${VERITRACE_IT_DB_USER:-root}"
# anvil's seventh default dev account (index 6; publicly known, development chains only; the tests use 0 to 4)
evm_key=0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e

# name:roles, the port offset is the position (1-based)
nodes=(web-1:web web-2:web ingest-1:ingest ingest-2:ingest anchor-1:anchor,jobs anchor-2:anchor,jobs)

port_of() {
  local i
  for i in "${!nodes[@]}"; do [ "${nodes[$i]%%:*}" = "$1" ] && { echo $((base + i + 1)); return; }; done
  return 1
}
roles_of() { local n; for n in "${nodes[@]}"; do [ "${n%%:*}" = "$1" ] && { echo "${n#*:}"; return; }; done; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

sql() { MYSQL_PWD="${VERITRACE_IT_DB_PASSWORD:-}" mysql -h"${db_host%:*}" -P"${db_host##*:}" -u"$db_admin" -N -e "$1"; }

# the pid of a node if that process is alive and is this node (a pid file may outlive its process)
alive() {
  local pid
  pid=$(cat "$dir/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
    | grep -q -- "--veritrace.node-name=$1 " && echo "$pid"
}

ready() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$(port_of "$1")/actuator/health/readiness")" = 200 ]; }

check_services() {
  local missing=0 host port name
  for server in "MariaDB ${db_host}" "Redis 127.0.0.1:6379" "Kafka 127.0.0.1:9092" "anvil 127.0.0.1:8545"; do
    name=${server%% *}; host=${server#* }; port=${host##*:}; host=${host%:*}
    port_open "$host" "$port" || { echo "fleet: $name does not answer on $host:$port" >&2; missing=1; }
  done
  [ $missing -eq 0 ] || { echo "fleet: start the servers with deploy/local/services.sh check" >&2; return 1; }
  for n in "${nodes[@]}"; do
    port_open 127.0.0.1 "$(port_of "${n%%:*}")" && { echo "fleet: port $(port_of "${n%%:*}") (${n%%:*}) is taken" >&2; missing=1; }
  done
  [ $missing -eq 0 ] || { echo "fleet: choose other ports with FLEET_BASE_PORT" >&2; return 1; }
  [ -f "$jar" ] || { echo "fleet: no $jar; build it: ./mvnw -B -q -DskipTests package" >&2; return 1; }
}

secret_b64() { openssl rand -base64 32; }
secret_hex() { openssl rand -hex 32; }

generate_secrets() {
  ( umask 077
    cat > "$dir/secrets.env" <<EOF
DB_PASSWORD=$(openssl rand -hex 16)
ADMIN_KEY=fleet-admin-$(openssl rand -hex 16)
SERIAL_KEY=$(secret_b64)
PAGE_TOKEN_KEY=$(secret_b64)
SIGNING_KEY=$(secret_hex)
ROW_MAC_KEY=$(secret_hex)
EOF
  )
}

prepare_database() {
  local password=$1
  sql "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
       DROP USER IF EXISTS '$db'@'127.0.0.1'; DROP USER IF EXISTS '$db'@'localhost';
       CREATE USER '$db'@'127.0.0.1' IDENTIFIED BY '$password'; CREATE USER '$db'@'localhost' IDENTIFIED BY '$password';
       GRANT ALL ON \`$db\`.* TO '$db'@'127.0.0.1'; GRANT ALL ON \`$db\`.* TO '$db'@'localhost';"
}

# closes every descriptor above 2 of this (sub)shell: none of the caller's (a build's lock file, a test's pipes)
# lives on in a node or the watchdog
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}; [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
  done
}

# the jar extracted (java -Djarmode=tools ... extract) into $dir/app once per build: plain jars on the class path
# start faster than the nested jars of the boot jar, and all six nodes share the files
extract_jar() {
  if [ ! -f "$dir/app/veritrace.jar" ] || [ "$jar" -nt "$dir/app/veritrace.jar" ]; then
    rm -rf "$dir/app"
    java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" > /dev/null
    touch -r "$jar" "$dir/app/veritrace.jar"
  fi
}

# starts one node in the background; its pid in $dir/<name>.pid, its output in $dir/<name>.log
launch() {
  local name=$1 port roles
  port=$(port_of "$name"); roles=$(roles_of "$name")
  (
    close_inherited_fds
    cd "$dir"
    # shellcheck disable=SC2086
    exec env SPRING_APPLICATION_JSON="$secrets_json" java $heap -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      ${FLEET_JAVA_OPTS:-} -jar "$dir/app/veritrace.jar" \
      --veritrace.node-name="$name" --veritrace.roles="$roles" --server.port="$port" \
      --spring.profiles.active=mariadb \
      --spring.datasource.url="jdbc:mysql://$db_host/$db?useSSL=false&rewriteBatchedStatements=true&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048" \
      --spring.datasource.username="$db" --spring.datasource.hikari.maximum-pool-size=8 \
      --veritrace.production.allow-insecure=database-without-tls,plaintext-kafka \
      --veritrace.public-base-url="http://127.0.0.1:$port" \
      --veritrace.scan.counters=redis --veritrace.scan.page-cache=redis \
      --veritrace.scan.redis-url="redis://127.0.0.1:6379/$redis_db" \
      --veritrace.ingest.transport=kafka --veritrace.ingest.kafka.bootstrap-servers=127.0.0.1:9092 \
      --veritrace.ingest.topic-prefix="$prefix" --veritrace.ingest.kafka.group-id="$prefix-ingest" \
      --veritrace.anchor.ledger=evm --veritrace.anchor.evm.rpc-url=http://127.0.0.1:8545 \
      --veritrace.anchor.evm.chain-id=31337 --veritrace.anchor.lease.duration="$lease" \
      --veritrace.accounts.outbox="$dir/outbox" \
      --veritrace.inspection.document-store.directory="$dir/documents" \
      > "$dir/$name.log" 2>&1 < /dev/null
  ) &
  echo $! > "$dir/$name.pid"
}

# waits until the named nodes are ready; fails when one exits or the time is up
await_ready() {
  local deadline=$((SECONDS + start_timeout)) name waiting
  while :; do
    waiting=()
    for name in "$@"; do
      if ! alive "$name" >/dev/null; then
        echo "fleet: $name exited while starting; the end of $dir/$name.log:" >&2
        tail -40 "$dir/$name.log" >&2
        return 1
      fi
      ready "$name" || waiting+=("$name")
    done
    [ ${#waiting[@]} -eq 0 ] && return 0
    [ $SECONDS -ge $deadline ] && { echo "fleet: not ready after ${start_timeout} s: ${waiting[*]}" >&2; return 1; }
    sleep 0.5
  done
}

start() {
  local n name running=()
  for n in "${nodes[@]}"; do alive "${n%%:*}" >/dev/null && running+=("${n%%:*}"); done
  [ ${#running[@]} -eq 0 ] || { echo "fleet: already running: ${running[*]} (deploy/local/fleet.sh stop)" >&2; return 1; }
  check_services
  mkdir -p "$dir"
  rm -f "$dir"/*.log
  for n in "${nodes[@]}"; do rm -f "$dir/${n%%:*}.pid"; done
  generate_secrets
  # shellcheck disable=SC1091
  . "$dir/secrets.env"
  prepare_database "$DB_PASSWORD"
  redis-cli -n "$redis_db" flushdb > /dev/null
  secrets_json=$(printf '{"spring.datasource.password":"%s","veritrace.bootstrap.admin-key":"%s","veritrace.codes.serial-key":"%s","veritrace.query.page-token-key":"%s","veritrace.anchor.signing-key":"%s","veritrace.anchor.row-mac-key":"%s","veritrace.anchor.evm.private-key":"%s"}' \
    "$DB_PASSWORD" "$ADMIN_KEY" "$SERIAL_KEY" "$PAGE_TOKEN_KEY" "$SIGNING_KEY" "$ROW_MAC_KEY" "$evm_key")
  trap 'echo "fleet: start failed; stopping what started" >&2; stop >&2' ERR
  trap 'echo "fleet: start interrupted; stopping what started" >&2; stop >&2; exit 130' INT TERM
  if [ -n "${FLEET_OWNER_PID:-}" ]; then
    ( close_inherited_fds
      while kill -0 "$FLEET_OWNER_PID" 2>/dev/null; do sleep 1; done
      exec "$self" drop ) > "$dir/watchdog.log" 2>&1 < /dev/null &
    echo $! > "$dir/watchdog.pid"
  fi
  local t0=$SECONDS
  extract_jar
  launch anchor-1
  await_ready anchor-1
  echo "fleet: anchor-1 ready after $((SECONDS - t0)) s (database migrated, contract deployed)"
  for n in "${nodes[@]}"; do name=${n%%:*}; [ "$name" = anchor-1 ] || launch "$name"; done
  await_ready web-1 web-2 ingest-1 ingest-2 anchor-2
  trap - ERR INT TERM
  echo "fleet: all ready after $((SECONDS - t0)) s"
  status
}

status() {
  local n name pid state leader started cpu
  printf '%-9s %-12s %-6s %-8s %-10s %-9s %s\n' node roles port pid state started cpu_s
  for n in "${nodes[@]}"; do
    name=${n%%:*}
    if pid=$(alive "$name"); then
      ready "$name" && state=ready || state="not ready"
    else
      pid=-; state=stopped
    fi
    # start-up time as Spring Boot logs it, and the CPU time the process used so far (user + system)
    started=-; cpu=-
    if [ "$pid" != - ]; then
      started=$(grep -o 'Started VeritraceApplication in [0-9.]*' "$dir/$name.log" | awk '{print $4 "s"}' || true)
      cpu=$(awk -v t="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) / t}' "/proc/$pid/stat" 2>/dev/null || true)
    fi
    printf '%-9s %-12s %-6s %-8s %-10s %-9s %s\n' "$name" "${n#*:}" "$(port_of "$name")" "$pid" "$state" \
      "${started:--}" "$cpu"
  done
  leader=$(sql "SELECT CONCAT(COALESCE(leader, '-'), ' until ', FROM_UNIXTIME(lease_until_ms / 1000)) FROM \`$db\`.anchor_state WHERE id = 1" 2>/dev/null) \
    || leader="(no database)"
  echo "anchor lease: $leader"
}

stop() {
  local n name pid pids=() deadline
  for n in "${nodes[@]}"; do
    name=${n%%:*}
    if pid=$(alive "$name"); then kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
  done
  deadline=$((SECONDS + stop_timeout))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { echo "fleet: pid $pid still running after ${stop_timeout} s: SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null || true; }
  done
  for n in "${nodes[@]}"; do rm -f "$dir/${n%%:*}.pid"; done
  # the watchdog, unless this is it
  if pid=$(cat "$dir/watchdog.pid" 2>/dev/null) && [ "$pid" != "$$" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -f "$dir/watchdog.pid"
  echo "fleet: stopped ${#pids[@]} node(s)"
}

drop() {
  stop
  sql "DROP DATABASE IF EXISTS \`$db\`; DROP USER IF EXISTS '$db'@'127.0.0.1'; DROP USER IF EXISTS '$db'@'localhost';"
  redis-cli -n "$redis_db" flushdb > /dev/null
  echo "fleet: dropped the database and user $db and emptied Redis database $redis_db"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  drop) drop ;;
  *) echo "usage: $0 start|stop|status|drop" >&2; exit 2 ;;
esac
