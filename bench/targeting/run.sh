#!/usr/bin/env bash
# Scores and ranks a generated registry with `tepat targeting score` and prints the time
# and peak memory: SQLite always, PostgreSQL too when BENCH_POSTGRES names a server URL
# (a database `tepat_bench_targeting` is created there and dropped at the end).
# Usage: bench/targeting/run.sh [PERSONS] (default 3,800,000: about 1,000,000 families).
set -euo pipefail
persons="${1:-3800000}"
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_WORK:-$(mktemp -d)}"
tepat="${TEPAT_BIN:-$here/../../target/release/tepat}"
if [ ! -f "$work/keluarga.csv" ]; then
    python3 "$here/../registry/generate.py" --persons "$persons" --out "$work/keluarga.csv"
fi

score() {  # score URL LABEL
    for run in 1 2; do
        /usr/bin/time -v "$tepat" targeting score --database-url "$1" \
            > "$work/score.txt" 2> "$work/time.txt"
        echo "$2 run $run: $(grep -E '^households' "$work/score.txt")," \
            "$(grep -E 'Elapsed' "$work/time.txt" | sed 's/.*: //') wall," \
            "$(grep -E 'Maximum resident' "$work/time.txt" | sed 's/.*: //') KiB peak"
    done
    cat "$work/score.txt"
}

rm -f "$work/bench.db"*
"$tepat" migrate --database-url "sqlite://$work/bench.db" > /dev/null
python3 "$here/load.py" "$work/keluarga.csv" --sqlite "$work/bench.db"
score "sqlite://$work/bench.db" sqlite

if [ -n "${BENCH_POSTGRES:-}" ]; then
    base="${BENCH_POSTGRES%/*}"
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_targeting" \
        -c "CREATE DATABASE tepat_bench_targeting"
    url="$base/tepat_bench_targeting"
    "$tepat" migrate --database-url "$url" > /dev/null
    python3 "$here/load.py" "$work/keluarga.csv" --postgres "$url"
    score "$url" postgres
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE tepat_bench_targeting"
fi
