#!/usr/bin/env bash
# Takes the README's first-screen picture, docs/profile-sheet.png, from the release build: a fresh
# demo database (`chatlane demo`), the release server on a free port, then
# end2end/screenshots/readme.mjs in Debian's Chromium. Run it after `make build-release` whenever
# the profile sheet changes, and commit the picture.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/release-server.sh
start_server CHATLANE_OUTBOUND_PUBLIC=false LEPTOS_SITE_ROOT=target/site
BASE_URL="http://127.0.0.1:$port" OUT="$PWD/docs/profile-sheet.png" node end2end/screenshots/readme.mjs
