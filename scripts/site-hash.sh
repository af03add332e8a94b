#!/usr/bin/env bash
# The content hash of a built site's browser code — every .wasm and .js file under pkg/, by path
# and content: what `make test` records for the site its browser tests ran against, and what
# `scripts/wasm-size.sh` checks before it reports a figure, so a size is never quoted for a build
# nobody tested. Left out: wasm-split's loader (`__wasm_split.*.js`), whose entries come out in
# another order on every build of the same code, and the .gz/.br copies (gzip stamps a time).
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
hash=$(cd "$site" && find pkg -type f \( -name '*.wasm' -o -name '*.js' \) ! -name '__wasm_split*' -print0 \
  | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if $record; then
  echo "$hash" > target/site-tested.sha256
  echo "recorded the tested site's hash $hash in target/site-tested.sha256"
else
  echo "$hash"
fi
