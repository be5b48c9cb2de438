-- Spending vouchers without a connection: the devices a shop signs its offline purchases
-- with, the limits that bound what offline spending can lose, and the proofs of a double
-- spend caught when a device's queue is synced.

-- A shop's phone: its own Ed25519 key signs every purchase it records offline.
CREATE TABLE merchant_devices (
    id              INTEGER PRIMARY KEY,
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    -- The 32-byte public key, base64url without padding.
    public_key      TEXT NOT NULL UNIQUE,
    label           TEXT NOT NULL,
    -- active or revoked
    status          TEXT NOT NULL,
    registered_at   TEXT NOT NULL
);
CREATE INDEX merchant_devices_merchant ON merchant_devices (merchant_id);

-- Per programme, in rupiah: the most one voucher may be spent offline at one shop, the
-- most one shop may take offline in a day, and the most it may hold unsynced at once —
-- the bound on what a shop can lose to offline spending.
CREATE TABLE offline_limits (
    programme_code  TEXT PRIMARY KEY,
    per_voucher     INTEGER NOT NULL CHECK (per_voucher > 0),
    per_day         INTEGER NOT NULL CHECK (per_day > 0),
    outstanding     INTEGER NOT NULL CHECK (outstanding > 0)
);
INSERT INTO offline_limits (programme_code, per_voucher, per_day, outstanding) VALUES
    ('SEMBAKO', 200000, 2000000, 3000000),
    ('KJP_PLUS', 300000, 2000000, 3000000);

-- An offline purchase keeps the record its device signed and the signature.
ALTER TABLE redemptions ADD COLUMN device_id INTEGER REFERENCES merchant_devices (id);
ALTER TABLE redemptions ADD COLUMN record TEXT;
ALTER TABLE redemptions ADD COLUMN signature TEXT;

-- A double spend: an offline purchase that the voucher could no longer pay when it was
-- synced. The refused record and its signature stay here with the purchases that spent
-- the balance first, as the proof a district officer decides on.
CREATE TABLE double_spends (
    id              INTEGER PRIMARY KEY,
    voucher_id      INTEGER NOT NULL REFERENCES vouchers (id),
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    device_id       INTEGER NOT NULL REFERENCES merchant_devices (id),
    -- The device's id for the purchase; one proof per purchase.
    client_id       TEXT NOT NULL,
    record          TEXT NOT NULL,
    signature       TEXT NOT NULL,
    amount          INTEGER NOT NULL,
    -- What the voucher still held when the record was synced.
    remaining       INTEGER NOT NULL,
    -- open, upheld (fraud) or dismissed
    status          TEXT NOT NULL,
    decision_note   TEXT,
    decided_by      INTEGER REFERENCES accounts (id),
    decided_at      TEXT,
    detected_at     TEXT NOT NULL,
    CONSTRAINT double_spends_record UNIQUE (device_id, client_id)
);
CREATE INDEX double_spends_merchant ON double_spends (merchant_id, status);
