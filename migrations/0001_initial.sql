-- Queue schema, version 1.
-- Every timestamp is in microseconds since the Unix epoch (UTC).
-- Bodies are opaque ndjson lines without the trailing newline; no credentials are ever stored.

-- 'APMQ': lets the store tell its own files from other SQLite databases.
PRAGMA application_id = 1095781713;

CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
) STRICT;

-- One row per process run: the ndjson metadata line its events are sent with.
-- AUTOINCREMENT: an id is never reused, so a writer may re-insert its own row after housekeeping.
CREATE TABLE metadata (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at INTEGER NOT NULL,
    body       BLOB    NOT NULL
) STRICT;

-- The queue. Rowid order is FIFO; AUTOINCREMENT keeps ids unique for the life of the file.
-- lease_until IS NULL means claimable; a lease in the past is reclaimed by the next claim/evict.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    metadata_id INTEGER NOT NULL REFERENCES metadata(id),
    kind        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    size        INTEGER NOT NULL CHECK (size >= 0),
    attempts    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until INTEGER,
    body        BLOB    NOT NULL
) STRICT;

-- Oldest unleased row (lease_until IS NULL, rowid order), expired leases, leases held.
CREATE INDEX events_lease ON events(lease_until);
-- Rows of one run in FIFO order (claim), and the foreign key / housekeeping lookups.
CREATE INDEX events_metadata_lease ON events(metadata_id, lease_until);
-- Eviction by age, oldest/newest in stats.
CREATE INDEX events_created ON events(created_at);

-- Rows the server rejected for good. Capped by the store (oldest removed first, counted).
CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER,
    metadata_id INTEGER,
    kind        TEXT,
    created_at  INTEGER,
    rejected_at INTEGER,
    status      INTEGER,
    reason      TEXT,
    body        BLOB
) STRICT;

CREATE INDEX dead_letters_metadata ON dead_letters(metadata_id);

-- Last central configuration received per service/environment ('' = no environment).
CREATE TABLE remote_config (
    service_name TEXT    NOT NULL,
    environment  TEXT    NOT NULL,
    etag         TEXT,
    body         BLOB,
    fetched_at   INTEGER,
    max_age      INTEGER,
    applied_at   INTEGER,
    PRIMARY KEY (service_name, environment)
) STRICT;

CREATE TABLE counters (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
