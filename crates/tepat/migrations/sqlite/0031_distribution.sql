-- Hand-outs of goods in person (penyaluran barang): an event at a place and a day, its
-- households invited to time slots with a check-in code each, and their ratings.

-- One hand-out: where, when (local time of the village), and what each household gets.
CREATE TABLE distribution_events (
    id              INTEGER PRIMARY KEY,
    programme_code  TEXT NOT NULL REFERENCES programmes (code),
    -- The village it serves.
    region_code     TEXT NOT NULL REFERENCES regions (code),
    name            TEXT NOT NULL,
    place           TEXT NOT NULL,
    latitude        REAL,
    longitude       REAL,
    -- YYYY-MM-DD, and HH:MM in the village's zone.
    day             TEXT NOT NULL,
    starts          TEXT NOT NULL,
    ends            TEXT NOT NULL,
    slot_minutes    INTEGER NOT NULL CHECK (slot_minutes > 0),
    slot_capacity   INTEGER NOT NULL CHECK (slot_capacity > 0),
    goods           TEXT NOT NULL,
    -- scheduled or closed
    status          TEXT NOT NULL,
    -- The event it re-schedules the no-shows of, if any.
    previous_id     INTEGER REFERENCES distribution_events (id),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX distribution_events_region ON distribution_events (region_code, day);

-- A household invited to one slot of a hand-out, with the code it shows at the site.
CREATE TABLE distribution_invitations (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES distribution_events (id),
    household_id    INTEGER NOT NULL REFERENCES households (id),
    -- HH:MM, local.
    slot            TEXT NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    -- invited, checked_in, no_show or rescheduled
    status          TEXT NOT NULL,
    checked_in_at   TEXT,
    checked_in_by   TEXT,
    CONSTRAINT distribution_invitations_household UNIQUE (event_id, household_id)
);

-- A recipient's rating of a hand-out they attended: one per invitation.
CREATE TABLE distribution_ratings (
    id              INTEGER PRIMARY KEY,
    invitation_id   INTEGER NOT NULL UNIQUE REFERENCES distribution_invitations (id),
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
