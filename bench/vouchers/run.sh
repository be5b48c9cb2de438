#!/usr/bin/env bash
# The voucher benchmark: redemptions through the HTTP API of a real server, many e-warong
# spending distinct vouchers, then 1,000 attempts at once on one voucher; and 10,000
# offline redemptions synced from one shop's phone. SQLite always
# (three runs, for a median), PostgreSQL too when BENCH_POSTGRES names a server (a
# database `tepat_bench_vouchers` is created there and dropped at the end).
# Usage: bench/vouchers/run.sh [VOUCHERS] [IN_FLIGHT] (default 20,000 and 64).
set -euo pipefail
vouchers="${1:-20000}"
in_flight="${2:-64}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --release -p tepat --example redemptions --example offline_sync
for run in 1 2 3; do
    echo "== SQLite, run $run"
    ./target/release/examples/redemptions "$vouchers" "$in_flight"
    ./target/release/examples/offline_sync 10000
done
if [ -n "${BENCH_POSTGRES:-}" ]; then
    database="${BENCH_POSTGRES%/*}/tepat_bench_vouchers"
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_vouchers" \
        -c "CREATE DATABASE tepat_bench_vouchers"
    echo "== PostgreSQL"
    TEPAT_BENCH_DATABASE_URL="$database" ./target/release/examples/redemptions "$vouchers" "$in_flight"
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_vouchers" \
        -c "CREATE DATABASE tepat_bench_vouchers"
    TEPAT_BENCH_DATABASE_URL="$database" ./target/release/examples/offline_sync 10000
    psql "$BENCH_POSTGRES" -q -c "DROP DATABASE IF EXISTS tepat_bench_vouchers"
fi
