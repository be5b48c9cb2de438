-- A running duplicate run writes the time into heartbeat_at every little while, so that a
-- server starting up marks failed only the runs whose owner is gone (no recent heartbeat),
-- not the runs another server on the same database is still working on.
ALTER TABLE duplicate_runs ADD COLUMN heartbeat_at TEXT;
