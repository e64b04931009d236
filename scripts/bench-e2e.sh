#!/usr/bin/env bash
# End-to-end throughput: a fresh single-validator dev chain on loopback,
# loaded by `bttcd bench load` from the same machine. Prints one line.
set -euo pipefail
BIN=${BIN:-bin/bttcd}
ACCOUNTS=${ACCOUNTS:-2000}
PER_ACCOUNT=${PER_ACCOUNT:-25}
home=$(mktemp -d)
rpc=tcp://127.0.0.1:${RPC_PORT:-36657}
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$home"' EXIT
"$BIN" dev --home "$home" --rpc.laddr "$rpc" --p2p.laddr tcp://127.0.0.1:${P2P_PORT:-36656} >"$home.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  "$BIN" status --node "$rpc" >/dev/null 2>&1 && break
  sleep 0.2
done
"$BIN" bench load --from dev --keyring-backend test --home "$home" --node "$rpc" \
  --accounts "$ACCOUNTS" --per-account "$PER_ACCOUNT" --workers 16 2>/dev/null
