#!/usr/bin/env bash
# The API against its own OpenAPI document: schemathesis generates requests for every
# operation of /api/v1/openapi.json (valid and invalid ones) and checks each answer — no
# server error (5xx), a status the document declares, the declared content type, a body
# matching the declared schema; once anonymous, once signed in as an administrator. Between
# the two, benches/feeds.py reads the Atom feeds of the same server. Starts the demo city on ADDR
# unless a server already answers there (then DATA_DIR must be that server's).
#
#   benches/api_schema.sh
#
# Settings: ADDR (127.0.0.1:8092), DATA_DIR (/tmp/print-demo), MAX_EXAMPLES (25 per
# operation), SEED (1), CHECKS (the four above), VENV (/tmp/gongkai-bench-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR=${ADDR:-127.0.0.1:8092}
DATA_DIR=${DATA_DIR:-/tmp/print-demo}
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
SEED=${SEED:-1}
CHECKS=${CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance}
VENV=${VENV:-/tmp/gongkai-bench-venv}
BIN=${CARGO_TARGET_DIR:-target}/release/gongkai

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q schemathesis feedparser
fi

SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
if ! curl -fs "http://$ADDR/healthz" >/dev/null; then
  cargo build --release -p gongkai
  mkdir -p "$DATA_DIR"
  "$BIN" serve --demo --data-dir "$DATA_DIR" --addr "$ADDR" >"$DATA_DIR.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do curl -fs "http://$ADDR/healthz" >/dev/null && break; sleep 1; done
fi

# One pass of schemathesis; the arguments after the pass's name go to it (a header).
status=0
pass() {
  local name=$1 report
  shift
  report=$(mktemp -d)
  echo "== $name"
  "$VENV/bin/schemathesis" run "http://$ADDR/api/v1/openapi.json" "$@" \
    --checks "$CHECKS" --max-examples "$MAX_EXAMPLES" --seed "$SEED" --workers 2 \
    --generation-database none --no-color \
    --report junit --report-junit-path "$report/junit.xml" || status=$?
  python3 - "$report/junit.xml" "$name" <<'PY'
import sys, xml.etree.ElementTree as ET
suites = ET.parse(sys.argv[1]).getroot()
tests = sum(int(s.get("tests", 0)) for s in suites.iter("testsuite"))
failures = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites.iter("testsuite"))
print(f"{sys.argv[2]}: operations tested: {tests}, operations failing a check: {failures}")
PY
  rm -rf "$report"
}

pass "anonymous"

# The feeds before the administrator's pass, which may close organisations.
"$VENV/bin/python" benches/feeds.py "http://$ADDR"

# Signed in as an administrator, so the operations behind a login answer more than 401.
# The account is added to the server's own database in DATA_DIR.
CLI=$BIN
[ -x "$CLI" ] || CLI=${CARGO_TARGET_DIR:-target}/debug/gongkai
user="schema-admin-$$"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" | "$CLI" user add --data-dir "$DATA_DIR" --username "$user" --role admin --password-stdin >/dev/null
token="$(curl -fsS -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$password\"}" "http://$ADDR/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
# Signing out or changing the password would end the token halfway: /session is left to
# the anonymous pass.
pass "administrator" -H "Authorization: Bearer $token" --exclude-path-regex '^/session'

exit $status
