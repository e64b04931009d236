#!/usr/bin/env bash
# The engine's ceiling beside bttcd. CometBFT's own kvstore application,
# built at the version go.mod pins, and a bttcd dev chain, each fresh, one
# validator, the same config.toml (bttcd's: 1 s blocks, the same mempool),
# loaded alternately (bttcd, kvstore, bttcd, kvstore) by the same
# `bttcd bench load` with the same counts and batch size: signed transfers
# for bttcd, opaque key=value transactions for kvstore. Prints each figure
# and the ratio of their medians.
#
# FUNDED=100000 starts bttcd instead from a genesis funding that many of
# the load generator's accounts (bench accounts, init --fund-file), sends
# ACCOUNTS × PER_ACCOUNT transfers from them with no funding round (ACCOUNTS
# defaults to FUNDED, PER_ACCOUNT to 2, so that 100,000 accounts make a
# run of over 20 blocks), and kvstore gets as many. With FUNDED=1000000,
# ACCOUNTS=200000 sends from a fifth of them: the tree holds a million
# accounts, and the load tool reads 200,000 nonces rather than a million.
#
# PROFILE=DIR writes a CPU profile of each node (bttcd-N.prof and
# kvstore-N.prof, PROFILE_SECONDS long, 20 by default) taken from the
# moment its mempool first holds a transaction, through the pprof_laddr
# of config.toml, and the allocations over the same span (bttcd-N.allocs
# and kvstore-N.allocs). Read one with `go tool pprof -top BIN
# DIR/bttcd-1.prof` (`-sample_index=alloc_space` for the allocations).
set -euo pipefail
BIN=${BIN:-bin/bttcd}
FUNDED=${FUNDED:-0}
if [ "$FUNDED" -gt 0 ]; then
  ACCOUNTS=${ACCOUNTS:-$FUNDED}
  PER_ACCOUNT=${PER_ACCOUNT:-2}
