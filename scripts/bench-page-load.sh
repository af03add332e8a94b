#!/usr/bin/env bash
# Page-load benchmark on the release build (`make bench`): a fresh demo database, the release
# server on a free port, then end2end/bench/page-load.mjs in Debian's Chromium (bytes of wasm + JS
# and time until the inbox and the template builder are interactive, 4× CPU, Fast 4G).
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/release-server.sh
start_server CHATLANE_OUTBOUND_PUBLIC=false
BASE_URL="http://127.0.0.1:$port" node end2end/bench/page-load.mjs
