#!/usr/bin/env bash
# Portal under load. For each backend (SQLite, PostgreSQL): load `gongkai demo --scale 100`
# into a fresh database, start `gongkai serve`, and drive the home page, an organisation
# page and a record page with wrk; in the same run, nginx serves that record page saved to
# a file, and wrk walks record pages at random (mostly cache misses). Ends with the peak
# resident memory of the server. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/portal.sh [sqlite] [postgres]        (both when none is named)
#
# Settings: SCALE (100), DURATION (30s), CONNECTIONS (64), THREADS (2),
# BENCH_DIR (/tmp/gongkai-bench), PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

SCALE=${SCALE:-100}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=18080
NGINX_PORT=18081
BIN=target/release/gongkai
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi
cargo build --release -p gongkai
mkdir -p "$WORK"
SERVER_PID=
NGINX_CONF=

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$NGINX_CONF" ] && nginx -p "$WORK/nginx" -c "$NGINX_CONF" -s quit 2>/dev/null || true
}
trap cleanup EXIT

# wrk against one URL, optionally with a Lua script and its arguments; prints
# "requests/s | p99" and refuses a run with errors.
load() {
  local url=$1 script=() out
  [ $# -gt 1 ] && script=(-s "$2" "$url" -- "${@:3}") || script=("$url")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "${script[@]}" >/dev/null # warm-up
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${script[@]}")
  if grep -q -e "Non-2xx" -e "Socket errors" <<<"$out"; then
    echo "wrk reported errors for $url:" >&2
    echo "$out" >&2
    exit 1
  fi
  local rps p99
  rps=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  echo "$rps | $p99"
}

start_nginx() {
  mkdir -p "$WORK/nginx/www" "$WORK/nginx/logs"
  NGINX_CONF="$WORK/nginx/nginx.conf"
  cat >"$NGINX_CONF" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/www;
  }
}
CONF
  nginx -p "$WORK/nginx" -c "$NGINX_CONF"
}

wait_for_server() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return 0
    sleep 0.2
  done
  echo "gongkai serve did not come up" >&2
  exit 1
}

run_backend() {
  local backend=$1
  local data="$WORK/$backend" url_args=() ids="$WORK/$backend-ids.txt"
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS gongkai_bench" -c "CREATE DATABASE gongkai_bench"
    url_args=(--database-url "${PG_ADMIN_URL%/*}/gongkai_bench")
  fi
  local loaded
  loaded=$("$BIN" --data-dir "$data" "${url_args[@]}" demo --scale "$SCALE" | tail -1)
  echo "$backend: $loaded" >&2

  if [ "$backend" = postgres ]; then
    psql -At "${PG_ADMIN_URL%/*}/gongkai_bench" -c "SELECT id FROM records WHERE state = 'published'" >"$ids"
  else
    python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM records WHERE state = 'published'\")]" \
      "$data/gongkai.db" >"$ids"
  fi

  "$BIN" --data-dir "$data" "${url_args[@]}" serve --no-demo --addr "127.0.0.1:$PORT" >"$WORK/$backend-serve.log" 2>&1 &
  SERVER_PID=$!
  wait_for_server
  # The demo's dates are fixed, so publicity periods that ended since then expire in the
  # scheduler's first round; measure after it, in the steady state.
  sleep 5

  local base="http://127.0.0.1:$PORT" home org record row
  # The first street office (街道) of the demo city, and the newest record on the home page.
  org=/org/$(curl -fs "$base/api/v1/orgs" | python3 -c \
    'import json, sys; print(next(o["code"] for o in json.load(sys.stdin) if o["kind"] == "street"))')
  home=$(curl -fs "$base/")
  record=$(grep -o 'href="/d/[^"]*"' <<<"$home" | sed -n '1s/href="\(.*\)"/\1/p')
  [ -n "$record" ] || { echo "no record on the home page" >&2; exit 1; }
  curl -fs "$base$record" >"$WORK/nginx/www/record.html"

  # Each load runs in an assignment, so that a failed run stops the script.
  row=$(load "$base/"); echo "| $backend | \`/\` | $row |"
  row=$(load "$base$org"); echo "| $backend | \`$org\` (a street office) | $row |"
  row=$(load "$base$record"); echo "| $backend | \`/d/…\` (one record) | $row |"
  row=$(load "http://127.0.0.1:$NGINX_PORT/record.html"); echo "| nginx | the same record page as a file | $row |"
  row=$(load "$base" benches/random_record.lua "$ids"); echo "| $backend | \`/d/…\` at random over $(wc -l <"$ids") records | $row |"
  echo "| $backend | peak resident memory of \`gongkai serve\` (VmHWM) | $(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$SERVER_PID/status") | |"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
  "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a 5 s warm-up; scale $SCALE."
echo
echo "| server | page | requests/s | p99 |"
echo "|---|---|---|---|"
mkdir -p "$WORK/nginx/www"
start_nginx
for backend in "${BACKENDS[@]}"; do
  run_backend "$backend"
done
