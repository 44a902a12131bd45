#!/usr/bin/env bash
# Browser tests: builds the server, starts it on a fresh copy of the demo city and runs
# the checks in headless Chromium (run.mjs). Arguments go to run.mjs, e.g.
# `tests/browser/run.sh --only axe,kiosk`; SCREENSHOTS=1 also writes docs/screenshots/.
# On a fresh machine it first installs Chromium, a Chinese font and curl from Debian.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# How long the demo city may take to load in a debug build, and the search index to fill.
START_TIMEOUT=${START_TIMEOUT:-900}
INDEX_TIMEOUT=${INDEX_TIMEOUT:-300}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Without a CJK font every Chinese character renders as a box, which breaks the sizes,
# the contrast checks and the screenshots.
if [ ! -x /usr/bin/chromium ] || [ -z "$(fc-list :lang=zh 2>/dev/null)" ] || ! command -v curl >/dev/null; then
  echo "installing chromium, fonts-wqy-microhei and curl"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei curl >/dev/null
fi

npm ci --prefix "$here" --no-audit --no-fund --loglevel=error

# The server as `cargo test --workspace` builds it for the integration tests: after that
# command (as in CI) this is a no-op. `cargo build -p gongkai` would not be: with
# resolver 2 the tests' dev-dependencies change the features of about a third of the
# dependencies (sqlx, tokio, axum, tantivy …), so they would all be compiled a second time.
echo "building the server (cargo test --workspace --no-run)"
cargo test --workspace --no-run --quiet
target="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)"
bin="$target/debug/gongkai"

work="$(mktemp -d)"
log="$work/server.log"
server=""
stop() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

started=$(date +%s)
# Port 0: the kernel picks a free port and the server prints the address it got, so two
# runs on one machine never race for a port.
NO_COLOR=1 "$bin" serve --demo --data-dir "$work/data" --addr 127.0.0.1:0 >"$log" 2>&1 &
server=$!

gave_up() {
  echo "browser tests: $1; the server's log ends:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

url=""
until [ -n "$url" ]; do
  kill -0 "$server" 2>/dev/null || gave_up "the server stopped"
  [ $(($(date +%s) - started)) -lt "$START_TIMEOUT" ] || gave_up "no address after ${START_TIMEOUT} s"
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$log" | head -n 1 || true)"
  [ -n "$url" ] || sleep 1
done
url="${url%/}"

until curl -fsS "$url/healthz" >/dev/null 2>&1; do
  [ $(($(date +%s) - started)) -lt "$START_TIMEOUT" ] || gave_up "/healthz did not answer"
  sleep 1
done
# Read whole before matching: with pipefail, grep -q closing the pipe early would fail curl.
until [[ "$(curl -fsS "$url/" 2>/dev/null || true)" == *'href="/d/'* ]]; do
  [ $(($(date +%s) - started)) -lt "$START_TIMEOUT" ] || gave_up "the home page lists no records"
  sleep 1
done
echo "server ready at $url after $(($(date +%s) - started)) s"

# Searches answer from the index as it fills; the kiosk's search needs it whole.
indexed=$(date +%s)
until grep -q 'the search index is built' "$log"; do
  kill -0 "$server" 2>/dev/null || gave_up "the server stopped"
  if [ $(($(date +%s) - indexed)) -ge "$INDEX_TIMEOUT" ]; then
    echo "warning: the search index is not built after ${INDEX_TIMEOUT} s; testing anyway" >&2
    break
  fi
  sleep 1
done

status=0
GONGKAI_URL="$url" GONGKAI_BIN="$bin" GONGKAI_DATA_DIR="$work/data" node "$here/run.mjs" "$@" || status=$?
# A failure may come from the server: show what it complained about.
if [ "$status" -ne 0 ]; then
  complaints="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E ' (ERROR|WARN) ' | tail -n 20 || true)"
  [ -z "$complaints" ] || printf 'the server logged:\n%s\n' "$complaints" >&2
fi
echo "browser tests took $(($(date +%s) - started)) s after the build"
exit "$status"
