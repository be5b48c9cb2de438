-- Online self-registration (pendaftaran mandiri): a family applies from the public form or
-- the API, the application waits in its village's queue, an operator or facilitator records
-- the field visit and the survey, then accepts it into the registry or rejects it with a
-- reason the family reads on the status page. Nothing here is deleted.
CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    tracking_number  TEXT NOT NULL,
    form_id          TEXT,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    payload          TEXT NOT NULL,
    statement        TEXT NOT NULL,
    head_name        TEXT NOT NULL,
    head_birth_date  TEXT NOT NULL,
    member_count     INTEGER NOT NULL,
    status           TEXT NOT NULL,
    submitted_at     TEXT NOT NULL,
    visit_result     TEXT,
    visit_note       TEXT,
    survey           TEXT,
    verifier_kind    TEXT,
    verifier_id      INTEGER,
    verifier_role    TEXT,
    verifier_name    TEXT,
    verified_at      TEXT,
    decider_kind     TEXT,
    decider_id       INTEGER,
    decider_role     TEXT,
    decider_name     TEXT,
    decided_at       TEXT,
    decision_reason  TEXT,
    household_id     INTEGER REFERENCES households (id),
    CONSTRAINT applications_tracking_number_key UNIQUE (tracking_number),
    CONSTRAINT applications_form_id_key UNIQUE (form_id)
);
CREATE INDEX applications_region_idx ON applications (region_code, status, id);
CREATE INDEX applications_submitted_idx ON applications (region_code, submitted_at);

CREATE TABLE application_documents (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    content        BLOB NOT NULL,
    sha256         TEXT NOT NULL
);
CREATE INDEX application_documents_application_idx ON application_documents (application_id);

ALTER TABLE record_versions ADD COLUMN application_id INTEGER;
