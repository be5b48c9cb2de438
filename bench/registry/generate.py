#!/usr/bin/env python3
"""Synthetic household files for the registry import benchmark and tests.

Writes the import layout (one row per person, a family's rows together) with realistic
Indonesian names, household sizes and ages, and NIK and KK numbers that pass every rule:
the NIK's district, birth date (women: day + 40) and serial; the KK's district,
registration date and serial. Villages are real Kemendagri codes read from the region list
shipped in crates/tepat/data/wilayah.csv (MIT, Copyright (c) 2017-2025 Cahya DSN).

    python3 bench/registry/generate.py --persons 1000000 --out /tmp/keluarga.csv
"""

import argparse
import csv
import datetime
import random
import sys
from pathlib import Path

REGION_LIST = Path(__file__).resolve().parents[2] / "crates/tepat/data/wilayah.csv"

MALE = ["Budi", "Agus", "Slamet", "Joko", "Ahmad", "Muhammad", "Dedi", "Eko", "Hendra", "Rudi",
        "Bambang", "Sutrisno", "Wahyu", "Andi", "Rizki", "Fajar", "Yusuf", "Imam", "Teguh",
        "Hadi", "Made", "Ketut", "Wayan", "Nyoman", "Asep", "Ujang", "Dadang", "Iwan", "Bayu",
        "Arif", "Taufik", "Hasan", "Ridwan", "Syahrul", "Fauzi", "Yohanes", "Petrus", "Stefanus"]
FEMALE = ["Siti", "Sri", "Dewi", "Nur", "Rina", "Wati", "Fitri", "Ani", "Yuli", "Ratna",
          "Lestari", "Endang", "Sumiati", "Kartini", "Nurhayati", "Putri", "Ayu", "Indah",
          "Rahmawati", "Aisyah", "Fatimah", "Ni Luh", "Ni Made", "Euis", "Neneng", "Maria",
          "Yohana", "Suryani", "Mega", "Wulan", "Dian", "Novi", "Intan", "Lia", "Rosmawati"]
FAMILY = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Pratama",
          "Nasution", "Siregar", "Harahap", "Lubis", "Simanjuntak", "Sinaga", "Tanjung",
          "Wibowo", "Susanto", "Gunawan", "Rahman", "Hakim", "Permana", "Suryadi", "Purnomo",
          "Sihombing", "Manurung", "Pangaribuan", "Wahyudi", "Hartono", "Prasetyo", "Maulana",
          "Firmansyah", "Ramadhan", "Kusuma", "Utomo", "Nugroho", "Lim", "Tan"]
PLACES = ["Jakarta", "Bandung", "Surabaya", "Medan", "Semarang", "Makassar", "Palembang",
          "Yogyakarta", "Malang", "Bogor", "Denpasar", "Padang", "Pontianak", "Manado",
          "Banjarmasin", "Kupang", "Jayapura", "Ambon", "Mataram", "Cirebon", "Solo", "Tegal"]
STREETS = ["Jl. Melati", "Jl. Mawar", "Jl. Kenanga", "Jl. Merdeka", "Jl. Pahlawan",
           "Jl. Sudirman", "Gg. Masjid", "Jl. Raya", "Jl. Kebon Jeruk", "Jl. Teratai"]
# Household sizes and their weights, close to the national average of about 3.8.
SIZES = [1, 2, 3, 4, 5, 6, 7, 8]
SIZE_WEIGHTS = [8, 17, 24, 25, 15, 7, 3, 1]
SURVEY = ["floor_area_per_person_m2", "floor_material", "wall_material", "roof_material",
          "water_source", "sanitation", "electricity_va", "cooking_fuel", "owns_motorbike",
          "owns_land", "owns_livestock", "has_savings", "income_bracket",
          "members_with_disability"]
HEADER = ["kk", "nik", "name", "sex", "birth_place", "birth_date", "relationship",
          "village_code", "address", "rt", "rw", "phone", "marital_status",
          "education"] + SURVEY
# Survey answers from poorest to best off; a family's answers follow one latent level with
# noise, so attributes correlate as they do in Susenas (better floors go with better walls,
# electricity and fuel), without copying any survey's numbers.
LADDERS = {
    "floor_material": ["tanah", "bambu", "kayu", "semen", "keramik"],
    "wall_material": ["rumbia", "bambu", "kayu", "tembok_tanpa_plester", "tembok"],
    "roof_material": ["ijuk", "seng", "asbes", "genteng", "beton"],
    "water_source": ["sungai", "sumur_tak_terlindung", "sumur_terlindung", "ledeng",
                     "air_kemasan"],
    "sanitation": ["tidak_ada", "bersama", "bersama", "sendiri", "sendiri"],
    "electricity_va": ["0", "450", "900", "1300", "2200"],
    "cooking_fuel": ["kayu_bakar", "minyak_tanah", "elpiji_3kg", "elpiji_3kg", "elpiji"],
    "income_bracket": ["1", "2", "3", "4", "5"],
}


