-- The days a proposal may wait at each step of its programme's chain before it is overdue
-- (its SLA), as data: one row per programme and level; a programme and level not listed
-- allow 14 days. Each proposal keeps the time its current step is due (`due_at`), and
-- each decided step when it was reached and when it was due, so that overdue items, late
-- decisions and the time spent at each step are read without date arithmetic in SQL.
-- Objections keep their own 14 days to verification (objections/).

CREATE TABLE proposal_step_days (
    -- A programme's code (programmes are seeded when the server starts, after migrations).
    programme_code  TEXT NOT NULL,
    -- village, district, province, ministry
    step            TEXT NOT NULL,
    days            INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
    CONSTRAINT proposal_step_days_key PRIMARY KEY (programme_code, step)
);
-- BLT Dana Desa is paid monthly from the village fund: its village decides within a week.
-- Disaster relief cannot wait: three days at each level.
INSERT INTO proposal_step_days (programme_code, step, days) VALUES
    ('BLT_DD', 'village', 7),
    ('BENCANA', 'village', 3),
    ('BENCANA', 'district', 3),
    ('BENCANA', 'province', 3),
    ('BENCANA', 'ministry', 3);

-- When the current step is due (UTC, as `step_since`); always set for new proposals.
ALTER TABLE proposals ADD COLUMN due_at TEXT;
-- When the decided step was reached and when it was due.
ALTER TABLE proposal_steps ADD COLUMN reached_at TEXT;
ALTER TABLE proposal_steps ADD COLUMN due_at TEXT;
CREATE INDEX proposals_due ON proposals (status, step, due_at);

-- Proposals and steps written before this migration: a step was reached when the step
-- before it was decided, or when the proposal was made.
UPDATE proposal_steps SET reached_at = COALESCE(
    (SELECT MAX(s.decided_at) FROM proposal_steps s
      WHERE s.proposal_id = proposal_steps.proposal_id AND s.id < proposal_steps.id),
    (SELECT p.created_at FROM proposals p WHERE p.id = proposal_steps.proposal_id));
UPDATE proposals SET due_at = strftime('%Y-%m-%dT%H:%M:%fZ', step_since, '+' || COALESCE(
    (SELECT d.days FROM proposal_step_days d
      WHERE d.programme_code = proposals.programme_code AND d.step = proposals.step), 14)
    || ' days');
UPDATE proposal_steps SET due_at = strftime('%Y-%m-%dT%H:%M:%fZ', reached_at, '+' || COALESCE(
    (SELECT d.days FROM proposal_step_days d JOIN proposals p
       ON p.programme_code = d.programme_code
      WHERE p.id = proposal_steps.proposal_id AND d.step = proposal_steps.step), 14)
    || ' days');
