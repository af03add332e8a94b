#!/usr/bin/env bash
# Installs what building and testing Chatlane need, from the package registries only, skipping
# anything already present at the right version (so a second run takes seconds).
#   scripts/install-tools.sh build   rust wasm target, cargo-leptos, wasm-bindgen-cli, Node and
#                                    tools/'s npm packages (binaryen's wasm-opt)
#   scripts/install-tools.sh test    the above, plus Chromium, end2end's npm packages,
#                                    schemathesis (in target/tools, a Python venv) and leptosfmt
#   scripts/install-tools.sh wrk     the HTTP load generator `make bench` uses
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
SCHEMATHESIS_VERSION=4.32.5
LEPTOSFMT_VERSION=0.1.33
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  say "installing Debian packages: $*"
  if [ ! -f /tmp/.chatlane-apt-updated ]; then as_root apt-get update -qq && touch /tmp/.chatlane-apt-updated; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

build_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 18 minutes on 2 cores, once)"
    cargo install cargo-leptos@"$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
    cargo install wasm-bindgen-cli@"$WASM_BINDGEN_VERSION"
  fi
  # wasm-opt comes from npm's binaryen (tools/package.json), never from Debian: Debian 12's binaryen
  # 108 renumbers the externref table of wasm-bindgen's output onto the funcref table, and the
  # optimised release wasm then throws on load and never hydrates. The Makefile puts
  # tools/node_modules/.bin first on PATH, where cargo-leptos looks for wasm-opt.
  if ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi
  if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
    say "installing tools/'s npm packages (binaryen's wasm-opt, runs on Node)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

test_tools() {
  # rustfmt skips view! macros; `make lint` checks them with leptosfmt (leptosfmt.toml).
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    say "installing leptosfmt $LEPTOSFMT_VERSION (about 2 minutes, once)"
    cargo install leptosfmt@"$LEPTOSFMT_VERSION" --locked
  fi
  local st=target/tools/schemathesis
  if ! "$st/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "installing schemathesis $SCHEMATHESIS_VERSION (the REST API contract test) from PyPI"
    python3 -m venv "$st"
    "$st/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
  if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing end2end's npm packages (no browser download)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

case "${1:-build}" in
  wrk) command -v wrk >/dev/null 2>&1 || apt_install wrk ;;
  build) build_tools ;;
  test) build_tools; test_tools ;;
  *) echo "usage: $0 build|test|wrk" >&2; exit 2 ;;
esac
