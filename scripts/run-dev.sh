#!/bin/sh
# make run: the dev chain with its bridge. Starts the local root chain
# (bin/bttc-rootchain, kept in ~/.bttc-rootchain) in the background, then the
# dev chain (bin/bttcd dev, in ~/.bttcd-dev) bridged to it; Ctrl-C stops both.
# Extra arguments go to bttcd dev (for example --reset).
set -u
ROOT_ADDR=${ROOT_ADDR:-127.0.0.1:8545}
bin/bttc-rootchain --addr "$ROOT_ADDR" &
root=$!
trap 'kill $root 2>/dev/null' EXIT INT TERM
# A root chain that could not start (its port taken) says why and exits.
sleep 1
if ! kill -0 $root 2>/dev/null; then
	echo "The local root chain did not start (see above); the dev chain needs it for its bridge." >&2
	exit 1
fi
bin/bttcd dev --bridge "http://$ROOT_ADDR" "$@"
