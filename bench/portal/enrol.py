#!/usr/bin/env python3
"""Enrols every third active household of a loaded benchmark database in PKH and every
fifth in SEMBAKO (one event for all, as the benchmark needs no trail), so that lookups
answer with programmes as they would in production.

    python3 bench/portal/enrol.py portal.db
"""

import sqlite3
import sys

AT = "2026-11-15T00:00:00.000Z"


def main():
    db = sqlite3.connect(sys.argv[1])
    cur = db.execute(
        "INSERT INTO events (occurred_at, actor_kind, actor_role, action, subject_type, "
        "subject_id, changes) VALUES (?, 'system', 'system', 'enrolment.benchmark', "
        "'programme', 'PKH', '{}')", (AT,))
    event = cur.lastrowid
    for code, every in (("PKH", 3), ("SEMBAKO", 5)):
        db.execute(
            "INSERT INTO enrolments (programme_code, household_id, region_code, status, source, "
            "reason, started_at, actor_kind, actor_role, event_id) "
            "SELECT ?, id, region_code, 'active', 'override', 'benchmark', ?, 'system', "
            "'system', ? FROM households WHERE status = 'active' AND id % ? = 0",
            (code, AT, event, every))
    db.commit()
    count = db.execute("SELECT COUNT(*) FROM enrolments").fetchone()[0]
    print(f"enrolments: {count}")


if __name__ == "__main__":
    main()
