"""Deduplicates a `tepat dedup` input file with Splink on DuckDB, for comparison.

Usage: python3 splink_dedup.py --input persons.csv --output clusters.csv [--threads 2]
       [--threshold 0.5]

Run inside a virtual environment with `splink` installed (run.sh makes a throw-away one).
Writes `id,cluster_id` like `tepat dedup`. The configuration follows Splink's own
tutorials, adapted to these columns:

* light cleaning in SQL: lower case, punctuation removed, common titles dropped, first
  and last name token, birth year, regency (first four digits of the village code);
* comparisons, the same six pieces of evidence ours weighs: name (NameComparison, with
  term-frequency adjustment), birth date (DateOfBirthComparison), NIK (Levenshtein 1, 2),
  sex (exact), birth place (Jaro-Winkler 0.9), and the household as one comparison (same
  KK, same village and address, same village, same regency);
* prediction blocking comparable to ours: NIK; KK; birth date with regency; cleaned name
  with birth year; first name with birth date; last name with birth date; cleaned name
  with village;
* training: the match share from exact NIK and exact name-and-birth-date pairs (recall
  0.7), u by random sampling (5 million pairs), m by EM in two sessions (blocked on NIK,
  then on birth date with regency);
* links at match probability >= threshold (0.5 unless given), connected components.
"""

import argparse
import os
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

TITLES = r"\b(h|hj|hjh|haji|bpk|bapak|ibu|ny|nn|sdr|sdri|dr|drs|dra|ir|prof|alm|almh)\b"
DEGREES = r",.*$"

CLEAN_SQL = f"""
CREATE TABLE persons AS
WITH raw AS (SELECT * FROM read_csv(?, all_varchar = true, header = true))
SELECT
  id,
  nullif(regexp_replace(nik, '[^0-9]', '', 'g'), '') AS nik,
  nullif(regexp_replace(kk, '[^0-9]', '', 'g'), '') AS kk,
  nullif(trim(regexp_replace(regexp_replace(regexp_replace(
      regexp_replace(lower(name), '{DEGREES}', ''), '[^a-z ]', ' ', 'g'),
      '{TITLES}', ' ', 'g'), ' +', ' ', 'g')), '') AS name_clean,
  nullif(upper(trim(sex)), '') AS sex,
  nullif(trim(regexp_replace(lower(birth_place), '(kabupaten|kab\\.|kota)', '', 'g')), '')
    AS birth_place,
  CASE WHEN try_cast(birth_date AS DATE) IS NULL THEN NULL ELSE birth_date END AS birth_date,
  nullif(trim(regexp_replace(regexp_replace(lower(address),
      '(jalan|jln\\.?|jl\\.?|no\\.?)', ' ', 'g'), '[^a-z0-9 ]', ' ', 'g')), '') AS address,
  nullif(ltrim(rt, '0') || '/' || ltrim(rw, '0'), '/') AS rt_rw,
  nullif(regexp_replace(village_code, '[^0-9]', '', 'g'), '') AS village_code
FROM raw
"""

DERIVED_SQL = """
CREATE TABLE persons_ready AS
SELECT *,
  split_part(name_clean, ' ', 1) AS first_name,
  CASE WHEN strpos(name_clean, ' ') > 0
       THEN regexp_extract(name_clean, '([a-z]+)$', 1) END AS last_name,
  substr(birth_date, 1, 4) AS birth_year,
  substr(village_code, 1, 4) AS regency
FROM persons
"""


# Household fields as one comparison, as our engine does: family members share all of
# them, and separate comparisons would count that one fact four times.
HOUSEHOLD = {
    "output_column_name": "household",
    "comparison_levels": [
        {
            "sql_condition": "(kk_l IS NULL OR kk_r IS NULL) AND (address_l IS NULL OR "
            "address_r IS NULL) AND (village_code_l IS NULL OR village_code_r IS NULL)",
            "label_for_charts": "missing",
            "is_null_level": True,
        },
        {"sql_condition": "kk_l = kk_r", "label_for_charts": "same kk"},
        {
            "sql_condition": "village_code_l = village_code_r AND "
            "jaro_winkler_similarity(address_l, address_r) >= 0.9",
            "label_for_charts": "same address",
        },
        {"sql_condition": "village_code_l = village_code_r", "label_for_charts": "same village"},
        {"sql_condition": "regency_l = regency_r", "label_for_charts": "same regency"},
        {"sql_condition": "ELSE", "label_for_charts": "different"},
    ],
}


def settings():
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="id",
        comparisons=[
            cl.NameComparison("name_clean").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.LevenshteinAtThresholds("nik", [1, 2]),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("birth_place", [0.9]),
            HOUSEHOLD,
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("kk"),
            block_on("birth_date", "regency"),
            block_on("name_clean", "birth_year"),
            block_on("first_name", "birth_date"),
            block_on("last_name", "birth_date"),
            block_on("name_clean", "village_code"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    started = time.time()
    connection = duckdb.connect()
    connection.execute(f"SET threads TO {args.threads}")
    connection.execute(CLEAN_SQL, [os.path.abspath(args.input)])
    connection.execute(DERIVED_SQL)
    db_api = DuckDBAPI(connection=connection)
    table = db_api.register("persons_ready")
    linker = Linker(table, settings(), log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik"), block_on("name_clean", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_date", "regency")
    )
    predictions = linker.inference.predict(threshold_match_probability=args.threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.threshold
    )
    relation = clusters.as_duckdbpyrelation()
    relation.select("id, cluster_id").write_csv(args.output, header=True)
    print(f"splink: done in {time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
