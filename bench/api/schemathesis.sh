#!/usr/bin/env bash
# Property-based tests of the API against its own OpenAPI document (schemathesis,
# `--checks all`): a demo server on a fresh SQLite file, then one run anonymous and one
# with an all-scopes token of each demo role. Prints the failures of each run and exits
# non-zero when any run found one.
#
#   bench/api/schemathesis.sh TEPAT_BINARY [EXAMPLES_PER_OPERATION]
#
# Needs `st` (pip install schemathesis) on PATH, or ST=/path/to/st.
set -euo pipefail
binary="$(realpath "$1")"
examples="${2:-5}"
st="${ST:-st}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
port="${SCHEMATHESIS_PORT:-18181}"
url="http://127.0.0.1:$port"
db="sqlite://$work/demo.db"

"$binary" demo --database-url "$db" --listen "127.0.0.1:$port" \
  --log-key-file "$work/log.key" --duplicate-run-hours 0 >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$url/readyz" >/dev/null

# Every demo account but the citizen's, whose role has no API scope.
accounts="admin kemensos dinsos.dki dinsos.jaktim inspektorat.jaktim pendamping.durensawit
          op.klender warong.klender bank.dki donatur"
failed=0
run() {
  local name="$1"; shift
  local started=$SECONDS
  if (cd "$here" && "$st" run "$url/api/openapi.json" --checks all \
        --max-examples "$examples" --workers 1 --seed 20261203 \
        --phases examples,coverage,fuzzing "$@") >"$work/$name.txt" 2>&1; then
    printf '%-24s ok      %3ss  %s\n' "$name" $((SECONDS - started)) \
      "$(grep -Eo '[0-9]+ generated' "$work/$name.txt" | head -1)"
  else
    failed=1
    printf '%-24s FAILED  %3ss\n' "$name" $((SECONDS - started))
    grep -E '^_+ [A-Z]+ /|^- ST|Expected|Received|Documented|Invalid component' "$work/$name.txt" | head -60
    tail -20 "$work/$name.txt"
  fi
}
run anonymous
for account in $accounts; do
  token="$("$binary" token create --database-url "$db" --username "$account" --all-scopes 2>/dev/null)"
  run "$account" -H "Authorization: Bearer $token"
done
exit $failed
