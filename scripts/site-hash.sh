#!/usr/bin/env bash
# The content hash of a built site (every file under it, by path and content): what `make test`
# records for the site its browser tests ran against, and what `scripts/wasm-size.sh` checks
# before it reports a figure, so a size is never quoted for a build nobody tested.
#   scripts/site-hash.sh [site-root]            print the hash
#   scripts/site-hash.sh --record [site-root]   write it to target/site-tested.sha256
set -euo pipefail
cd "$(dirname "$0")/.."
record=false
if [ "${1:-}" = "--record" ]; then record=true; shift; fi
site=${1:-target/site}
if [ ! -d "$site/pkg" ]; then
  echo "no built site in $site: run 'make build-release' first" >&2
  exit 1
fi
hash=$(cd "$site" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if $record; then
  echo "$hash" > target/site-tested.sha256
  echo "recorded the tested site's hash $hash in target/site-tested.sha256"
else
  echo "$hash"
fi
