-- The signed minutes (berita acara) of a finalised deliberation, scanned and uploaded back by
-- the village's operator: one per deliberation, never replaced. It carries the attendees'
-- names and signatures, so only officials of the region read it; the public sees its
-- SHA-256.
CREATE TABLE deliberation_scans (
    deliberation_id BIGINT PRIMARY KEY REFERENCES deliberations (id),
    -- application/pdf, image/jpeg or image/png, read from the file's first bytes
    content_type    TEXT NOT NULL,
    bytes           BYTEA NOT NULL,
    sha256          TEXT NOT NULL,
    size            BIGINT NOT NULL,
    uploaded_by     BIGINT REFERENCES accounts (id),
    uploaded_at     TEXT NOT NULL
);
