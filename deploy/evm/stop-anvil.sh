#!/usr/bin/env bash
# Stops the anvil node started by start-anvil.sh (by its recorded pid only).
set -euo pipefail
pidfile="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.run/evm/anvil.pid"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")" && echo "anvil: stopped pid $(cat "$pidfile")"
else
  echo "anvil: not running (no live pid in $pidfile)"
fi
rm -f "$pidfile"
