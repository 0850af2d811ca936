#!/usr/bin/env bash
# Makes sure the servers the integration tests talk to are up on loopback, starting those that
# are installed but stopped, and saying exactly what to install when one is missing.
#
#   deploy/local/services.sh check     # start what is stopped; fail with instructions if missing
#
# Servers: MariaDB/MySQL on 127.0.0.1:3306 (root, no password, or VERITRACE_IT_DB_* for tests),
# Redis on 127.0.0.1:6379 (scan counters),
# Node.js (for the browser-side proof verifier's tests), and the chain node (anvil, from npm,
# started by deploy/evm/start-anvil.sh), and a KRaft Kafka broker on 127.0.0.1:9092 (jars from Maven Central,
# started by deploy/kafka/start-kafka.sh). Later parts (Redis) add themselves here.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fail=0

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" "$2" && return 0; sleep 0.5; done
  return 1
}

ensure_mariadb() {
  local host=127.0.0.1 port=3306
  if port_open $host $port; then echo "services: MariaDB/MySQL answers on $host:$port"; return 0; fi
  if [ -x /usr/sbin/mariadbd ]; then
    echo "services: MariaDB is installed but stopped; starting it"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd \
      || { mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null; start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; }
    wait_port $host $port && { echo "services: MariaDB started"; return 0; }
    echo "services: MariaDB did not come up on $host:$port (see /var/log/mysql or journal)" >&2; return 1
  fi
  if [ -x /usr/sbin/mysqld ]; then
    echo "services: MySQL is installed but stopped; starting it"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mysqld
    wait_port $host $port && return 0
  fi
  echo "services: no MariaDB/MySQL server. Install one: 'apt-get install -y mariadb-server' then run this again" \
       "(tests connect as root without password to 127.0.0.1:3306, or set VERITRACE_IT_DB_HOST/_USER/_PASSWORD)" >&2
  return 1
}

ensure_redis() {
  local host=127.0.0.1 port=6379
  if port_open $host $port; then echo "services: Redis answers on $host:$port"; return 0; fi
  if command -v redis-server >/dev/null; then
    echo "services: Redis is installed but stopped; starting it"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port $port --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait_port $host $port && { echo "services: Redis started"; return 0; }
    echo "services: Redis did not come up on $host:$port" >&2; return 1
  fi
  echo "services: no Redis server. Install it: 'apt-get install -y redis-server' then run this again" >&2
  return 1
}

ensure_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then
    echo "services: node $(node --version) and npm present"; return 0
  fi
  echo "services: Node.js and npm are needed (browser verifier tests, anvil from npm): 'apt-get install -y nodejs npm'" >&2
  return 1
}

ensure_kafka() {
  command -v java >/dev/null || { echo "services: Kafka needs a JDK 17+ on PATH" >&2; return 1; }
  "$here/../kafka/start-kafka.sh" || { echo "services: could not start Kafka (see above)" >&2; return 1; }
}

ensure_chromium() {
  # a CJK font too, so that the zh-CN screenshots the browser tests save are readable (phones have one)
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
    echo "services: chromium, chromedriver and a CJK font present (browser tests)"; return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "services: installing Debian's chromium, chromium-driver and fonts-wqy-zenhei for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-wqy-zenhei >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver fonts-wqy-zenhei >/dev/null; } \
      && return 0
  fi
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && {
    echo "services: chromium present; no CJK font (zh-CN screenshots show boxes): 'apt-get install -y fonts-wqy-zenhei'"; return 0; }
  echo "services: the browser tests need Debian's chromium: 'apt-get install -y chromium chromium-driver'" >&2
  return 1
}

ensure_anvil() {
  "$here/../evm/start-anvil.sh" || { echo "services: could not start anvil (see above)" >&2; return 1; }
}

case "${1:-check}" in
  check)
    ensure_mariadb || fail=1
    ensure_redis || fail=1
    ensure_node || fail=1
    ensure_chromium || fail=1
    [ $fail -eq 0 ] && { ensure_anvil || fail=1; }
    ensure_kafka || fail=1
    exit $fail ;;
  *) echo "usage: $0 check" >&2; exit 2 ;;
esac
