/// Every SQL statement the queue runs, as constants (values are always bound parameters).
/// `hotPath` lists the statements run per batch; a test checks their query plans never scan
/// the `events` table (so `events` is never aliased: the plan names it).
///
/// No trigger maintains `queue_totals`: every statement that inserts or deletes events returns
/// the `kind` and `size` of the rows it touched (`RETURNING`), and the store adds them up and
/// applies them once per kind (``applyTotals``) in the same transaction.
enum QueueSQL {
    // MARK: Metadata
    static let insertMetadata = "INSERT INTO metadata (created_at, body) VALUES (?1, ?2)"
    /// Puts back this process's own metadata row if housekeeping (maybe in another process)
    /// removed it while it had no events; ids are never reused (AUTOINCREMENT).
    static let restoreMetadata = "INSERT OR IGNORE INTO metadata (id, created_at, body) VALUES (?1, ?2, ?3)"
    static let selectMetadata = "SELECT id, created_at, body FROM metadata WHERE id = ?1"
    static let unreferencedMetadata = """
        SELECT metadata.id FROM metadata
        WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.metadata_id = metadata.id)
          AND NOT EXISTS (SELECT 1 FROM dead_letters WHERE dead_letters.metadata_id = metadata.id)
        """
    static let deleteMetadata = "DELETE FROM metadata WHERE id = ?1"

    // MARK: Append and evict
    static let insertEvent = """
        INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES (?1, ?2, ?3, ?4, ?5)
        """
    /// Rows per execution of ``insertEvents``.
    static let insertRowsPerStatement = 32
    /// ``insertRowsPerStatement`` rows in one execution (the per-statement cost of SQLite is
    /// paid once for all of them): ?1 metadata id, then kind, created_at, size, body of each row.
    static let insertEvents = "INSERT INTO events (metadata_id, kind, created_at, size, body) VALUES "
        + (0..<insertRowsPerStatement).map { row in
            let first = 2 + 4 * row
            return "(?1, ?\(first), ?\(first + 1), ?\(first + 2), ?\(first + 3))"
        }.joined(separator: ", ")
    /// ?1 kind, ?2 events, ?3 bytes: adds a batch's change to one kind's totals.
    static let applyTotals = """
        INSERT INTO queue_totals (kind, events, bytes) VALUES (?1, ?2, ?3)
        ON CONFLICT (kind) DO UPDATE SET events = events + excluded.events, bytes = bytes + excluded.bytes
        """
    static let totalBytes = "SELECT COALESCE(SUM(bytes), 0) FROM queue_totals"
    /// ?1 = created_at cutoff, ?2 = now (rows under a live lease are kept).
    static let evictByAge = """
        DELETE FROM events WHERE created_at < ?1 AND (lease_until IS NULL OR lease_until <= ?2)
        RETURNING kind, size
        """
    /// Oldest unleased rows after id ?1 (after expired leases were reclaimed; the few rows
    /// under a live lease are skipped).
    static let evictionCandidates = """
        SELECT id, kind, size FROM events WHERE id > ?1 AND lease_until IS NULL ORDER BY id LIMIT ?2
        """
    static let deleteEvent = "DELETE FROM events WHERE id = ?1 RETURNING kind, size"

    // MARK: Claim
    /// ?1 = now. An expired lease counts as a failed attempt.
    static let reclaimExpired = """
        UPDATE events SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
        WHERE lease_until <= ?1
        """
    /// The run holding the oldest unleased row: the first unleased row of each run (a few
    /// index steps each: only the rows leased right now come before it), the lowest wins.
    static let oldestClaimable = """
        SELECT metadata.id,
               (SELECT events.id FROM events
                WHERE events.metadata_id = metadata.id AND events.lease_until IS NULL
                ORDER BY events.id LIMIT 1) AS first
        FROM metadata WHERE first IS NOT NULL ORDER BY first LIMIT 1
        """
    static let claimableOfRun = """
        SELECT id, kind, created_at, size, attempts, body FROM events
        WHERE metadata_id = ?1 AND lease_until IS NULL ORDER BY id LIMIT ?2
        """
    /// ?1 owner, ?2 until, ?3 metadata id, ?4 first and ?5 last id of the batch.
    static let leaseRun = """
        UPDATE events SET lease_owner = ?1, lease_until = ?2
        WHERE id BETWEEN ?4 AND ?5 AND metadata_id = ?3 AND lease_until IS NULL
        """
    static let metadataBody = "SELECT body FROM metadata WHERE id = ?1"

    // MARK: Ack, release, dead letters
    /// ?1 the ids as a JSON array, ?2 owner: one statement for a whole batch.
    static let acknowledge = """
        DELETE FROM events WHERE id IN (SELECT value FROM json_each(?1)) AND lease_owner = ?2
        RETURNING kind, size
        """
    /// ?1 the ids as a JSON array, ?2 owner.
    static let release = """
        UPDATE events SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
        WHERE id IN (SELECT value FROM json_each(?1)) AND lease_owner = ?2
        """
    /// ?1 rejected_at, ?2 status, ?3 reason, ?4 id, ?5 owner.
    static let copyToDeadLetters = """
        INSERT INTO dead_letters (event_id, metadata_id, kind, created_at, rejected_at, status, reason, body)
        SELECT id, metadata_id, kind, created_at, ?1, ?2, ?3, body FROM events WHERE id = ?4 AND lease_owner = ?5
        """
    /// ?1 = limit - 1: removes everything older than the limit-th newest row.
    static let capDeadLetters = """
        DELETE FROM dead_letters
        WHERE id < (SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?1)
        """
    static let deleteAllDeadLetters = "DELETE FROM dead_letters"

