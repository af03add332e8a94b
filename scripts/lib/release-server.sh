# Sourced by the scripts that run the release server on a fresh demo database (the REST API
# contract test, the page-load benchmark), from the repository root. Sets BIN, data and port;
# `start_server [VAR=value …]` serves on $port in the background with those variables and returns
# once it accepts connections. On exit the server is stopped and the data folder removed.
# CHATLANE_BIN names another binary (a debug build, to try a change without the release build).
BIN=${CHATLANE_BIN:-target/release/chatlane}
[ -x "$BIN" ] || { echo "$BIN missing: run make build-release" >&2; exit 1; }

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

export CHATLANE_DATA_DIR="$data" RUST_LOG=warn
unset DATABASE_URL
"$BIN" demo >/dev/null

start_server() {
  env "$@" CHATLANE_ADDR="127.0.0.1:$port" "$BIN" serve >"$data/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the server did not start:" >&2
  cat "$data/server.log" >&2
  return 1
}
