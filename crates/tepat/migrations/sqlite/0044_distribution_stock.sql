-- Goods bought for hand-outs: registered suppliers paid from a cycle's envelope, the goods
-- each household gets with their agreed price, delivery notes received into the hand-out's
-- stock, every movement of that stock, and the shortfalls found when what is left is counted.

-- A supplier of goods, registered by a district officer for the district.
CREATE TABLE suppliers (
    id              INTEGER PRIMARY KEY,
    -- The district it is registered in.
    region_code     TEXT NOT NULL REFERENCES regions (code),
    name            TEXT NOT NULL,
    owner           TEXT NOT NULL,
    phone           TEXT NOT NULL,
    -- Where it is paid: the bank's BIC, the account and its holder.
    bank_bic        TEXT NOT NULL,
    bank_account    TEXT NOT NULL,
    account_name    TEXT NOT NULL,
    -- Its ledger account (supplier:{region}:{name}): paid in, delivered out.
    account_id      INTEGER NOT NULL REFERENCES ledger_accounts (id),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CONSTRAINT suppliers_name UNIQUE (region_code, name)
);

-- What each household receives at a hand-out, item by item, at the price agreed.
CREATE TABLE distribution_goods (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES distribution_events (id),
    -- A short code (selimut), the name shown and the unit counted in.
    item            TEXT NOT NULL,
    name            TEXT NOT NULL,
    unit            TEXT NOT NULL,
    per_household   INTEGER NOT NULL CHECK (per_household > 0),
    -- Rupiah per unit.
    unit_price      INTEGER NOT NULL CHECK (unit_price > 0),
    CONSTRAINT distribution_goods_item UNIQUE (event_id, item)
);

-- Goods ordered from a supplier for a hand-out and paid from a cycle's envelope.
CREATE TABLE distribution_purchases (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES distribution_events (id),
    goods_id        INTEGER NOT NULL REFERENCES distribution_goods (id),
    supplier_id     INTEGER NOT NULL REFERENCES suppliers (id),
    cycle_id        INTEGER NOT NULL REFERENCES cycles (id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    -- Units received so far against delivery notes.
    received        INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= quantity),
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX distribution_purchases_event ON distribution_purchases (event_id);

-- A supplier's delivery note: units received into the hand-out's stock, with a photo.
CREATE TABLE distribution_deliveries (
    id              INTEGER PRIMARY KEY,
    purchase_id     INTEGER NOT NULL REFERENCES distribution_purchases (id),
    note_number     TEXT NOT NULL,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    photo           BLOB,
    photo_type      TEXT,
    received_by     TEXT NOT NULL,
    received_at     TEXT NOT NULL,
    CONSTRAINT distribution_deliveries_note UNIQUE (purchase_id, note_number)
);

-- Every movement of a hand-out's stock, in units: received (+), handed_out and short (-).
CREATE TABLE distribution_stock_moves (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES distribution_events (id),
    goods_id        INTEGER NOT NULL REFERENCES distribution_goods (id),
    kind            TEXT NOT NULL,
    quantity        INTEGER NOT NULL,
    -- What moved it: delivery:{id}, invitation:{id} or count.
    reference       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    CONSTRAINT distribution_stock_moves_once UNIQUE (goods_id, kind, reference)
);
CREATE INDEX distribution_stock_moves_event ON distribution_stock_moves (event_id);

-- Units missing when what was left was counted at closing: a flag for the district
-- officer, who decides it with a note.
CREATE TABLE distribution_shortfalls (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES distribution_events (id),
    goods_id        INTEGER NOT NULL REFERENCES distribution_goods (id),
    expected        INTEGER NOT NULL,
    counted         INTEGER NOT NULL,
    missing         INTEGER NOT NULL CHECK (missing > 0),
    -- Rupiah: missing units at the agreed price.
    value           INTEGER NOT NULL,
    -- open, upheld (a loss to pursue) or dismissed (explained)
    status          TEXT NOT NULL,
    decision_note   TEXT,
    decided_by      TEXT,
    decided_at      TEXT,
    created_at      TEXT NOT NULL,
    CONSTRAINT distribution_shortfalls_once UNIQUE (event_id, goods_id)
);
