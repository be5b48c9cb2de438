-- The event that wrote each version of a household or person (in the same transaction),
-- and the hex SHA-256 of the version's snapshot text, so that the event's transparency-log
-- entry can commit to the records it wrote (entry format version 2) without reading them
-- back, and `tepat audit` can find the entry a row and its snapshot must match. The audit
-- recomputes the digest from the snapshot and never trusts the stored one.
-- Versions written before these columns existed have neither, and the entries of their
-- events commit to the changed fields only.
--
-- No foreign key, like `subject_id`: a foreign key on a table written by multi-row INSERTs
-- makes SQLite keep a statement journal during bulk imports. A version moved to another
-- event, or whose event is gone, no longer matches the entry that committed to it.
ALTER TABLE record_versions ADD COLUMN event_id INTEGER;
ALTER TABLE record_versions ADD COLUMN snapshot_sha256 TEXT;
CREATE INDEX record_versions_event ON record_versions (event_id);
