#!/usr/bin/env bash
# The money benchmarks: the ledger alone through its store API, and a programme cycle over
# a synthetic registry from computation to a reserved payroll. SQLite always (three runs
# each, for a median), PostgreSQL too when BENCH_POSTGRES names a server (a database
# `tepat_bench_money` is created there and dropped at the end).
# Usage: bench/disbursement/run.sh [HOUSEHOLDS] [TRANSFERS] (default 1,000,000 each).
set -euo pipefail
households="${1:-1000000}"
transfers="${2:-1000000}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --release -p tepat --example ledger --example cycle
for run in 1 2 3; do
    echo "== SQLite, run $run"
    ./target/release/examples/ledger "$transfers" 10000
    ./target/release/examples/cycle "$households"
done
if [ -n "${BENCH_POSTGRES:-}" ]; then
    database="${BENCH_POSTGRES%/*}/tepat_bench_money"
    for example in "ledger $transfers 10000" "cycle $households"; do
        psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_money" \
            -c "CREATE DATABASE tepat_bench_money"
        echo "== PostgreSQL"
        # shellcheck disable=SC2086
        TEPAT_BENCH_DATABASE_URL="$database" ./target/release/examples/$example
    done
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_money"
fi
