-- Paying e-warong for the vouchers they took: each settlement is one bank's pain.001 file
-- for a region's shops, one line per shop with what its redemptions came to; every
-- redemption names the line that paid it, so none is paid twice.

CREATE TABLE merchant_settlements (
    id              INTEGER PRIMARY KEY,
    region_code     TEXT NOT NULL,
    -- The shops' bank, which gets the file.
    bank_bic        TEXT NOT NULL,
    merchants       INTEGER NOT NULL,
    total           INTEGER NOT NULL CHECK (total > 0),
    created_by      INTEGER REFERENCES accounts (id),
    created_at      TEXT NOT NULL
);

CREATE TABLE merchant_settlement_lines (
    id              INTEGER PRIMARY KEY,
    settlement_id   INTEGER NOT NULL REFERENCES merchant_settlements (id),
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    redemptions     INTEGER NOT NULL,
    -- The shop's account as it was when paid, so the file never changes.
    account_number  TEXT NOT NULL,
    holder_name     TEXT NOT NULL,
    transfer_id     TEXT NOT NULL UNIQUE
);
CREATE INDEX merchant_settlement_lines_settlement ON merchant_settlement_lines (settlement_id);

ALTER TABLE redemptions ADD COLUMN settlement_line_id INTEGER
    REFERENCES merchant_settlement_lines (id);
CREATE INDEX redemptions_unsettled ON redemptions (merchant_id, settlement_line_id);
