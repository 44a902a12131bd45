#!/usr/bin/env bash
# Portal under load. For each backend (SQLite, PostgreSQL): load `gongkai demo --scale 100`
# into a fresh database, start `gongkai serve`, and drive the home page, an organisation
# page and a record page with wrk; in the same run, nginx serves that record page saved to
# a file, wrk walks record pages at random (mostly cache misses), and the three pages are
# driven again while a writer publishes one record a second in the same organisation.
# Then the peak resident memory of the server: after the page load, and in fresh servers
# after 200 parallel wrong logins and after 6 parallel 49 MB uploads. Prints Markdown
# tables for BENCHMARKS.md.
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

PASSPHRASE=bench-passphrase-2026

# The code of the demo's first street office, read from the database.
first_street() {
  local sql="SELECT code FROM orgs WHERE kind = 'street' ORDER BY position, code LIMIT 1"
  if [ "$2" = postgres ]; then
    psql -At "${PG_ADMIN_URL%/*}/gongkai_bench" -c "$sql"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$1/gongkai.db" "$sql"
  fi
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
  local loaded code_of_street
  loaded=$("$BIN" --data-dir "$data" "${url_args[@]}" demo --scale "$SCALE" | tail -1)
  echo "$backend: $loaded" >&2
  # An editor and a reviewer of the first street office, for the writer and the uploads.
  code_of_street=$(first_street "$data" "$backend")
  for role in editor reviewer; do
    printf '%s' "$PASSPHRASE" | "$BIN" --data-dir "$data" "${url_args[@]}" user add --username "bench_$role" \
      --role "$role" --org "$code_of_street" --password-stdin >/dev/null
  done

  if [ "$backend" = postgres ]; then
    psql -At "${PG_ADMIN_URL%/*}/gongkai_bench" -c "SELECT id FROM records WHERE state = 'published'" >"$ids"
  else
    python3 -c "import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute(\"SELECT id FROM records WHERE state = 'published'\")]" \
      "$data/gongkai.db" >"$ids"
  fi
  SERVE=("$BIN" --data-dir "$data" "${url_args[@]}" serve --addr "127.0.0.1:$PORT")

  start_server "$backend"
  # The demo's dates are fixed, so publicity periods that ended since then expire in the
  # scheduler's first round; measure after it, in the steady state.
  sleep 5

  local base="http://127.0.0.1:$PORT" home org code leaf record row
  # The first street office (街道) of the demo city, and the newest record on the home page.
  code=$(curl -fs "$base/api/v1/orgs" | python3 -c \
    'import json, sys; print(next(o["code"] for o in json.load(sys.stdin) if o["kind"] == "street"))')
  org=/org/$code
  home=$(curl -fs "$base/")
  record=$(grep -o 'href="/d/[^"]*"' <<<"$home" | sed -n '1s/href="\(.*\)"/\1/p')
  [ -n "$record" ] || { echo "no record on the home page" >&2; exit 1; }
  curl -fs "$base$record" >"$WORK/nginx/www/record.html"

  # Each load runs in an assignment, so that a failed run stops the script.
  local quiet_home quiet_org quiet_record
  quiet_home=$(load "$base/"); echo "| $backend | \`/\` | $quiet_home |"
  quiet_org=$(load "$base$org"); echo "| $backend | \`$org\` (a street office) | $quiet_org |"
  quiet_record=$(load "$base$record"); echo "| $backend | \`/d/…\` (one record) | $quiet_record |"
  row=$(load "http://127.0.0.1:$NGINX_PORT/record.html"); echo "| nginx | the same record page as a file | $row |"
  row=$(load "$base" benches/random_record.lua "$ids"); echo "| $backend | \`/d/…\` at random over $(wc -l <"$ids") records | $row |"

  # The same three pages while a writer publishes one record a second in that street office.
  leaf=$(curl -fs "$base/api/v1/orgs/$code/catalog" | python3 -c \
    'import json, sys; print(next(i["code"] for i in json.load(sys.stdin) if i["leaf"] and i["rules"]["time_class"] == "anytime" and not i["rules"]["personal_data"]))')
  local editor reviewer writer
  editor=$(token "$base" bench_editor)
  reviewer=$(token "$base" bench_reviewer)
  WRITER_COUNT="$WORK/writes" benches/writer.sh "$base" "$code" "$leaf" "$editor" "$reviewer" &
  writer=$!
  row=$(load "$base/"); echo "| $backend + 1 write/s | \`/\` | $row | $(ratio "$row" "$quiet_home") |"
  row=$(load "$base$org"); echo "| $backend + 1 write/s | \`$org\` | $row | $(ratio "$row" "$quiet_org") |"
  row=$(load "$base$record"); echo "| $backend + 1 write/s | \`/d/…\` | $row | $(ratio "$row" "$quiet_record") |"
  kill "$writer"; wait "$writer" 2>/dev/null || true
  echo "| $backend | records published by the writer during these runs | $(cat "$WORK/writes") | |"
  echo "| $backend | peak memory of \`gongkai serve\` after the page load (VmHWM) | $(peak) | |"
  stop_server

  # Six parallel uploads of 49 MB each, in a fresh server.
  start_server "$backend"
  editor=$(token "$base" bench_editor)
  local pids=() status
  for n in 1 2 3 4 5 6; do
    local draft file="$WORK/upload-$n.pdf"
    { printf '%%PDF-1.4\n'; head -c $((49 * 1024 * 1024 - 15)) /dev/urandom; printf '\n%%%%EOF\n'; } >"$file"
    draft=$(curl -fs -H "authorization: Bearer $editor" -H 'content-type: application/json' \
      -d "{\"org\":\"$code\",\"catalog_item\":\"$leaf\",\"title\":\"附件压测$n\",\"body\":\"<p>附件</p>\"}" \
      "$base/api/v1/disclosures" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    curl -s -o /dev/null -w '%{http_code}\n' -H "authorization: Bearer $editor" -F "file=@$file;filename=附件$n.pdf" \
      "$base/api/v1/disclosures/$draft/attachments" >"$WORK/upload-$n.status" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  status=$(cat "$WORK"/upload-*.status | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  echo "| $backend | peak memory after 6 parallel 49 MB uploads ($status) | $(peak) | |"
  rm -f "$WORK"/upload-*
  stop_server
  # A flood of wrong logins, in a fresh server; last, since its failures are counted
  # against this address for fifteen minutes.
  start_server "$backend"
  local answers
  answers=$(seq 200 | xargs -P 200 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
    -d '{"username":"guess{}","password":"wrong-password"}' "$base/api/v1/session" | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  echo "| $backend | peak memory after 200 parallel wrong logins ($answers) | $(peak) | |"
  stop_server

}

start_server() {
  "${SERVE[@]}" >>"$WORK/$1-serve.log" 2>&1 &
  SERVER_PID=$!
  wait_for_server
}

stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Peak resident memory of the running server.
peak() {
  awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$SERVER_PID/status"
}

# A bearer token for one of the benchmark's accounts.
token() {
  curl -fs -H 'content-type: application/json' -d "{\"username\":\"$2\",\"password\":\"$PASSPHRASE\"}" \
    "$1/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# "rps | p99" against the same without writes: the share of the rate kept.
ratio() {
  awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { printf "%.0f %%", 100 * a / b }'
}

echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB;" \
  "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a 5 s warm-up; scale $SCALE."
echo
echo "| server | page | requests/s | p99 | share of the rate without writes |"
echo "|---|---|---|---|---|"
mkdir -p "$WORK/nginx/www"
start_nginx
for backend in "${BACKENDS[@]}"; do
  run_backend "$backend"
done