    // MARK: Counters
    static let addCounter = """
        INSERT INTO counters (name, value) VALUES (?1, ?2)
        ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
        """
    static let selectCounters = "SELECT name, value FROM counters ORDER BY name"

    // MARK: Stats
    static let totalsByKind = "SELECT kind, events, bytes FROM queue_totals WHERE events <> 0 ORDER BY kind"
    static let createdRange = """
        SELECT (SELECT MIN(created_at) FROM events), (SELECT MAX(created_at) FROM events)
        """
    static let leasesHeld = "SELECT COUNT(*) FROM events WHERE lease_until > ?1"
    static let countDeadLetters = "SELECT COUNT(*) FROM dead_letters"
    static let countMetadata = "SELECT COUNT(*) FROM metadata"

    // MARK: Remote config
    static let selectRemoteConfig = """
        SELECT etag, body, fetched_at, max_age, applied_at FROM remote_config
        WHERE service_name = ?1 AND environment = ?2
        """
    static let upsertRemoteConfig = """
        INSERT INTO remote_config (service_name, environment, etag, body, fetched_at, max_age, applied_at)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (service_name, environment) DO UPDATE SET
            etag = excluded.etag, body = excluded.body, fetched_at = excluded.fetched_at,
            max_age = excluded.max_age, applied_at = excluded.applied_at
        """
    static let deleteRemoteConfig = "DELETE FROM remote_config WHERE service_name = ?1 AND environment = ?2"

    // MARK: Inspection (CLI; not on the hot path)
    private static let eventColumns = """
        id, metadata_id, kind, created_at, size, attempts, lease_owner, lease_until,
        CASE WHEN ?4 THEN body ELSE X'' END
        """
    /// ?1 kind or NULL, ?2 since or NULL, ?3 limit, ?4 include bodies.
    static let listOldest = """
        SELECT \(eventColumns) FROM events
        WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR created_at >= ?2) ORDER BY id ASC LIMIT ?3
        """
    static let listNewest = """
        SELECT \(eventColumns) FROM events
        WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR created_at >= ?2) ORDER BY id DESC LIMIT ?3
        """
    static let selectEvent = """
        SELECT id, metadata_id, kind, created_at, size, attempts, lease_owner, lease_until, body
        FROM events WHERE id = ?1
        """
    static let firstRun = "SELECT MIN(metadata_id) FROM events"
    static let nextRun = "SELECT MIN(metadata_id) FROM events WHERE metadata_id > ?1"
    static let exportEvents = """
        SELECT id, kind, created_at, size, attempts, body FROM events
        WHERE metadata_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3
        """
    /// ?1 kind or NULL, ?2 cutoff or NULL.
    static let purgeEvents = """
        DELETE FROM events WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR created_at < ?2)
        RETURNING kind, size
        """
    private static let deadLetterColumns =
        "id, event_id, metadata_id, kind, created_at, rejected_at, status, reason, body"
    static let listDeadLettersNewest = "SELECT \(deadLetterColumns) FROM dead_letters ORDER BY id DESC LIMIT ?1"
    static let listDeadLettersOldest = "SELECT \(deadLetterColumns) FROM dead_letters ORDER BY id ASC LIMIT ?1"
    static let allDeadLetterIDs = "SELECT id FROM dead_letters ORDER BY id"
    /// ?1 dead letter id, ?2 now (for a missing created_at).
    static let requeueDeadLetter = """
        INSERT INTO events (metadata_id, kind, created_at, size, body)
        SELECT metadata_id, COALESCE(kind, 'unknown'), COALESCE(created_at, ?2),
               length(COALESCE(body, X'')), COALESCE(body, X'')
        FROM dead_letters WHERE id = ?1 AND metadata_id IN (SELECT id FROM metadata)
        RETURNING kind, size
        """
    static let deleteDeadLetter = "DELETE FROM dead_letters WHERE id = ?1"

    /// Statements run for every batch (append, claim, ack, release, evict, dead-letter, stats).
    static let hotPath: [(name: String, sql: String)] = [
        ("insertEvent", insertEvent),
        ("insertEvents", insertEvents),
        ("applyTotals", applyTotals),
        ("restoreMetadata", restoreMetadata),
        ("totalBytes", totalBytes),
        ("evictByAge", evictByAge),
        ("evictionCandidates", evictionCandidates),
        ("deleteEvent", deleteEvent),
        ("reclaimExpired", reclaimExpired),
        ("oldestClaimable", oldestClaimable),
        ("claimableOfRun", claimableOfRun),
        ("leaseRun", leaseRun),
        ("metadataBody", metadataBody),
        ("acknowledge", acknowledge),
        ("release", release),
        ("copyToDeadLetters", copyToDeadLetters),
        ("unreferencedMetadata", unreferencedMetadata),
        ("deleteMetadata", deleteMetadata),
        ("totalsByKind", totalsByKind),
        ("createdRange", createdRange),
        ("leasesHeld", leasesHeld),
        ("selectEvent", selectEvent),
        ("firstRun", firstRun),
        ("nextRun", nextRun),
        ("exportEvents", exportEvents),
    ]
}
