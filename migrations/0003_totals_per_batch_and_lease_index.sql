-- Queue schema, version 3: cheaper writes.
-- The per-kind totals are kept by the store itself, once per batch and in the same transaction
-- as the rows (a row trigger cost more than the insert it followed), and the events table keeps
-- only the indexes its queries need, none of which a claim or a release has to rewrite.

DROP TRIGGER events_totals_insert;
DROP TRIGGER events_totals_delete;
DROP TRIGGER events_totals_update;

-- Recomputed from the rows, so the totals are exact from here on whatever came before.
DELETE FROM queue_totals;
INSERT INTO queue_totals (kind, events, bytes)
SELECT kind, COUNT(*), COALESCE(SUM(size), 0) FROM events GROUP BY kind;

DROP INDEX events_lease;
DROP INDEX events_metadata_lease;

-- Rows of one run in FIFO order (claim, export), and the foreign key / housekeeping lookups.
CREATE INDEX events_run ON events(metadata_id);
-- Rows under a lease, held or expired, and only those (reclaiming expired leases, stats).
CREATE INDEX events_leased ON events(lease_until) WHERE lease_until IS NOT NULL;
