-- Proposals (usulan): a named official proposes to add a household to a programme or to
-- remove it, with a reason; the proposal goes up the programme's verification chain, each
-- step approved or returned by a named official, and only at the end does an enrolment
-- start or end. A proposal whose proposer is linked to the household is flagged, and the
-- flag with its evidence is kept for ever. Nothing here is updated but a proposal's step.

-- An official's own person record, so that a proposal for their own family is found.
ALTER TABLE accounts ADD COLUMN person_id INTEGER REFERENCES persons (id);

-- The levels a programme's proposals go through, in order, comma-separated: village,
-- district, province, ministry. BLT Dana Desa is decided in the village.
ALTER TABLE programmes ADD COLUMN chain TEXT NOT NULL DEFAULT 'village,district,province,ministry';
UPDATE programmes SET chain = 'village' WHERE code = 'BLT_DD';
UPDATE programmes SET chain = 'village,district,province' WHERE code = 'KJP_PLUS';

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    -- enrol, remove
    kind            TEXT NOT NULL,
    household_id    INTEGER NOT NULL REFERENCES households (id),
    -- The household's village when proposed, for region scope.
    region_code     TEXT NOT NULL,
    programme_code  TEXT NOT NULL REFERENCES programmes (code),
    -- enrol: eligible; remove: deceased, moved, not_poor, duplicate, civil_servant, other
    reason          TEXT NOT NULL,
    note            TEXT NOT NULL,
    -- pending, approved, returned
    status          TEXT NOT NULL,
    -- The level deciding now; the last level that decided once closed.
    step            TEXT NOT NULL,
    step_since      TEXT NOT NULL,
    flagged         INTEGER NOT NULL DEFAULT 0,
    proposer_kind   TEXT NOT NULL,
    proposer_id     INTEGER,
    proposer_role   TEXT NOT NULL,
    proposer_name   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    -- The proposal's first event, written with it.
    event_id        INTEGER REFERENCES events (id),
    closed_at       TEXT,
    enrolment_id    INTEGER REFERENCES enrolments (id)
);
CREATE INDEX proposals_region ON proposals (region_code, id);
CREATE INDEX proposals_open ON proposals (status, step, step_since);
-- One open proposal of a kind per household and programme.
CREATE UNIQUE INDEX proposals_one_open ON proposals (household_id, programme_code, kind)
    WHERE status = 'pending';

-- Each decision of a step: approved or returned, by whom, when and why.
CREATE TABLE proposal_steps (
    id              INTEGER PRIMARY KEY,
    proposal_id     INTEGER NOT NULL REFERENCES proposals (id),
    step            TEXT NOT NULL,
    -- approved, returned
    decision        TEXT NOT NULL,
    official_kind   TEXT NOT NULL,
    official_id     INTEGER,
    official_role   TEXT NOT NULL,
    official_name   TEXT NOT NULL,
    note            TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    event_id        INTEGER NOT NULL REFERENCES events (id),
    CONSTRAINT proposal_steps_once UNIQUE (proposal_id, step)
);

-- A link found between an official and the proposed household (conflict of interest):
-- the basis (same_household, household_history, same_address, family_name,
-- official_household) and its evidence as JSON. Never updated or deleted.
CREATE TABLE proposal_conflicts (
    id              INTEGER PRIMARY KEY,
    proposal_id     INTEGER NOT NULL REFERENCES proposals (id),
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    account_role    TEXT NOT NULL,
    basis           TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    found_at        TEXT NOT NULL,
    event_id        INTEGER NOT NULL REFERENCES events (id)
);
CREATE INDEX proposal_conflicts_proposal ON proposal_conflicts (proposal_id);
CREATE INDEX proposal_conflicts_account ON proposal_conflicts (account_id);
