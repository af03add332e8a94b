#!/usr/bin/env bash
# The shipped browser code's size: the release site's wasm and JS, raw and brotli-compressed (quality
# 11, as a static server would precompress them). Usage: scripts/wasm-size.sh [site-pkg-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${1:-target/site/pkg}
if ! ls "$pkg"/*.wasm >/dev/null 2>&1; then
  echo "no wasm in $pkg: run 'cargo leptos build --release' first" >&2
  exit 1
fi
node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = process.argv[1];
let raw = 0, br = 0;
for (const f of fs.readdirSync(dir).filter((f) => /\.(wasm|js)$/.test(f)).sort()) {
  const data = fs.readFileSync(path.join(dir, f));
  const packed = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += data.length; br += packed;
  console.log(`${f.padEnd(20)} ${String(data.length).padStart(10)} bytes  ${String(packed).padStart(9)} brotli`);
}
console.log(`${"wasm + JS".padEnd(20)} ${String(raw).padStart(10)} bytes  ${String(br).padStart(9)} brotli`);
' "$pkg"
