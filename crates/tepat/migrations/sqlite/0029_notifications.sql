-- The notification outbox: a message to a household (a voucher issued, a payment sent or
-- rejected, a proposal decided, an objection answered, a hand-out scheduled), written in
-- the same transaction as the change that causes it and delivered later by a worker
-- through the configured provider, retried with back-off, kept as a dead letter when it
-- never gets through.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    -- voucher.issued, payment.sent, payment.rejected, proposal.decided,
    -- objection.answered, distribution.scheduled
    kind            TEXT NOT NULL,
    -- The record that caused it (voucher, payment, proposal, objection, …) and its id as
    -- text, so that a payment's (payroll, entitlement) fits.
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    household_id    INTEGER REFERENCES households (id),
    -- The household's village, for region scope.
    region_code     TEXT NOT NULL,
    -- sms (a phone number, through the SMS/WhatsApp gateway) or email
    channel         TEXT NOT NULL,
    address         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    link            TEXT NOT NULL,
    -- pending, sent, failed (a dead letter)
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When the worker may take it next; a worker that claims it moves this forward by
    -- its lease, so that another worker leaves it alone while it is being delivered.
    next_attempt_at TEXT NOT NULL,
    -- Why the last attempt failed, as the provider said it (never personal data).
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    -- The same cause never enqueues twice.
    CONSTRAINT notifications_once UNIQUE (kind, subject_type, subject_id)
);
-- The worker's query: pending messages that are due, oldest first.
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
CREATE INDEX notifications_region ON notifications (region_code, id);