fi
ACCOUNTS=${ACCOUNTS:-2000}
PER_ACCOUNT=${PER_ACCOUNT:-25}
BATCH=${BATCH:-10}
ROUNDS=${ROUNDS:-2}
# Both mempools hold a whole burst: kvstore admits transactions faster than
# it commits them, and a full mempool fails a submission.
MEMPOOL=${MEMPOOL:-100000}
# RATE paces both loads at that many transactions a second (0: unpaced), to
# read submit-to-commit latency at a steady rate rather than throughput.
RATE=${RATE:-0}
PROFILE=${PROFILE:-}
PROFILE_SECONDS=${PROFILE_SECONDS:-20}
[ -z "$PROFILE" ] || mkdir -p "$PROFILE"
rpc=tcp://127.0.0.1:${RPC_PORT:-36657}
p2p=tcp://127.0.0.1:${P2P_PORT:-36656}
metrics=127.0.0.1:${METRICS_PORT:-36660}
pprof=127.0.0.1:${PPROF_PORT:-36661}
# config.toml's pprof_laddr, for both nodes, only when profiling
[ -z "$PROFILE" ] || export BTTCD_RPC_PPROF_LADDR=$pprof
work=$(mktemp -d)
pid=
cleanup() { [ -z "$pid" ] || { kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
go build -o "$work/cometbft" github.com/cometbft/cometbft/cmd/cometbft

wait_rpc() { # until block 2 exists: the first is committed (a genesis of a million
  # accounts takes seconds to save, and queries wait for it)
  for _ in $(seq 1 600); do
    curl -fs "http://${rpc#tcp://}/block?height=2" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the node at $rpc made no first block; its log:" >&2; tail -20 "$1" >&2; exit 1
}
stop() { kill -INT "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
rate() { grep -o '"PerSecond": *[0-9.]*' | grep -o '[0-9.]*$'; }
p95() { grep -o '"P95": *[0-9]*' | grep -o '[0-9]*$' | awk '{printf "%.2f", $1/1e9}'; }
toolcpu() { # the load tool's CPU a transaction, in µs
  awk -v n="$((ACCOUNTS * PER_ACCOUNT))" '/"ToolCPU"/ { gsub(/[^0-9]/, ""); printf "%.0f", $0/1e3/n }'
}
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # the node's CPU so far, in clock ticks
load() { # NAME ARGS...: loads the running node, prints its rate
  local name=$1 out watch
  shift
  # The node's CPU is sampled from the moment its mempool first holds a
  # transaction (the load tool's nonce reads before it are left out) and
  # counted over the run's measured time (its reading of the results after
  # the clock stopped is left out too).
  : >"$work/ticks"
  ( until [ "$(curl -fs "http://${rpc#tcp://}/num_unconfirmed_txs" | grep -o '"n_txs": *"[0-9]*"' | grep -o '[0-9][0-9]*')" -gt 0 ] 2>/dev/null; do
      sleep 0.05
    done
    if [ -n "$PROFILE" ]; then
      curl -fs "http://$pprof/debug/pprof/profile?seconds=$PROFILE_SECONDS" -o "$PROFILE/$name.prof" &
      curl -fs "http://$pprof/debug/pprof/allocs?seconds=$PROFILE_SECONDS" -o "$PROFILE/$name.allocs" &
    fi
    while :; do echo "$(date +%s%N) $(ticks)" >>"$work/ticks"; sleep 0.2; done ) &
  watch=$!
  if ! out=$("$BIN" bench load --node "$rpc" --accounts "$ACCOUNTS" --per-account "$PER_ACCOUNT" --workers 16 --batch "$BATCH" --rate "$RATE" -o json "$@" 2>"$work/load.log"); then
    kill "$watch" 2>/dev/null || true
    echo "bench load failed:" >&2; tail -5 "$work/load.log" >&2; return 1
  fi
  kill "$watch" 2>/dev/null || true
  wait "$watch" 2>/dev/null || true
  echo "$out" | p95 >"$work/p95"
  echo "$out" | toolcpu >"$work/toolcpu"
  local elapsed
  elapsed=$(echo "$out" | grep -o '"Elapsed": *[0-9]*' | grep -o '[0-9]*$')
  awk -v elapsed="$elapsed" -v hz="$(getconf CLK_TCK)" -v n="$((ACCOUNTS * PER_ACCOUNT))" '
    NR == 1 { t0 = $1; c0 = $2 }
    !done { c = $2; if ($1 - t0 >= elapsed) done = 1 }
    END { printf "%.0f", (c - c0) / hz * 1e6 / n }' "$work/ticks" >"$work/nodecpu"
  echo "$out" | rate
}

bttcd_rates=() kv_rates=()
for round in $(seq 1 "$ROUNDS"); do
  home=$work/bttcd-$round
  if [ "$FUNDED" -gt 0 ]; then
    [ -f "$work/accounts.csv" ] || "$BIN" bench accounts --count "$FUNDED" >"$work/accounts.csv"
    "$BIN" init bench --chain-id bttc-local-bench --home "$home" --fund-file "$work/accounts.csv" \
      --fund 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266=1000000btt >/dev/null
    BTTCD_MEMPOOL_SIZE=$MEMPOOL "$BIN" start --home "$home" --rpc.laddr "$rpc" --p2p.laddr "$p2p" --instrumentation.prometheus_listen_addr "$metrics" >"$home.log" 2>&1 &
    pid=$!
    wait_rpc "$home.log"
    r=$(load "bttcd-$round" --funded)
  else
    BTTCD_MEMPOOL_SIZE=$MEMPOOL "$BIN" dev --home "$home" --rpc.laddr "$rpc" --p2p.laddr "$p2p" --instrumentation.prometheus_listen_addr "$metrics" >"$home.log" 2>&1 &
    pid=$!
    wait_rpc "$home.log"
    r=$(load "bttcd-$round" --from dev --keyring-backend test --home "$home")
  fi
  stop
  echo "round $round  bttcd    $(printf '%6.0f' "$r") transfers/s, p95 submit-to-commit $(cat "$work/p95") s, CPU a transfer: node $(cat "$work/nodecpu") µs, load tool $(cat "$work/toolcpu") µs"
  bttcd_rates+=("$r")

  kv=$work/kvstore-$round
  "$work/cometbft" init --home "$kv" >/dev/null 2>&1
  # bttcd's config.toml, but for the log level, whose "warn" is bttcd's
  # own, and with the mempool size bttcd ran with.
  sed -e 's/^log_level = .*/log_level = "error"/' -e "s/^size = .*/size = $MEMPOOL/" \
    -e "s/^pprof_laddr = .*/pprof_laddr = \"${BTTCD_RPC_PPROF_LADDR:-}\"/" "$home/config/config.toml" >"$kv/config/config.toml"
  # bttcd's config has its metrics on; the address is bttcd's, free again now.
  "$work/cometbft" start --home "$kv" --proxy_app kvstore --rpc.laddr "$rpc" --p2p.laddr "$p2p" >"$kv.log" 2>&1 &
  pid=$!
  wait_rpc "$kv.log"
  r=$(load "kvstore-$round" --kvstore)
  stop
  echo "round $round  kvstore  $(printf '%6.0f' "$r") txs/s, p95 submit-to-commit $(cat "$work/p95") s, CPU a tx: node $(cat "$work/nodecpu") µs, load tool $(cat "$work/toolcpu") µs"
  kv_rates+=("$r")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
b=$(median "${bttcd_rates[@]}") k=$(median "${kv_rates[@]}")
awk -v b="$b" -v k="$k" -v n="$((ACCOUNTS * PER_ACCOUNT))" -v batch="$BATCH" \
  'BEGIN { printf "medians, %d transactions, batches of %d: bttcd %.0f/s, kvstore %.0f/s: bttcd at %.0f%% of the engine\n", n, batch, b, k, 100*b/k }'
