#!/usr/bin/env bash
# Search on the demo corpus of just over 1,000,000 records (`gongkai demo --scale 579`),
# for each backend: loads the corpus into a fresh database, starts `gongkai serve` on it
# (which builds its own index on first start) and, once that is done, runs the search
# benchmark (crates/gongkai-search/benches/search.rs) with the portal being read during
# its incremental phase. On SQLite the peer is FTS5 with the trigram tokenizer, on
# PostgreSQL pg_trgm; both are measured in the same run on the same records and queries.
# Prints Markdown for BENCHMARKS.md.
#
#   benches/search.sh [sqlite] [postgres]        (both when none is named)
#
# Settings: SCALE (579), BENCH_DIR (/tmp/gongkai-bench),
# PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

SCALE=${SCALE:-579}
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
PORT=18090
BIN=target/release/gongkai
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)

cargo build --release -p gongkai
BENCH=$(cargo bench -p gongkai-search --bench search --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
SERVER_PID=
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

for backend in "${BACKENDS[@]}"; do
  data="$WORK/search-$backend" url_args=() url=
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS gongkai_search_bench" -c "CREATE DATABASE gongkai_search_bench"
    url="${PG_ADMIN_URL%/*}/gongkai_search_bench"
    url_args=(--database-url "$url")
  fi
  "$BIN" --data-dir "$data" "${url_args[@]}" demo --scale "$SCALE" >/dev/null
  RUST_LOG=warn "$BIN" --data-dir "$data" "${url_args[@]}" --search-dir "$data/serve-search" \
    serve --addr "127.0.0.1:$PORT" >"$data/serve.log" 2>&1 &
  SERVER_PID=$!
  # The server answers at once and fills its index in the background.
  for _ in $(seq 1 600); do
    # Until the server listens, curl fails: that is waited out, not an error.
    total=$(curl -s "http://127.0.0.1:$PORT/api/v1/search?q=%E5%85%AC%E5%BC%80" |
      sed -n 's/.*"total":\([0-9]*\).*/\1/p' || true)
    [ "${total:-0}" -gt 100000 ] && break
    sleep 1
  done
  RUST_LOG=warn "$BENCH" "$data" ${url:+"$url"} "http://127.0.0.1:$PORT"
  kill "$SERVER_PID"
  SERVER_PID=
done
