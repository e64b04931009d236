#!/usr/bin/env bash
# Bridge latency on the dev chain, as `make run` sets it up: a fresh
# bttc-rootchain (1 s blocks) and a fresh `bttcd dev --bridge` on loopback.
# ROUNDS times: deposit-to-mint (from `bridge deposit` until BTTC minted it,
# the root chain's approve and deposit included) and withdraw-to-exit (from
# `tx bridge withdraw` until `bridge exit` paid out on the root chain).
set -euo pipefail
BIN=${BIN:-bin/bttcd}
ROOTCHAIN=${ROOTCHAIN:-bin/bttc-rootchain}
ROUNDS=${ROUNDS:-5}
root_addr=127.0.0.1:${ROOT_PORT:-38545}
rpc=tcp://127.0.0.1:${RPC_PORT:-36657}
work=$(mktemp -d)
"$ROOTCHAIN" --addr "$root_addr" --datadir "$work/root" >"$work/root.log" 2>&1 &
root=$!
node=
trap 'kill -INT $node $root 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
"$BIN" dev --home "$work/dev" --bridge "http://$root_addr" --rpc.laddr "$rpc" --p2p.laddr tcp://127.0.0.1:${P2P_PORT:-36656} \
  --instrumentation.prometheus_listen_addr 127.0.0.1:${METRICS_PORT:-36660} >"$work/dev.log" 2>&1 &
node=$!
for _ in $(seq 1 150); do
  "$BIN" query supply --node "$rpc" >/dev/null 2>&1 && break
  sleep 0.2
done
at=(--home "$work/dev" --node "$rpc" --from dev --keyring-backend test)
now() { date +%s.%N; }
for i in $(seq 1 "$ROUNDS"); do
  t0=$(now)
  "$BIN" bridge deposit 10btt --chain local "${at[@]}" >/dev/null 2>&1
  t1=$(now)
  "$BIN" tx bridge withdraw 2btt --chain local --to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 -y "${at[@]}" >/dev/null
  "$BIN" bridge exit --chain local --withdrawal "$i" "${at[@]}" >/dev/null 2>&1
  t2=$(now)
  printf 'round %d: deposit-to-mint %.1f s, withdraw-to-exit %.1f s\n' "$i" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")"
done
