#!/usr/bin/env bash
# The real BitTorrent peers btt's interop tests swap pieces with, from
# Debian's packages: Transmission (daemon and CLI), aria2, libtorrent's
# Python binding, mktorrent; and headless Chromium with its WebDriver, which
# the test of btt daemon's web page drives. Run by `make peers-deps` (and so
# by `make test`); does nothing when they are already installed.
set -euo pipefail
pkgs=(transmission-daemon transmission-cli aria2 python3-libtorrent mktorrent chromium chromium-driver)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "install-peers: apt-get not found; install ${missing[*]} with your package manager" >&2
  exit 1
fi
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "installing ${missing[*]} (for btt's interop tests)"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the daemon as a service; the tests run their own.
if command -v systemctl >/dev/null && systemctl is-active --quiet transmission-daemon 2>/dev/null; then
  $sudo systemctl stop transmission-daemon || true
  $sudo systemctl disable transmission-daemon || true
fi
