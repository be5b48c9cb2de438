#!/usr/bin/env bash
# The public statistics under load: the same SQLite registry of about 1,000,000 households
# as run.sh (generated, loaded, scored and enrolled once; shared through BENCH_WORK), the
# release server, and wrk requesting /statistik pages (and their JSON downloads) of regions
# drawn at every level — the whole country, every province, and sampled regencies,
# districts and villages. Prints the figures' read time and memory, then wrk's requests per
# second and latency percentiles.
# Usage: bench/portal/statistik.sh [PERSONS] (default 3,800,000: about 1,000,000 families).
# BENCH_WORK keeps (and reuses) the generated file and database; BENCH_SECONDS (default 30)
# and BENCH_CONNECTIONS (default 16) shape the load; BENCH_PATH_KIND=json asks for
# /statistik/penerima.json instead of the page.
set -euo pipefail
persons="${1:-3800000}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
tepat="${TEPAT_BIN:-$here/../../target/release/tepat}"
seconds="${BENCH_SECONDS:-30}"
connections="${BENCH_CONNECTIONS:-16}"
port="${BENCH_PORT:-18481}"
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
python3 "$here/regions.py" "$db" 2000 "${BENCH_PATH_KIND:-page}" > "$work/statistik.txt"

"$tepat" serve --database-url "sqlite://$db" --listen "127.0.0.1:$port" \
    --log-key-file "$work/log.key" --voucher-key-file "$work/voucher.key" \
    --duplicate-run-hours 0 --ewallet-poll-minutes 0 \
    --notify-interval-seconds 0 > "$work/serve-statistik.txt" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/api/v1/public/statistics" > /dev/null; do
    sleep 1
done
sed 's/\x1b\[[0-9;]*m//g' "$work/serve-statistik.txt" | grep -a -o 'statistics read took_ms=[0-9]*' |
    tail -n 1 | sed 's/^/figures: /' || true
echo "server resident memory with the figures: $(ps -o rss= -p $server) KiB"

cd "$work"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/statistik.lua" \
    "http://127.0.0.1:$port" | tee "$work/wrk-statistik.txt"
echo "server resident memory after the load: $(ps -o rss= -p $server) KiB"
