#!/usr/bin/env bash
# Node memory under a long steady load (`make bench-memory`). A fresh
# single-validator chain whose genesis funds FUNDED (a million) of the load
# generator's accounts, loaded by `bttcd bench load --funded` at RATE
# transfers a second, ACCOUNTS × PER_ACCOUNT transfers in all (by default
# about 33 minutes). Every 30 s it prints the node's resident memory and
# height; at the end, the growth from the tenth minute to the last sample,
# which should stay near zero. The first round (one transfer from each
# account, about 8 minutes at 2,000/s) reads every account once and so
# fills the node cache; from then on the working set is the whole tree.
set -euo pipefail
BIN=${BIN:-bin/bttcd}
FUNDED=${FUNDED:-1000000}
ACCOUNTS=${ACCOUNTS:-1000000}
PER_ACCOUNT=${PER_ACCOUNT:-4}
RATE=${RATE:-2000}
rpc=tcp://127.0.0.1:${RPC_PORT:-36657}
work=$(mktemp -d)
pid= load=
cleanup() {
  [ -z "$load" ] || kill "$load" 2>/dev/null || true
  [ -z "$pid" ] || { kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

"$BIN" bench accounts --count "$FUNDED" >"$work/accounts.csv"
"$BIN" init bench --chain-id bttc-local-bench --home "$work/home" --fund-file "$work/accounts.csv" \
  --fund 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266=1000000btt >/dev/null
BTTCD_MEMPOOL_SIZE=100000 "$BIN" start --home "$work/home" --rpc.laddr "$rpc" \
  --p2p.laddr "tcp://127.0.0.1:${P2P_PORT:-36656}" \
  --instrumentation.prometheus_listen_addr "127.0.0.1:${METRICS_PORT:-36660}" >"$work/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do # until block 1 is saved: a million accounts take seconds
  curl -fs "http://${rpc#tcp://}/block?height=2" >/dev/null 2>&1 && break
  sleep 0.2
done
rss() { awk '/^VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
height() { curl -fs "http://${rpc#tcp://}/status" | grep -o '"latest_block_height":"[0-9]*"' | grep -o '[0-9]*'; }
waiting() { curl -fs "http://${rpc#tcp://}/num_unconfirmed_txs" | grep -o '"n_txs": *"[0-9]*"' | grep -o '[0-9][0-9]*'; }
echo "started: $FUNDED accounts in genesis, resident $(rss) MiB"

"$BIN" bench load --node "$rpc" --funded --accounts "$ACCOUNTS" --per-account "$PER_ACCOUNT" \
  --workers 16 --batch 10 --rate "$RATE" --timeout 3h >"$work/load.out" 2>"$work/load.log" &
load=$!
# The clock starts with the first transfer in the mempool: before it, the
# tool reads a million nonces and signs.
until [ "$(waiting)" -gt 0 ] 2>/dev/null; do
  kill -0 "$load" 2>/dev/null || break
  sleep 1
done
t0=$(date +%s) samples=()
while kill -0 "$load" 2>/dev/null; do
  sleep 30
  kill -0 "$pid" 2>/dev/null || { echo "the node stopped; its log:" >&2; tail -20 "$work/node.log" >&2; exit 1; }
  m=$(( ($(date +%s) - t0) / 60 )) r=$(rss)
  samples+=("$m $r")
  printf 'minute %3d  resident %6d MiB  height %s  mempool %s\n' "$m" "$r" "$(height)" "$(waiting)"
done
wait "$load" || { echo "bench load failed:" >&2; tail -5 "$work/load.log" >&2; exit 1; }
load=
cat "$work/load.out"
printf '%s\n' "${samples[@]}" | awk '
  $1 >= 10 && !first { first = $2 } { last = $2; if ($2 > max) max = $2 }
  END { printf "resident from minute 10 to the end: %d MiB to %d MiB (%+d MiB), peak %d MiB\n", first, last, last - first, max }'
