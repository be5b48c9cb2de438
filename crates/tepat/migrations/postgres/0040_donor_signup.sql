-- Donors sign up by themselves (/donasi/daftar) and prove the e-mail address or phone they
-- gave with a code sent there. Contacts recorded before this migration came from
-- administrators and count as verified.
ALTER TABLE donor_contacts ADD COLUMN verified_at TEXT;
-- SHA-256 (hex) of the code last sent; cleared once verified.
ALTER TABLE donor_contacts ADD COLUMN code_sha256 TEXT;
ALTER TABLE donor_contacts ADD COLUMN code_expires_at TEXT;
-- Wrong codes typed against the code last sent; five end it.
ALTER TABLE donor_contacts ADD COLUMN code_attempts BIGINT NOT NULL DEFAULT 0;
-- Codes sent so far, each a message of its own in the outbox.
ALTER TABLE donor_contacts ADD COLUMN codes_sent BIGINT NOT NULL DEFAULT 0;
UPDATE donor_contacts SET verified_at = created_at;
