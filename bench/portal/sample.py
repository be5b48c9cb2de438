#!/usr/bin/env python3
"""Prints N lookup query strings (`region=CODE&name=TEXT`) drawn from living persons of a
benchmark database: the beginning of one word of the name (3 to 6 letters), or of two
words in order, so the lookups vary over villages and names as citizens' would.

    python3 bench/portal/sample.py portal.db 5000 > lookups.txt
"""

import random
import sqlite3
import sys
import urllib.parse


def main():
    db = sqlite3.connect(sys.argv[1])
    count = int(sys.argv[2])
    top = db.execute("SELECT MAX(id) FROM persons").fetchone()[0]
    rng = random.Random(17)
    printed = 0
    while printed < count:
        row = db.execute(
            "SELECT region_code, full_name FROM persons WHERE id >= ? AND life_status = 'hidup' "
            "LIMIT 1", (rng.randint(1, top),)).fetchone()
        if row is None:
            continue
        code, name = row
        words = [w for w in name.upper().split() if w.isalpha()]
        if not words:
            continue
        if len(words) >= 2 and rng.random() < 0.4:
            typed = " ".join(w[: rng.randint(2, 4)] for w in words[:2])
        else:
            typed = rng.choice(words)[: rng.randint(3, 6)]
        if sum(len(w) for w in typed.split()) < 3:
            continue
        query = urllib.parse.urlencode({"region": code, "name": typed.lower()})
        print(query)
        printed += 1


if __name__ == "__main__":
    main()
