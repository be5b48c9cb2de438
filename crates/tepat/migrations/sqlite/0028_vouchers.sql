-- Spending without cash: the goods each programme's vouchers may buy, the merchants
-- (e-warong) registered to sell them, the vouchers issued for approved entitlements and
-- what was bought with them.

-- Goods categories per programme; their codes are part of the API in every language.
CREATE TABLE goods_categories (
    programme_code  TEXT NOT NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    -- Rupiah per unit, when the goods are handed out in kind.
    unit_price      INTEGER,
    PRIMARY KEY (programme_code, code)
);
INSERT INTO goods_categories (programme_code, code, name, name_en) VALUES
    ('SEMBAKO', 'beras', 'Beras', 'Rice'),
    ('SEMBAKO', 'telur', 'Telur', 'Eggs'),
    ('SEMBAKO', 'lauk', 'Lauk pauk (ikan, daging, tahu, tempe)', 'Protein (fish, meat, tofu, tempeh)'),
    ('SEMBAKO', 'sayur', 'Sayur-mayur', 'Vegetables'),
    ('SEMBAKO', 'buah', 'Buah-buahan', 'Fruit'),
    ('KJP_PLUS', 'sekolah', 'Perlengkapan sekolah', 'School supplies'),
    ('KJP_PLUS', 'pangan', 'Pangan bersubsidi', 'Subsidised food');

-- An e-warong or agent: registered by a district officer, suspended with a reason.
CREATE TABLE merchants (
    id              INTEGER PRIMARY KEY,
    -- Stable and public, e.g. warong.klender.
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    owner_name      TEXT NOT NULL,
    -- The village it trades in.
    region_code     TEXT NOT NULL REFERENCES regions (code),
    latitude        REAL,
    longitude       REAL,
    bank_bic        TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    -- The merchant's sign-in account (role merchant), which sees only this shop.
    account_id      INTEGER UNIQUE REFERENCES accounts (id),
    -- active or suspended
    status          TEXT NOT NULL,
    suspended_reason TEXT,
    ledger_account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
    created_at      TEXT NOT NULL
);

-- What a merchant may sell, per programme.
CREATE TABLE merchant_goods (
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    programme_code  TEXT NOT NULL,
    category_code   TEXT NOT NULL,
    PRIMARY KEY (merchant_id, programme_code, category_code)
);

-- A voucher: one approved entitlement of a programme spent at merchants. Its balance is
-- its ledger account's; the payload is what the QR code carries, signed.
CREATE TABLE vouchers (
    id              INTEGER PRIMARY KEY,
    -- The short code typed when the QR code cannot be read.
    code            TEXT NOT NULL UNIQUE,
    entitlement_id  INTEGER NOT NULL UNIQUE REFERENCES entitlements (id),
    cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
    programme_code  TEXT NOT NULL,
    household_id    INTEGER NOT NULL REFERENCES households (id),
    region_code     TEXT NOT NULL,
    amount          INTEGER NOT NULL CHECK (amount > 0),
    -- Comma-separated goods category codes.
    categories      TEXT NOT NULL,
    -- Last day it may be spent (YYYY-MM-DD).
    valid_until     TEXT NOT NULL,
    -- Salted commitment to the household, so the payload names nobody.
    salt            TEXT NOT NULL,
    commitment      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    ledger_account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
    -- active, revoked, or closed with its cycle
    status          TEXT NOT NULL,
    issued_at       TEXT NOT NULL
);
CREATE INDEX vouchers_region ON vouchers (region_code, status);
CREATE INDEX vouchers_cycle ON vouchers (cycle_id);

-- A purchase with a voucher at a merchant: the basket and its ledger transfer.
CREATE TABLE redemptions (
    id              INTEGER PRIMARY KEY,
    voucher_id      INTEGER NOT NULL REFERENCES vouchers (id),
    merchant_id     INTEGER NOT NULL REFERENCES merchants (id),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    -- JSON: [{"category", "description", "quantity", "amount"}]
    items           TEXT NOT NULL,
    transfer_id     TEXT NOT NULL UNIQUE,
    -- The key the shop's form (or device) gave the purchase: sent twice, it is one.
    client_key      TEXT,
    redeemed_at     TEXT NOT NULL,
    CONSTRAINT redemptions_client_key UNIQUE (merchant_id, client_key)
);
CREATE INDEX redemptions_voucher ON redemptions (voucher_id);
CREATE INDEX redemptions_merchant ON redemptions (merchant_id);
