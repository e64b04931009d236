#!/usr/bin/env bash
# End-to-end throughput: a fresh single-validator dev chain on loopback,
# loaded by `bttcd bench load` from the same machine, once with one
# transfer per RPC request and once with JSON-RPC batches of 10 (CometBFT's
# default rpc.max_request_batch_size). Prints one line per run.
set -euo pipefail
BIN=${BIN:-bin/bttcd}
ACCOUNTS=${ACCOUNTS:-2000}
PER_ACCOUNT=${PER_ACCOUNT:-25}
rpc=tcp://127.0.0.1:${RPC_PORT:-36657}
for batch in 1 10; do
  home=$(mktemp -d)
  "$BIN" dev --home "$home" --rpc.laddr "$rpc" --p2p.laddr tcp://127.0.0.1:${P2P_PORT:-36656} \
    --instrumentation.prometheus_listen_addr 127.0.0.1:${METRICS_PORT:-36660} >"$home.log" 2>&1 &
  pid=$!
  trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$home" "$home.log"' EXIT
  for _ in $(seq 1 100); do
    "$BIN" query supply --node "$rpc" >/dev/null 2>&1 && break # the first block is in
    sleep 0.2
  done
  printf 'batch %2d: ' "$batch"
  "$BIN" bench load --from dev --keyring-backend test --home "$home" --node "$rpc" \
    --accounts "$ACCOUNTS" --per-account "$PER_ACCOUNT" --workers 16 --batch "$batch"
  kill -INT $pid; wait $pid 2>/dev/null || true
  rm -rf "$home" "$home.log"
done
