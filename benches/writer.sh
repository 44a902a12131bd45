#!/usr/bin/env bash
# Publishes one record a second through the API until killed: draft, submit, approve.
#   benches/writer.sh BASE_URL ORG LEAF EDITOR_TOKEN REVIEWER_TOKEN
set -uo pipefail
base=$1 org=$2 leaf=$3 editor=$4 reviewer=$5
n=0
while true; do
  started=$(date +%s.%N)
  n=$((n + 1))
  id=$(curl -fs -H "authorization: Bearer $editor" -H 'content-type: application/json' \
    -d "{\"org\":\"$org\",\"catalog_item\":\"$leaf\",\"title\":\"压测期间发布的第${n}条信息\",\"body\":\"<p>压测正文</p>\"}" \
    "$base/api/v1/disclosures" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -fs -o /dev/null -X POST -H "authorization: Bearer $editor" "$base/api/v1/disclosures/$id/submit"
  curl -fs -o /dev/null -X POST -H "authorization: Bearer $reviewer" "$base/api/v1/disclosures/$id/approve"
  echo "$n" >"${WRITER_COUNT:-/dev/null}"
  sleep "$(python3 -c "import time; print(max(0, 1 - (time.time() - $started)))")"
done
