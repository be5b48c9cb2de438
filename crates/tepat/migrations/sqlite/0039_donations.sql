-- Donations (donasi): needs posted for verified households with their consent, pledges by
-- donor accounts, and the household's confirmation of fulfilment with a photo.
--
-- A need names an active household of the registry, its village, what is needed (money in
-- rupiah, or goods with a quantity, a unit and a declared value in rupiah) and the
-- household's situation in words; the public sees only the masked name kept here.
-- Consent is recorded before the need opens and may be withdrawn, which closes the need.
-- Every pledge, payment, delivery, confirmation and release moves money (or the declared
-- value of goods) in the ledger under the need's account, with its event.

CREATE TABLE donation_needs (
    id             INTEGER PRIMARY KEY,
    household_id   INTEGER NOT NULL REFERENCES households (id),
    region_code    TEXT NOT NULL,
    -- money or goods
    kind           TEXT NOT NULL,
    -- food, education, health, housing, livelihood, disability, other
    category       TEXT NOT NULL,
    description    TEXT NOT NULL,
    quantity       INTEGER,
    unit           TEXT,
    -- Money: the amount asked. Goods: the declared value of the whole quantity.
    amount_rupiah  INTEGER NOT NULL CHECK (amount_rupiah > 0),
    deadline       TEXT NOT NULL,
    situation      TEXT NOT NULL,
    masked_name    TEXT NOT NULL,
    -- open, met, fulfilled, withdrawn, expired
    status         TEXT NOT NULL,
    posted_by_id   INTEGER,
    posted_by_role TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX donation_needs_region ON donation_needs (region_code, id);
CREATE INDEX donation_needs_household ON donation_needs (household_id, created_at);

CREATE TABLE donation_consents (
    id         INTEGER PRIMARY KEY,
    need_id    INTEGER NOT NULL REFERENCES donation_needs (id),
    -- given or withdrawn
    action     TEXT NOT NULL,
    -- signed_form, thumbprint, witnessed_verbal
    method     TEXT NOT NULL,
    note       TEXT NOT NULL,
    by_id      INTEGER,
    by_role    TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX donation_consents_need ON donation_consents (need_id, id);

CREATE TABLE donation_pledges (
    id                INTEGER PRIMARY KEY,
    need_id           INTEGER NOT NULL REFERENCES donation_needs (id),
    donor_account_id  INTEGER NOT NULL REFERENCES accounts (id),
    -- money or goods (the need's kind)
    kind              TEXT NOT NULL,
    -- Money: the amount. Goods: the declared value of the quantity pledged.
    amount_rupiah     INTEGER NOT NULL CHECK (amount_rupiah > 0),
    quantity          INTEGER,
    -- village_office, merchant, transfer
    channel           TEXT NOT NULL,
    merchant_id       INTEGER,
    -- The code the donor writes in the transfer's message, so the bank's notice finds it.
    payment_reference TEXT NOT NULL,
    named             INTEGER NOT NULL,
    -- pledged, paid, delivered, confirmed, released
    status            TEXT NOT NULL,
    due_date          TEXT NOT NULL,
    reminded_at       TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT donation_pledges_reference_key UNIQUE (payment_reference)
);
CREATE INDEX donation_pledges_need ON donation_pledges (need_id, id);
CREATE INDEX donation_pledges_donor ON donation_pledges (donor_account_id, id);
CREATE INDEX donation_pledges_due ON donation_pledges (status, due_date);

CREATE TABLE donation_confirmations (
    id         INTEGER PRIMARY KEY,
    pledge_id  INTEGER NOT NULL REFERENCES donation_pledges (id),
    need_id    INTEGER NOT NULL REFERENCES donation_needs (id),
    -- household (present, the official recording it) or facilitator (on its behalf)
    confirmed_for TEXT NOT NULL,
    note       TEXT NOT NULL,
    photo      BLOB NOT NULL,
    photo_type TEXT NOT NULL,
    by_id      INTEGER,
    by_role    TEXT NOT NULL,
    at         TEXT NOT NULL,
    CONSTRAINT donation_confirmations_pledge_key UNIQUE (pledge_id)
);

-- How a donor is reached (reminders of pledges past due): an e-mail address or a phone
-- number given at sign-up. Account usernames cannot hold an e-mail address.
CREATE TABLE donor_contacts (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    -- email or sms
    channel    TEXT NOT NULL,
    address    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
