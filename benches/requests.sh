#!/usr/bin/env bash
# Requests for information under load: COUNT applications submitted at once (a tenth of
# them twice at the same instant with one idempotency key) to the demo city's largest
# unit — against one node on SQLite, one on PostgreSQL, and two nodes on one PostgreSQL
# database — then checked: every application stored once, numbers without gaps, one
# tracking code each; and the unit's annual report timed (its records and the new
# requests). Prints what it measured.
#
#   benches/requests.sh [sqlite] [postgres] [postgres2]       (all when none is named)
#
# Settings: COUNT (1000), SCALE (100), BENCH_DIR (/tmp/gongkai-bench),
# PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

COUNT=${COUNT:-1000}
SCALE=${SCALE:-100}
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
PASSPHRASE=bench-passphrase-2026
BIN=target/release/gongkai
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(sqlite postgres postgres2)

cargo build --release -p gongkai
BENCH=$(cargo bench -p gongkai-web --bench submissions --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

query() {
  local data=$1 url=$2 sql=$3
  if [ -n "$url" ]; then
    psql -At "$url" -c "$sql"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" \
      "$data/gongkai.db" "$sql"
  fi
}

wait_for() {
  for _ in $(seq 1 300); do
    curl -fs "$1/healthz" >/dev/null && return 0
    sleep 0.2
  done
  echo "gongkai serve at $1 did not come up" >&2
  exit 1
}

echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
for mode in "${MODES[@]}"; do
  data="$WORK/requests-$mode" url= url_args=()
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$mode" != sqlite ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS gongkai_requests_bench" -c "CREATE DATABASE gongkai_requests_bench"
    url="${PG_ADMIN_URL%/*}/gongkai_requests_bench"
    url_args=(--database-url "$url")
  fi
  "$BIN" --data-dir "$data" "${url_args[@]}" demo --scale "$SCALE" >/dev/null
  org=$(query "$data" "$url" "SELECT org_code FROM records GROUP BY org_code ORDER BY COUNT(*) DESC, org_code LIMIT 1")
  records=$(query "$data" "$url" "SELECT COUNT(*) FROM records WHERE org_code = '$org'")
  printf '%s' "$PASSPHRASE" | "$BIN" --data-dir "$data" "${url_args[@]}" user add --username bench_editor \
    --role editor --org "$org" --password-stdin >/dev/null
  nodes=1
  [ "$mode" = postgres2 ] && nodes=2
  bases=()
  for n in $(seq 1 "$nodes"); do
    port=$((18100 + n))
    RUST_LOG=warn "$BIN" --data-dir "$data" "${url_args[@]}" --search-dir "$data/search-$n" \
      serve --addr "127.0.0.1:$port" --submissions-per-hour 1000000 >"$data/serve-$n.log" 2>&1 &
    PIDS+=($!)
    bases+=("http://127.0.0.1:$port")
  done
  for base in "${bases[@]}"; do wait_for "$base"; done
  token=$(curl -fs -H 'content-type: application/json' \
    -d "{\"username\":\"bench_editor\",\"password\":\"$PASSPHRASE\"}" "${bases[0]}/api/v1/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  echo "## $mode: $nodes node(s); unit $org with $records records"
  RUST_LOG=warn "$BENCH" "$org" "$COUNT" "$token" "${bases[@]}"
  RUST_LOG=warn "$BENCH" --report "$org" "$(date +%Y)" "$token" "${bases[0]}"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
done
