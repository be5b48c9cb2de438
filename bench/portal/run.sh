#!/usr/bin/env bash
# Cek Bansos under load: a SQLite registry of about 1,000,000 households (generated and
# loaded as for the scoring benchmark), a third of them enrolled and all scored, the release
# server with the per-address limit raised, and wrk sending lookups by village and name
# that vary over 5,000 real (village, name) pairs. Prints the index's read time and memory,
# then wrk's lookups per second and latency percentiles.
# Usage: bench/portal/run.sh [PERSONS] (default 3,800,000: about 1,000,000 families).
# BENCH_WORK keeps (and reuses) the generated file and database; BENCH_SECONDS (default 30)
# and BENCH_CONNECTIONS (default 64) shape the load.
set -euo pipefail
persons="${1:-3800000}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
tepat="${TEPAT_BIN:-$here/../../target/release/tepat}"
seconds="${BENCH_SECONDS:-30}"
connections="${BENCH_CONNECTIONS:-64}"
port="${BENCH_PORT:-18480}"
db="$work/portal.db"

if [ ! -f "$work/keluarga.csv" ]; then
    python3 "$here/../registry/generate.py" --persons "$persons" --out "$work/keluarga.csv"
fi
if [ ! -f "$db" ]; then
    "$tepat" migrate --database-url "sqlite://$db" > /dev/null
    python3 "$here/../targeting/load.py" "$work/keluarga.csv" --sqlite "$db"
    "$tepat" targeting score --database-url "sqlite://$db" > /dev/null
    python3 "$here/enrol.py" "$db"
fi
python3 "$here/sample.py" "$db" 5000 > "$work/lookups.txt"

"$tepat" serve --database-url "sqlite://$db" --listen "127.0.0.1:$port" \
    --log-key-file "$work/log.key" --voucher-key-file "$work/voucher.key" \
    --cek-rate-per-minute 1000000 --duplicate-run-hours 0 --ewallet-poll-minutes 0 \
    --notify-interval-seconds 0 > "$work/serve.txt" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
first="$(head -n 1 "$work/lookups.txt")"
until curl -sf "http://127.0.0.1:$port/api/v1/public/recipients?$first" > /dev/null; do
    sleep 1
done
sed 's/\x1b\[[0-9;]*m//g' "$work/serve.txt" | grep -o 'persons=[0-9]* took_ms=[0-9]*' |
    tail -n 1 | sed 's/^/index: /' || true
echo "server resident memory with the index: $(ps -o rss= -p $server) KiB"

cd "$work"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/lookups.lua" \
    "http://127.0.0.1:$port" | tee "$work/wrk.txt"
echo "server resident memory after the load: $(ps -o rss= -p $server) KiB"
