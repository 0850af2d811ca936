#!/usr/bin/env bash
# Rebuilds chain-anchor/src/main/resources/evm/Anchor.{abi,bin} from
# chain-anchor/src/main/solidity/Anchor.sol with solc-js (npm "solc", standard-JSON API).
# Compiler and EVM version are pinned so the committed bytecode is reproducible.
# Needs node + npm; installs solc into deploy/.run/evm/solc (git-ignored) on first use.
set -euo pipefail

SOLC_VERSION="${SOLC_VERSION:-0.8.28}"
EVM_VERSION="${EVM_VERSION:-paris}"   # no PUSH0: runs on Besu/FISCO/ChainMaker and older chains

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="$root/deploy/.run/evm/solc"
src="$root/chain-anchor/src/main/solidity/Anchor.sol"
out="$root/chain-anchor/src/main/resources/evm"

command -v node >/dev/null || { echo "compile.sh: node is required (Debian: apt-get install nodejs npm)" >&2; exit 1; }
if [ "$(node -p "try{require('$tools/node_modules/solc/package.json').version}catch(e){''}")" != "$SOLC_VERSION" ]; then
  mkdir -p "$tools"
  ( cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "solc@$SOLC_VERSION" )
fi
mkdir -p "$out"

SRC="$src" OUT="$out" EVM_VERSION="$EVM_VERSION" NODE_PATH="$tools/node_modules" node - <<'JS'
const fs = require('fs');
const solc = require('solc');
const input = {
  language: 'Solidity',
  sources: { 'Anchor.sol': { content: fs.readFileSync(process.env.SRC, 'utf8') } },
  settings: {
    evmVersion: process.env.EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);
const contract = output.contracts['Anchor.sol'].Anchor;
fs.writeFileSync(`${process.env.OUT}/Anchor.abi`, JSON.stringify(contract.abi, null, 2) + '\n');
fs.writeFileSync(`${process.env.OUT}/Anchor.bin`, contract.evm.bytecode.object + '\n');
console.log(`compiled Anchor.sol with solc ${solc.version()} (evm ${process.env.EVM_VERSION}) -> ${process.env.OUT}`);
JS
