#!/usr/bin/env bash
# Starts a local EVM node (Foundry's anvil, from npm) on 127.0.0.1:8545 for development and
# integration tests. Idempotent: if something already answers JSON-RPC there, it does nothing.
#
#   deploy/evm/start-anvil.sh          # start (or keep) the node; prints the pid file path
#   deploy/evm/stop-anvil.sh           # stop the node this script started
#
# Environment: ANVIL_HOST (127.0.0.1), ANVIL_PORT (8545), ANVIL_CHAIN_ID (31337),
# ANVIL_VERSION (npm version of @foundry-rs/anvil-linux-amd64, default 1.7.1).
# The npm package ships the anvil binary; it is installed into deploy/.run/evm/anvil
# (git-ignored). State is in memory: a restart gives an empty chain.
set -euo pipefail

ANVIL_HOST="${ANVIL_HOST:-127.0.0.1}"
ANVIL_PORT="${ANVIL_PORT:-8545}"
ANVIL_CHAIN_ID="${ANVIL_CHAIN_ID:-31337}"
ANVIL_VERSION="${ANVIL_VERSION:-1.7.1}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$(cd "$here/.." && pwd)/.run/evm"
tools="$run/anvil"
bin="$tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
url="http://$ANVIL_HOST:$ANVIL_PORT"

answers() {
  curl -s -m 1 -H 'Content-Type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" 2>/dev/null | grep -q '"result"'
}

if answers; then
  echo "anvil: already answering on $url"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "start-anvil.sh: only linux x86_64 is packaged here (@foundry-rs/anvil-linux-amd64)" >&2; exit 1 ;;
esac

if [ ! -x "$bin" ]; then
  command -v npm >/dev/null || { echo "start-anvil.sh: npm is required to install anvil (apt-get install npm)" >&2; exit 1; }
  echo "anvil: installing @foundry-rs/anvil-linux-amd64@$ANVIL_VERSION into $tools"
  mkdir -p "$tools"
  ( cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "@foundry-rs/anvil-linux-amd64@$ANVIL_VERSION" )
fi

mkdir -p "$run"
# setsid: the node outlives the shell (and the Maven JVM) that started it
setsid "$bin" --host "$ANVIL_HOST" --port "$ANVIL_PORT" --chain-id "$ANVIL_CHAIN_ID" \
  >"$run/anvil.log" 2>&1 < /dev/null &
echo $! > "$run/anvil.pid"

for _ in $(seq 1 100); do
  if answers; then
    echo "anvil: started pid $(cat "$run/anvil.pid") on $url (chain id $ANVIL_CHAIN_ID), log $run/anvil.log"
    exit 0
  fi
  if ! kill -0 "$(cat "$run/anvil.pid")" 2>/dev/null; then
    echo "start-anvil.sh: anvil exited; log follows" >&2; cat "$run/anvil.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "start-anvil.sh: anvil did not answer on $url within 10 s; see $run/anvil.log" >&2
exit 1
