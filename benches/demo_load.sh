#!/usr/bin/env bash
# Times `gongkai demo` into a fresh database of each backend: by default at scale 579,
# which gives just over 1,000,000 records (the corpus search is measured on). Prints a
# Markdown table for BENCHMARKS.md.
#
#   benches/demo_load.sh [sqlite] [postgres]        (both when none is named)
#
# Settings: SCALE (579), BENCH_DIR (/tmp/gongkai-bench),
# PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

SCALE=${SCALE:-579}
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
BIN=target/release/gongkai
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)

cargo build --release -p gongkai
mkdir -p "$WORK"
echo "| backend | scale | records | load (reported by the command) | peak memory |"
echo "|---|---|---|---|---|"
for backend in "${BACKENDS[@]}"; do
  data="$WORK/demo-$backend" url_args=()
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS gongkai_demo_load" -c "CREATE DATABASE gongkai_demo_load"
    url_args=(--database-url "${PG_ADMIN_URL%/*}/gongkai_demo_load")
  fi
  out=$(/usr/bin/time -f "peak %M KB" "$BIN" --data-dir "$data" "${url_args[@]}" demo --scale "$SCALE" 2>&1)
  records=$(sed -n 's/.*个目录事项、\([0-9]*\) 条公开记录.*/\1/p' <<<"$out")
  seconds=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' <<<"$out")
  peak=$(sed -n 's/^peak \([0-9]*\) KB/\1/p' <<<"$out")
  echo "| $backend | $SCALE | $records | $seconds s | $((peak / 1024)) MB |"
done
