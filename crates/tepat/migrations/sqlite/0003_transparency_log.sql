-- The transparency log. An event's entry is queued (by event id) in the event's own
-- transaction; the sequencer moves queued events into `log_entries`, stores the hash tiles
-- and signs a checkpoint, all in one transaction. `log_head` holds the tree size and is the
-- row every sequencing transaction locks first, so two sequencers never append at once.

CREATE TABLE log_queue (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events (id),
    CONSTRAINT log_queue_event_key UNIQUE (event_id)
);

-- No foreign key to events: the log is the independent record, and the audit reports an
-- entry whose event row has gone missing rather than the database refusing the delete.
CREATE TABLE log_entries (
    idx      INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    entry    BLOB NOT NULL,
    CONSTRAINT log_entries_event_key UNIQUE (event_id)
);

-- One row per hash tile at its latest width; a narrower (older) partial tile is a prefix.
CREATE TABLE log_tiles (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    width INTEGER NOT NULL,
    data  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
);

-- Every signed checkpoint, with the witness cosignatures it has collected.
CREATE TABLE log_checkpoints (
    size       INTEGER PRIMARY KEY,
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE log_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL
);
INSERT INTO log_head (id, size) VALUES (1, 0);

-- Events recorded before the log existed join the queue in the order they happened.
INSERT INTO log_queue (event_id) SELECT id FROM events WHERE log_index IS NULL ORDER BY id;
