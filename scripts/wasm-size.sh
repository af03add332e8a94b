#!/usr/bin/env bash
# The shipped browser code's size: the release site's wasm and JS, raw and brotli-compressed (the
# .br files the release build writes and the server sends; quality 11 where a file has none).
# Lists the main bundle (what every page loads before it can hydrate), the lazily loaded route
# chunks and the chunks they share, and the total. Measures only the site `make test` ran the
# browser tests against: it refuses a site whose content hash (scripts/site-hash.sh) is not the
# one `make test` recorded in target/site-tested.sha256.
# Usage: scripts/wasm-size.sh [site-root]
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-target/site}
pkg=$site/pkg
if ! ls "$pkg"/*.wasm >/dev/null 2>&1; then
  echo "no wasm in $pkg: run 'make build-release' first" >&2
  exit 1
fi
tested=$(cat target/site-tested.sha256 2>/dev/null || true)
current=$(scripts/site-hash.sh "$site")
if [ "$current" != "$tested" ]; then
  echo "refusing to measure $site: its content hash $current is not the one 'make test' tested (${tested:-none recorded}); run 'make test' on this code first" >&2
  exit 1
fi
echo "site $current (the one 'make test' tested)"
node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = process.argv[1];
const brotli = (f, data) => fs.existsSync(f + ".br") ? fs.statSync(f + ".br").size
  : zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const groups = { main: [0, 0, 0], routes: [0, 0, 0], shared: [0, 0, 0], total: [0, 0, 0] };
for (const f of fs.readdirSync(dir).filter((f) => /\.(wasm|js)$/.test(f)).sort()) {
  const file = path.join(dir, f), data = fs.readFileSync(file), br = brotli(file, data);
  const group = /^split_/.test(f) ? "routes" : /^chunk_/.test(f) ? "shared" : "main";
  for (const g of [group, "total"]) { groups[g][0] += 1; groups[g][1] += data.length; groups[g][2] += br; }
  if (group === "main" || data.length > 50000) console.log(`${f.padEnd(64)} ${String(data.length).padStart(10)} bytes  ${String(br).padStart(9)} brotli`);
}
const label = { main: "main bundle (wasm + JS)", routes: "route chunks", shared: "shared chunks", total: "all wasm + JS" };
for (const [g, [n, raw, br]] of Object.entries(groups)) {
  console.log(`${(label[g] + " (" + n + " files)").padEnd(64)} ${String(raw).padStart(10)} bytes  ${String(br).padStart(9)} brotli`);
}
' "$pkg"
