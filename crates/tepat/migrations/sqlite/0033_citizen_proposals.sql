-- Citizen proposals (usul) and evidence on proposals. A resident proposes a neighbouring
-- household from the public site with their NIK and birth date; the proposal is one of
-- `proposals` with proposer kind `citizen`, the resident's person, the client address
-- (for the limit per address) and a tracking code. Evidence files (JPEG, PNG or PDF) are
-- kept with their SHA-256, which the proposal's event names. Never updated or deleted.

ALTER TABLE proposals ADD COLUMN tracking_code TEXT;
ALTER TABLE proposals ADD COLUMN proposer_person_id INTEGER REFERENCES persons (id);
ALTER TABLE proposals ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX proposals_tracking_code ON proposals (tracking_code);
CREATE INDEX proposals_client ON proposals (client_key, created_at);

CREATE TABLE proposal_evidence (
    id              INTEGER PRIMARY KEY,
    proposal_id     INTEGER NOT NULL REFERENCES proposals (id),
    file_name       TEXT NOT NULL,
    -- image/jpeg, image/png, application/pdf: read from the content.
    content_type    TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX proposal_evidence_proposal ON proposal_evidence (proposal_id);