def load_villages(prefix):
    districts, villages = set(), []
    with open(REGION_LIST, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["code"]
            if row["level"] == "3":
                districts.add(code)
            elif row["level"] == "4" and code.startswith(prefix):
                villages.append(code)
    return sorted(districts), villages


class Numbers:
    """Hands out NIK and KK numbers, unique by serial within their first twelve digits."""

    def __init__(self):
        self.serials = {}

    def next(self, district, day, month, year):
        stem = f"{district.replace('.', '')}{day:02d}{month:02d}{year % 100:02d}"
        serial = self.serials.get(stem, 0) + 1
        self.serials[stem] = serial
        return f"{stem}{serial:04d}" if serial <= 9999 else None


def birth(rng, today, age_low, age_high):
    age_days = rng.randint(age_low * 365, age_high * 365)
    return today - datetime.timedelta(days=age_days)


def person(rng, numbers, districts, home_district, sex, born, relationship, family_name):
    # Most people were first issued a NIK where they live; some moved in from elsewhere.
    district = home_district if rng.random() < 0.8 else rng.choice(districts)
    day = born.day + (40 if sex == "P" else 0)
    nik = numbers.next(district, day, born.month, born.year)
    first = rng.choice(MALE if sex == "L" else FEMALE)
    name = first if rng.random() < 0.12 else f"{first} {family_name}"
    return nik, name, sex, rng.choice(PLACES), born.isoformat(), relationship


def survey_cells(rng, size):
    """One family's survey answers; about one family in twenty is not surveyed yet."""
    if rng.random() < 0.05:
        return [""] * len(SURVEY)
    level = rng.gauss(2.0, 1.0)

    def step(ladder):
        at = round(level + rng.gauss(0, 0.8))
        return ladder[min(max(at, 0), len(ladder) - 1)]

    def yes(chance):
        return "ya" if rng.random() < chance else "tidak"

    area = max(2, round(rng.lognormvariate(2.2 + 0.25 * level, 0.4) * 3 / max(size, 1)))
    cells = {key: step(ladder) for key, ladder in LADDERS.items()}
    cells["floor_area_per_person_m2"] = str(min(area, 500))
    cells["owns_motorbike"] = yes(min(0.9, 0.2 + 0.2 * level))
    cells["owns_land"] = yes(0.3)
    cells["owns_livestock"] = yes(max(0.05, 0.4 - 0.1 * level))
    cells["has_savings"] = yes(min(0.9, max(0.05, 0.15 * level)))
    cells["members_with_disability"] = "1" if rng.random() < 0.04 else "0"
    return [cells[key] for key in SURVEY]


def family_rows(rng, numbers, districts, village, today):
    district = village.rsplit(".", 1)[0]
    size = rng.choices(SIZES, SIZE_WEIGHTS)[0]
    registered = birth(rng, today, 0, 20)
    kk = numbers.next(district, registered.day, registered.month, registered.year)
    family_name = rng.choice(FAMILY)
    head_sex = "L" if rng.random() < 0.85 else "P"
    members = [("kepala", head_sex, birth(rng, today, 25, 75))]
    if size >= 2:
        spouse = ("istri", "P") if head_sex == "L" else ("suami", "L")
        members.append((spouse[0], spouse[1], birth(rng, today, 22, 70)))
    for _ in range(size - len(members)):
        members.append(("anak", rng.choice("LP"), birth(rng, today, 0, 24)))
    address = f"{rng.choice(STREETS)} No. {rng.randint(1, 150)}"
    rt, rw = str(rng.randint(1, 15)), str(rng.randint(1, 12))
    phone = f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}"
    survey = survey_cells(rng, size)
    rows = []
    for relationship, sex, born in members:
        nik, name, sex, place, born_text, relationship = person(
            rng, numbers, districts, district, sex, born, relationship, family_name)
        if nik is None or kk is None:
            return []
        married = "kawin" if relationship != "anak" else "belum_kawin"
        education = rng.choice(["sd", "smp", "sma", "s1"]) if relationship != "anak" else ""
        rows.append([kk, nik, name, sex, place, born_text, relationship, village, address,
                     rt, rw, phone if relationship == "kepala" else "", married, education]
                    + survey)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--out", default="-")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--region", default="", help="only villages under this code prefix")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    districts, villages = load_villages(args.region)
    if not villages:
        sys.exit(f"no villages under {args.region!r}")
    today = datetime.date.today() - datetime.timedelta(days=1)
    numbers = Numbers()
    out = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    written = 0
    while written < args.persons:
        rows = family_rows(rng, numbers, districts, rng.choice(villages), today)
        rows = rows[: args.persons - written]
        if rows and rows[0][6] != "kepala":
            continue
        writer.writerows(rows)
        written += len(rows)
    if out is not sys.stdout:
        out.close()
    print(f"{written} persons written", file=sys.stderr)


if __name__ == "__main__":
    main()
