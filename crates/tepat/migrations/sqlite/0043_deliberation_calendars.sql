-- A village's standing monthly deliberation: the day of the month (1 to 28, so every month
-- has it) and the place, set by its village operator. The server announces each month's
-- deliberation from it fourteen days before the day, unless one is already announced or
-- held in that month.
CREATE TABLE deliberation_calendars (
    region_code  TEXT PRIMARY KEY REFERENCES regions (code),
    day_of_month INTEGER NOT NULL CHECK (day_of_month BETWEEN 1 AND 28),
    place        TEXT NOT NULL,
    set_by       INTEGER REFERENCES accounts (id),
    set_at       TEXT NOT NULL
);
