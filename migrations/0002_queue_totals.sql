-- Queue schema, version 2: running totals per kind, kept by triggers, so that byte-limit
-- eviction and stats never scan the events table.

CREATE TABLE queue_totals (
    kind   TEXT    PRIMARY KEY,
    events INTEGER NOT NULL,
    bytes  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Backfill from rows queued before this migration.
INSERT INTO queue_totals (kind, events, bytes)
SELECT kind, COUNT(*), COALESCE(SUM(size), 0) FROM events GROUP BY kind;

CREATE TRIGGER events_totals_insert AFTER INSERT ON events
BEGIN
    INSERT INTO queue_totals (kind, events, bytes) VALUES (NEW.kind, 1, NEW.size)
        ON CONFLICT (kind) DO UPDATE SET events = events + 1, bytes = bytes + excluded.bytes;
END;

CREATE TRIGGER events_totals_delete AFTER DELETE ON events
BEGIN
    UPDATE queue_totals SET events = events - 1, bytes = bytes - OLD.size WHERE kind = OLD.kind;
END;

CREATE TRIGGER events_totals_update AFTER UPDATE OF kind, size ON events
BEGIN
    UPDATE queue_totals SET events = events - 1, bytes = bytes - OLD.size WHERE kind = OLD.kind;
    INSERT INTO queue_totals (kind, events, bytes) VALUES (NEW.kind, 1, NEW.size)
        ON CONFLICT (kind) DO UPDATE SET events = events + 1, bytes = bytes + excluded.bytes;
END;
