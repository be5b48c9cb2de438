#!/usr/bin/env bash
# Imports a generated household file into a fresh SQLite database and prints the rate and
# the peak memory. Usage: bench/registry/run.sh [PERSONS] (default 1,000,000).
set -euo pipefail
persons="${1:-1000000}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tepat="${TEPAT_BIN:-$here/../../target/release/tepat}"
python3 "$here/generate.py" --persons "$persons" --out "$work/keluarga.csv"
"$tepat" migrate --database-url "sqlite://$work/bench.db" > /dev/null
start=$(date +%s.%N)
/usr/bin/time -v "$tepat" import households "$work/keluarga.csv" \
    --database-url "sqlite://$work/bench.db" --report "$work/report.csv" 2> "$work/time.txt"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc)
echo "persons: $persons  seconds: $seconds  rows/s: $(echo "$persons / $seconds" | bc)"
grep -E "Maximum resident set size|Elapsed" "$work/time.txt"
