#!/usr/bin/env bash
# Speed and quality of `tepat dedup` against Splink (DuckDB) on one generated file.
#
#   bench/linkage/run.sh                 1,000,000 records: ours and Splink, same file
#   bench/linkage/run.sh --scale         10,000,000 records: ours only (scaling run)
#   bench/linkage/run.sh --records N     any size; add --no-splink to skip Splink
#   bench/linkage/run.sh --profile sparse  rows with identifiers often missing (default full)
#
# Environment:
#   TEPAT_BIN     the tepat binary (default target/release/tepat); runs "$TEPAT_BIN dedup"
#   DEDUP_CMD     the whole dedup command instead, e.g. the library's example binary:
#                 DEDUP_CMD=target/release/examples/dedup
#   WORK          directory for data and results (default: a new temporary directory)
#   SPLINK_VERSION  Splink version from PyPI (default 5.0.0)
#   THREADS       threads for Splink's DuckDB (default 2, the size of this machine)
#
# Prints one line per engine: wall time, peak memory (from /usr/bin/time -v) and
# pairwise precision, recall and F1 against the generator's ground truth.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RECORDS=1000000
SPLINK=1
PROFILE=full
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --scale) RECORDS=10000000; SPLINK=0; shift ;;
    --no-splink) SPLINK=0; shift ;;
    --profile) PROFILE="$2"; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
WORK="${WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DEDUP_CMD="${DEDUP_CMD:-${TEPAT_BIN:-$ROOT/target/release/tepat} dedup}"
THREADS="${THREADS:-2}"

echo "building the data generator" >&2
cargo build --quiet --release --manifest-path "$ROOT/crates/linkage/Cargo.toml" \
  --example gen_persons --target-dir "$TARGET"
echo "generating $RECORDS records ($PROFILE profile) in $WORK" >&2
"$TARGET/release/examples/gen_persons" --records "$RECORDS" --profile "$PROFILE" \
  --villages "$HERE/data/villages.csv" --out "$WORK/persons.csv" --truth "$WORK/truth.csv"

# Runs a command under /usr/bin/time -v; prints "seconds peak_mib" from its report.
measure() {
  local log="$1"; shift
  /usr/bin/time -v "$@" 2> "$log" > /dev/null || { tail -20 "$log" >&2; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
      for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%.1f %.0f\n", wall, rss }' "$log"
}

report() {
  local label="$1" timing="$2" clusters="$3"
  read -r seconds mib <<< "$timing"
  local quality
  quality="$(python3 "$HERE/quality.py" "$WORK/truth.csv" "$clusters" "$label")"
  printf '%-8s profile=%s records=%s time=%ss peak_rss=%sMiB %s\n' "$label" "$PROFILE" "$RECORDS" "$seconds" "$mib" \
    "$(echo "$quality" | cut -d' ' -f2-)"
}

echo "running: $DEDUP_CMD" >&2
# shellcheck disable=SC2086
OURS="$(measure "$WORK/tepat.log" $DEDUP_CMD --input "$WORK/persons.csv" \
  --output "$WORK/clusters_tepat.csv")"
RESULTS="$(report tepat "$OURS" "$WORK/clusters_tepat.csv")"

if [ "$SPLINK" = 1 ]; then
  echo "installing Splink ${SPLINK_VERSION:-5.0.0} into a throw-away venv" >&2
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet "splink==${SPLINK_VERSION:-5.0.0}"
  echo "running Splink with $THREADS DuckDB threads" >&2
  SPLINK_TIMING="$(measure "$WORK/splink.log" "$WORK/venv/bin/python" "$HERE/splink_dedup.py" \
    --input "$WORK/persons.csv" --output "$WORK/clusters_splink.csv" --threads "$THREADS")"
  RESULTS="$RESULTS
$(report splink "$SPLINK_TIMING" "$WORK/clusters_splink.csv")"
fi

echo "$RESULTS"
