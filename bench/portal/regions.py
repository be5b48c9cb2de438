#!/usr/bin/env python3
"""Prints N statistics paths of a benchmark database, over every level: the whole country,
every province, then regencies, districts and villages with households, drawn at random
(a third each of the rest). KIND `page` asks for `/statistik?wilayah=CODE`, `json` for
`/statistik/penerima.json?wilayah=CODE`.

    python3 bench/portal/regions.py portal.db 2000 page > statistik.txt
"""

import random
import sqlite3
import sys


def main():
    db = sqlite3.connect(sys.argv[1])
    count = int(sys.argv[2])
    kind = sys.argv[3] if len(sys.argv) > 3 else "page"
    villages = [r[0] for r in db.execute("SELECT DISTINCT region_code FROM households")]
    rng = random.Random(17)
    levels = {n: sorted({".".join(v.split(".")[:n]) for v in villages}) for n in (1, 2, 3)}
    codes = [""] + levels[1]
    while len(codes) < count:
        pool = [levels[2], levels[3], villages][len(codes) % 3]
        codes.append(rng.choice(pool))
    for code in codes[:count]:
        query = f"?wilayah={code}" if code else ""
        if kind == "json":
            print(f"/statistik/penerima.json{query}")
        else:
            print(f"/statistik{query}")


if __name__ == "__main__":
    main()
