#!/usr/bin/env bash
# Page-load benchmark on the release build (`make bench`): a fresh demo database, the release
# server on a free port, then end2end/bench/page-load.mjs in Debian's Chromium (bytes of wasm + JS
# and time until the inbox and the template builder are interactive, 4× CPU, Fast 4G).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/chatlane
[ -x "$BIN" ] || { echo "$BIN missing: run make build-release" >&2; exit 1; }

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

export CHATLANE_DATA_DIR="$data" RUST_LOG=warn LEPTOS_SITE_ROOT=target/site
unset DATABASE_URL
"$BIN" demo >/dev/null
CHATLANE_OUTBOUND_PUBLIC=false CHATLANE_ADDR="127.0.0.1:$port" "$BIN" serve >"$data/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
BASE_URL="http://127.0.0.1:$port" node end2end/bench/page-load.mjs
