-- Queue schema, version 4: blocks.
-- A block holds the ndjson lines (each ending in "\n") of one process run and one event kind,
-- stored as one or more concatenated gzip members whose decompression is exactly those lines.
-- Every earlier row is kept: the events of schema 3 become one block each, stored as they were
-- (encoding 0 = identity: the line and its newline, not compressed). Claims hand such blocks to
-- the sender compressed, and merging rewrites them as gzip blocks over time.

CREATE TABLE blocks (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,   -- FIFO order, never reused
    metadata_id      INTEGER NOT NULL REFERENCES metadata(id),
    kind             TEXT    NOT NULL,
    -- Eviction class: 0 = span, log, metricset (evicted first); 1 = transaction; 2 = error.
    class            INTEGER NOT NULL,
    -- Bit 0: every line is an unsampled transaction.
    flags            INTEGER NOT NULL DEFAULT 0,
    -- 1 = gzip members; 0 = identity (rows moved from schema 3).
    encoding         INTEGER NOT NULL DEFAULT 1,
    events           INTEGER NOT NULL CHECK (events > 0),
    raw_size         INTEGER NOT NULL CHECK (raw_size >= 0),   -- ndjson bytes, newlines included
    size             INTEGER NOT NULL CHECK (size >= 0),       -- stored bytes (length of body)
    first_created_at INTEGER NOT NULL,
    last_created_at  INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_until      INTEGER,
    body             BLOB    NOT NULL
) STRICT;

INSERT INTO blocks (metadata_id, kind, class, flags, encoding, events, raw_size, size,
                    first_created_at, last_created_at, attempts, lease_owner, lease_until, body)
SELECT metadata_id, kind,
       CASE kind WHEN 'transaction' THEN 1 WHEN 'error' THEN 2 ELSE 0 END,
       0, 0, 1, size + 1, size + 1, created_at, created_at, attempts, lease_owner, lease_until,
       CAST(body || X'0A' AS BLOB)
FROM events ORDER BY id;

DROP TABLE events;

-- Blocks of one run in FIFO order (claim, export, merge), and the foreign key lookups.
CREATE INDEX blocks_run ON blocks(metadata_id);
-- Blocks under a lease, held or expired, and only those.
CREATE INDEX blocks_leased ON blocks(lease_until) WHERE lease_until IS NOT NULL;
-- Eviction by value: the lowest class first, oldest first within it.
CREATE INDEX blocks_value ON blocks(class, id);
-- Eviction by age, oldest/newest in stats.
CREATE INDEX blocks_created ON blocks(last_created_at);

-- Totals per kind: events, stored bytes and raw (ndjson) bytes.
ALTER TABLE queue_totals ADD COLUMN raw_bytes INTEGER NOT NULL DEFAULT 0;
DELETE FROM queue_totals;
INSERT INTO queue_totals (kind, events, bytes, raw_bytes)
SELECT kind, SUM(events), SUM(size), SUM(raw_size) FROM blocks GROUP BY kind;
