-- Objections (sanggah): a resident objects to a recipient from the public site, with a
-- reason, a description and optionally a photo of the house with its coordinates. The
-- objector's identity (checked against the registry: a living resident of the same
-- village) is kept here and shown only to the officer who verifies. The district verifies
-- within 14 days or the objection is escalated to the province; it is never dropped. A
-- founded objection becomes a removal proposal.

CREATE TABLE objections (
    id                 INTEGER PRIMARY KEY,
    -- What the objector follows the outcome with.
    tracking_code      TEXT NOT NULL,
    enrolment_id       INTEGER NOT NULL REFERENCES enrolments (id),
    household_id       INTEGER NOT NULL REFERENCES households (id),
    programme_code     TEXT NOT NULL REFERENCES programmes (code),
    -- The recipient's village, for region scope.
    region_code        TEXT NOT NULL,
    -- not_poor, deceased, moved, duplicate, civil_servant, other
    reason             TEXT NOT NULL,
    description        TEXT NOT NULL,
    photo              BLOB,
    photo_type         TEXT,
    latitude           REAL,
    longitude          REAL,
    -- Hidden from village officials.
    objector_person_id INTEGER NOT NULL REFERENCES persons (id),
    client_key         TEXT,
    -- open, escalated, founded, unfounded
    status             TEXT NOT NULL,
    -- The level that must verify: district, then province once escalated.
    level              TEXT NOT NULL,
    due_at             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    escalated_at       TEXT,
    verified_at        TEXT,
    verifier_kind      TEXT,
    verifier_id        INTEGER,
    verifier_role      TEXT,
    verifier_name      TEXT,
    finding_note       TEXT,
    -- The removal proposal a founded objection became.
    proposal_id        INTEGER REFERENCES proposals (id),
    CONSTRAINT objections_tracking_code_key UNIQUE (tracking_code)
);
CREATE INDEX objections_region ON objections (region_code, id);
CREATE INDEX objections_due ON objections (status, due_at);
CREATE INDEX objections_client ON objections (client_key, created_at);
CREATE INDEX objections_objector ON objections (objector_person_id, created_at);
