#!/usr/bin/env python3
"""Loads a generated household file (bench/registry/generate.py) straight into a migrated
Tepat database for the scoring benchmark: one households row per family (its survey as the
JSON the registry stores) and one persons row per member. It skips the importer's checks,
versions and events, which scoring does not read, so a million families load in minutes.

    python3 bench/registry/generate.py --persons 3800000 --out keluarga.csv
    python3 bench/targeting/load.py keluarga.csv --sqlite bench.db
    python3 bench/targeting/load.py keluarga.csv --postgres postgres://postgres@127.0.0.1/bench
"""

import argparse
import csv
import io
import json
import subprocess
import sqlite3
import sys

NUMBERS = {"floor_area_per_person_m2", "electricity_va", "members_with_disability"}
YES_NO = {"owns_motorbike", "owns_land", "owns_livestock", "has_savings"}
SURVEY = ["floor_area_per_person_m2", "floor_material", "wall_material", "roof_material",
          "water_source", "sanitation", "electricity_va", "cooking_fuel", "owns_motorbike",
          "owns_land", "owns_livestock", "has_savings", "income_bracket",
          "members_with_disability"]
HOUSEHOLD_COLUMNS = ["id", "kk_number", "region_code", "address", "rt", "rw", "phone", "survey",
                     "status", "version", "content_hash", "created_at", "updated_at"]
PERSON_COLUMNS = ["id", "nik", "household_id", "region_code", "full_name", "name_key",
                  "birth_place", "birth_date", "sex", "relationship", "marital_status",
                  "education", "life_status", "version", "content_hash", "created_at",
                  "updated_at"]
AT = "2026-11-01T00:00:00.000Z"


def survey_json(row):
    survey = {}
    for key in SURVEY:
        cell = row.get(key, "")
        if cell == "":
            continue
        if key in NUMBERS:
            survey[key] = int(cell)
        elif key in YES_NO:
            survey[key] = cell == "ya"
        else:
            survey[key] = cell
    return json.dumps(survey, separators=(",", ":"))


def rows(path):
    """(households, persons) row tuples, a family at a time."""
    household_id, person_id, current = 0, 0, None
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kk"] != current:
                current = row["kk"]
                household_id += 1
                yield "h", (household_id, row["kk"], row["village_code"], row["address"],
                            row["rt"], row["rw"], None, survey_json(row), "active", 1,
                            "bench", AT, AT)
            person_id += 1
            yield "p", (person_id, row["nik"], household_id, row["village_code"], row["name"],
                        row["name"].lower(), row["birth_place"], row["birth_date"], row["sex"],
                        row["relationship"], row["marital_status"] or None,
                        row["education"] or None, "hidup", 1, "bench", AT, AT)


def load_sqlite(path, database):
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    households, persons = [], []

    def flush():
        db.executemany(f"INSERT INTO households ({','.join(HOUSEHOLD_COLUMNS)}) VALUES "
                       f"({','.join('?' * len(HOUSEHOLD_COLUMNS))})", households)
        db.executemany(f"INSERT INTO persons ({','.join(PERSON_COLUMNS)}) VALUES "
                       f"({','.join('?' * len(PERSON_COLUMNS))})", persons)
        households.clear()
        persons.clear()

    for kind, values in rows(path):
        (households if kind == "h" else persons).append(values)
        if len(persons) >= 100_000:
            flush()
    flush()
    db.commit()
    db.close()


def copy_postgres(url, table, columns, tuples):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for values in tuples:
        writer.writerow(["\\N" if v is None else v for v in values])
    command = (f"\\copy {table} ({','.join(columns)}) FROM STDIN "
               "WITH (FORMAT csv, NULL '\\N')")
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", command],
                   input=buffer.getvalue().encode(), check=True)


def load_postgres(path, url):
    households, persons = [], []
    for kind, values in rows(path):
        (households if kind == "h" else persons).append(values)
        if len(persons) >= 500_000:
            copy_postgres(url, "households", HOUSEHOLD_COLUMNS, households)
            copy_postgres(url, "persons", PERSON_COLUMNS, persons)
            households.clear()
            persons.clear()
    copy_postgres(url, "households", HOUSEHOLD_COLUMNS, households)
    copy_postgres(url, "persons", PERSON_COLUMNS, persons)
    # Identity columns count on from the largest id, as the application's inserts expect.
    for table in ("households", "persons"):
        subprocess.run(["psql", url, "-q", "-c",
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"], check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run(["psql", url, "-q", "-c", "ANALYZE"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--sqlite", help="path of a migrated SQLite database")
    target.add_argument("--postgres", help="URL of a migrated PostgreSQL database")
    args = parser.parse_args()
    if args.sqlite:
        load_sqlite(args.file, args.sqlite)
    else:
        load_postgres(args.file, args.postgres)
    print("loaded", file=sys.stderr)


if __name__ == "__main__":
    main()
