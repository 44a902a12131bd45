#!/usr/bin/env bash
# Times `gongkai org import` of a 10,000-row organisation tree (a city, 20 districts, 20
# townships or streets in each, and their villages or communities) from XLSX into a fresh
# database of each backend. Prints a Markdown table for BENCHMARKS.md.
#
#   benches/org_import.sh [sqlite] [postgres]        (both when none is named)
#
# Settings: ROWS (10000), BENCH_DIR (/tmp/gongkai-bench),
# PG_ADMIN_URL (postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

ROWS=${ROWS:-10000}
WORK=${BENCH_DIR:-/tmp/gongkai-bench}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/test}
BIN=target/release/gongkai
BACKENDS=("$@")
[ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)

python3 -c 'import openpyxl' 2>/dev/null || pip install -q openpyxl
cargo build --release -p gongkai
mkdir -p "$WORK"
TABLE="$WORK/orgs-$ROWS.xlsx"

python3 - "$TABLE" "$ROWS" <<'PY'
import sys, openpyxl
path, rows = sys.argv[1], int(sys.argv[2])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "单位"
ws.append(["单位编码", "单位名称", "单位类型", "上级单位编码", "第一责任人", "办公地址", "联系电话"])
ws.append(["bj", "测试市", "市", "", "市委书记", "市府路1号", "0571-10000000"])
n, d = 1, 0
while n < rows:
    d += 1
    dc = f"bj-d{d:02d}"
    ws.append([dc, f"第{d}区", "县(市)区", "bj", "", f"区府路{d}号", "0571-20000000"]); n += 1
    for t in range(1, 21):
        if n >= rows: break
        tc = f"{dc}-t{t:02d}"
        street = t % 2 == 0
        ws.append([tc, f"第{d}区第{t}{'街道' if street else '镇'}", "街道" if street else "乡镇", dc, "", "", ""]); n += 1
        for v in range(1, 25):
            if n >= rows: break
            ws.append([f"{tc}-v{v:02d}", f"第{v}{'社区' if street else '村'}", "社区" if street else "村", tc, "", "", ""]); n += 1
wb.save(path)
PY

echo "| backend | rows | import (reported by the command) | wall time |"
echo "|---|---|---|---|"
for backend in "${BACKENDS[@]}"; do
  data="$WORK/import-$backend" url_args=()
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS gongkai_import" -c "CREATE DATABASE gongkai_import"
    url_args=(--database-url "${PG_ADMIN_URL%/*}/gongkai_import")
  fi
  "$BIN" --data-dir "$data" "${url_args[@]}" migrate >/dev/null
  start=$(date +%s.%N)
  out=$("$BIN" --data-dir "$data" "${url_args[@]}" org import "$TABLE")
  end=$(date +%s.%N)
  seconds=$(sed -n 's/.*用时 \([0-9.]*\) 秒.*/\1/p' <<<"$out")
  echo "| $backend | $ROWS | $seconds s | $(python3 -c "print(f'{$end - $start:.1f} s')") |"
done
