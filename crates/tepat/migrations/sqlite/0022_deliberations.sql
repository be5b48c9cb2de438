-- Village deliberations (musyawarah desa/kelurahan): scheduled and published in advance,
-- then recorded once held — who attended in which role, a decision with its reasoning on
-- every agenda item (the proposals waiting at the village step and the open objections) —
-- and finalised: from then on immutable, its decisions applied to the proposals in the
-- same transaction, its minutes public and committed to by the transparency log.

CREATE TABLE deliberations (
    id               INTEGER PRIMARY KEY,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    held_on          TEXT NOT NULL,
    place            TEXT NOT NULL,
    -- scheduled, finalised
    status           TEXT NOT NULL,
    chair            TEXT,
    scheduled_kind   TEXT NOT NULL,
    scheduled_id     INTEGER,
    scheduled_role   TEXT NOT NULL,
    scheduled_at     TEXT NOT NULL,
    finalised_kind   TEXT,
    finalised_id     INTEGER,
    finalised_role   TEXT,
    finalised_name   TEXT,
    finalised_at     TEXT,
    -- SHA-256 of the minutes' canonical JSON, also in the finalising event.
    minutes_sha256   TEXT,
    -- The deliberation.finalised event (its log index is the minutes' entry in the log).
    event_id         INTEGER REFERENCES events (id)
);
CREATE INDEX deliberations_region ON deliberations (region_code, held_on);

CREATE TABLE deliberation_attendees (
    id               INTEGER PRIMARY KEY,
    deliberation_id  INTEGER NOT NULL REFERENCES deliberations (id),
    name             TEXT NOT NULL,
    -- rt_rw, family_representative, babinsa, bhabinkamtibmas, village_head,
    -- village_operator, facilitator, other
    role             TEXT NOT NULL,
    -- The family a representative speaks for.
    household_id     INTEGER REFERENCES households (id),
    -- The official's account, when the attendee is one.
    account_id       INTEGER REFERENCES accounts (id)
);
CREATE INDEX deliberation_attendees_of ON deliberation_attendees (deliberation_id);

CREATE TABLE deliberation_items (
    id               INTEGER PRIMARY KEY,
    deliberation_id  INTEGER NOT NULL REFERENCES deliberations (id),
    -- proposal, objection
    kind             TEXT NOT NULL,
    subject_id       INTEGER NOT NULL,
    household_id     INTEGER NOT NULL REFERENCES households (id),
    -- approve, return (a proposal); noted (an objection, which the district verifies)
    decision         TEXT NOT NULL,
    reasoning        TEXT NOT NULL
);
CREATE INDEX deliberation_items_of ON deliberation_items (deliberation_id);
