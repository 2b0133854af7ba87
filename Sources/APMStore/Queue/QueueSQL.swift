//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

/// Every SQL statement the queue runs, as constants (values are always bound parameters).
/// `hotPath` lists the statements run per commit or per request; a test checks their query
/// plans never scan the `blocks` table (so `blocks` is never aliased: the plan names it).
///
/// No trigger maintains `queue_totals`: every statement that inserts or deletes blocks returns
/// the `kind, events, size, raw_size` of the rows it touched (`RETURNING`), and the store adds
/// them up and applies them once per kind (``applyTotals``) in the same transaction.
enum QueueSQL {
    // MARK: Metadata
    static let insertMetadata = "INSERT INTO metadata (created_at, body) VALUES (?1, ?2)"
    /// Puts back this process's own metadata row if housekeeping (maybe in another process)
    /// removed it while it had no blocks; ids are never reused (AUTOINCREMENT).
    static let restoreMetadata = "INSERT OR IGNORE INTO metadata (id, created_at, body) VALUES (?1, ?2, ?3)"
    static let selectMetadata = "SELECT id, created_at, body FROM metadata WHERE id = ?1"
    static let unreferencedMetadata = """
        SELECT metadata.id FROM metadata
        WHERE NOT EXISTS (SELECT 1 FROM blocks WHERE blocks.metadata_id = metadata.id)
          AND NOT EXISTS (SELECT 1 FROM dead_letters WHERE dead_letters.metadata_id = metadata.id)
        """
    static let deleteMetadata = "DELETE FROM metadata WHERE id = ?1"

    // MARK: Blocks
    /// Tally columns returned by every statement that inserts or deletes blocks.
    static let tally = "kind, events, size, raw_size"
    /// ?1 metadata, ?2 kind, ?3 class, ?4 flags, ?5 encoding, ?6 events, ?7 raw_size, ?8 size,
    /// ?9 first_created_at, ?10 last_created_at, ?11 body. The id is the next multiple of
    /// ``idStride`` (AUTOINCREMENT keeps ids unique for the life of the file): the gap leaves
    /// room for splitting a block in place without leaving FIFO order.
    static let insertBlock = """
        INSERT INTO blocks (id, metadata_id, kind, class, flags, encoding, events, raw_size, size,
                            first_created_at, last_created_at, body)
        VALUES ((COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'blocks'), 0) / \(idStride) + 1) * \(idStride),
                ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
        """
    /// Ids of appended blocks are multiples of this.
    static let idStride: Int64 = 16
    /// ?1 id, ?2 metadata, ?3 kind, ?4 class, ?5 flags, ?6 events, ?7 raw_size, ?8 size,
    /// ?9 first, ?10 last created_at, ?11 attempts, ?12 lease_owner, ?13 lease_until, ?14 body.
    static let insertBlockWithID = """
        INSERT INTO blocks (id, metadata_id, kind, class, flags, encoding, events, raw_size, size,
                            first_created_at, last_created_at, attempts, lease_owner, lease_until, body)
        VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
        """
    static let selectBlock = """
        SELECT id, metadata_id, kind, class, flags, encoding, events, raw_size, size,
               first_created_at, last_created_at, attempts, lease_owner, lease_until, body
        FROM blocks WHERE id = ?1
        """
    /// ?1 id, ?2 body, ?3 events, ?4 raw_size, ?5 size, ?6 first, ?7 last created_at.
    static let replaceBody = """
        UPDATE blocks SET body = ?2, encoding = 1, events = ?3, raw_size = ?4, size = ?5,
                          first_created_at = ?6, last_created_at = ?7
        WHERE id = ?1
        """
    static let deleteBlock = "DELETE FROM blocks WHERE id = ?1 RETURNING \(tally)"
    /// ?1 = kind: adds a block's change to one kind's totals (events, bytes, raw bytes).
    static let applyTotals = """
        INSERT INTO queue_totals (kind, events, bytes, raw_bytes) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT (kind) DO UPDATE SET events = events + excluded.events, bytes = bytes + excluded.bytes,
                                         raw_bytes = raw_bytes + excluded.raw_bytes
        """

    // MARK: Evict
    /// ?1 = created_at cutoff, ?2 = now (blocks under a live lease are kept).
    static let evictByAge = """
        DELETE FROM blocks WHERE last_created_at < ?1 AND (lease_until IS NULL OR lease_until <= ?2)
        RETURNING \(tally)
        """
    /// Oldest blocks of class ?1 after id ?2 not under a live lease at ?3, at most ?4.
    static let evictionCandidates = """
        SELECT id, kind, events, size, raw_size FROM blocks
        WHERE class = ?1 AND id > ?2 AND (lease_until IS NULL OR lease_until <= ?3) ORDER BY class, id LIMIT ?4
        """
    /// Stored bytes of the blocks not under a live lease at ?1.
    static let evictableBytes = "SELECT COALESCE(SUM(size), 0) FROM blocks WHERE lease_until IS NULL OR lease_until <= ?1"
    static let pageCount = "PRAGMA page_count"
    static let freelistCount = "PRAGMA freelist_count"
    static let pageSize = "PRAGMA page_size"

    // MARK: Claim
    /// ?1 = now. An expired lease counts as a failed attempt.
    static let reclaimExpired = """
        UPDATE blocks SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
        WHERE lease_until <= ?1
        """
    /// The run holding the oldest unleased block: the first unleased block of each run (a few
    /// index steps each: only the blocks leased right now come before it), the lowest wins.
    static let oldestClaimable = """
        SELECT metadata.id,
               (SELECT blocks.id FROM blocks
                WHERE blocks.metadata_id = metadata.id AND blocks.lease_until IS NULL
                ORDER BY blocks.id LIMIT 1) AS first
        FROM metadata WHERE first IS NOT NULL ORDER BY first LIMIT 1
        """
    /// Body last: a row is stepped over without reading its body until it is taken.
    static let claimableOfRun = """
        SELECT id, kind, events, raw_size, size, flags, encoding, attempts, first_created_at, body FROM blocks
        WHERE metadata_id = ?1 AND lease_until IS NULL ORDER BY id LIMIT ?2
        """
    /// ?1 owner, ?2 until, ?3 metadata id, ?4 first and ?5 last id of the claim.
    static let leaseRun = """
        UPDATE blocks SET lease_owner = ?1, lease_until = ?2
        WHERE id BETWEEN ?4 AND ?5 AND metadata_id = ?3 AND lease_until IS NULL
        """
    static let metadataBody = "SELECT body FROM metadata WHERE id = ?1"

    // MARK: Ack, release, dead letters
    /// ?1 the ids as a JSON array, ?2 owner: one statement for a whole request.
    static let acknowledge = """
        DELETE FROM blocks WHERE id IN (SELECT value FROM json_each(?1)) AND lease_owner = ?2
        RETURNING \(tally)
        """
    /// ?1 the ids as a JSON array, ?2 owner.
    static let release = """
        UPDATE blocks SET lease_owner = NULL, lease_until = NULL, attempts = attempts + 1
        WHERE id IN (SELECT value FROM json_each(?1)) AND lease_owner = ?2
        """
    /// ?1 event id, ?2 metadata, ?3 kind, ?4 created_at, ?5 rejected_at, ?6 status, ?7 reason, ?8 body.
    static let insertDeadLetter = """
        INSERT INTO dead_letters (event_id, metadata_id, kind, created_at, rejected_at, status, reason, body)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        """
    /// ?1 = limit - 1: removes everything older than the limit-th newest row.
    static let capDeadLetters = """
        DELETE FROM dead_letters
        WHERE id < (SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?1)
        """
    static let deleteAllDeadLetters = "DELETE FROM dead_letters"

    // MARK: Merge
    /// Blocks after id ?1, at most ?3, each with whether it may merge: not under a lease,
    /// small, and last written at or before ?2. A block that may not merge stands between the
    /// blocks of its kind before and after it, which therefore stay apart (their order is kept).
    static let mergeCandidates = """
        SELECT id, metadata_id, kind, flags, events, raw_size,
               lease_until IS NULL AND events < \(BlockCodec.mergeableLines)
                   AND raw_size < \(BlockCodec.mergeableRawSize) AND last_created_at <= ?2
        FROM blocks WHERE id > ?1 ORDER BY id LIMIT ?3
        """

    // MARK: Counters
    static let addCounter = """
        INSERT INTO counters (name, value) VALUES (?1, ?2)
        ON CONFLICT (name) DO UPDATE SET value = value + excluded.value
        """
    static let selectCounters = "SELECT name, value FROM counters ORDER BY name"

    // MARK: Stats
    static let totalsByKind = "SELECT kind, events, bytes, raw_bytes FROM queue_totals WHERE events <> 0 ORDER BY kind"
    static let createdRange = """
        SELECT (SELECT MIN(first_created_at) FROM blocks), (SELECT MAX(last_created_at) FROM blocks)
        """
    static let leasesHeld = "SELECT COUNT(*), COALESCE(SUM(events), 0) FROM blocks WHERE lease_until > ?1"
    static let countBlocks = "SELECT COUNT(*) FROM blocks"
    static let countDeadLetters = "SELECT COUNT(*) FROM dead_letters"
    static let countMetadata = "SELECT COUNT(*) FROM metadata"
    static let pendingEvents = "SELECT COALESCE(SUM(events), 0) FROM queue_totals"
    static let blockBounds = "SELECT (SELECT MIN(id) FROM blocks), (SELECT MAX(id) FROM blocks)"

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
    static let blockColumns = """
        id, metadata_id, kind, class, flags, encoding, events, raw_size, size,
        first_created_at, last_created_at, attempts, lease_owner, lease_until, body
        """
    /// ?1 kind or NULL, ?2 since or NULL, ?3 limit, ?4 after id (oldest first) / before id (newest first).
    static let listOldest = """
        SELECT \(blockColumns) FROM blocks
        WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR last_created_at >= ?2) AND id > ?4
        ORDER BY id ASC LIMIT ?3
        """
    static let listNewest = """
        SELECT \(blockColumns) FROM blocks
        WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR last_created_at >= ?2) AND id < ?4
        ORDER BY id DESC LIMIT ?3
        """
    static let firstRun = "SELECT MIN(metadata_id) FROM blocks"
    static let nextRun = "SELECT MIN(metadata_id) FROM blocks WHERE metadata_id > ?1"
    static let exportBlocks = """
        SELECT \(blockColumns) FROM blocks WHERE metadata_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3
        """
    /// ?1 kind or NULL, ?2 cutoff or NULL.
    static let purgeBlocks = """
        DELETE FROM blocks WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR last_created_at < ?2)
        RETURNING \(tally)
        """
    private static let deadLetterColumns =
        "id, event_id, metadata_id, kind, created_at, rejected_at, status, reason, body"
    static let listDeadLettersNewest = "SELECT \(deadLetterColumns) FROM dead_letters ORDER BY id DESC LIMIT ?1"
    static let listDeadLettersOldest = "SELECT \(deadLetterColumns) FROM dead_letters ORDER BY id ASC LIMIT ?1"
    static let allDeadLetterIDs = "SELECT id FROM dead_letters ORDER BY id"
    /// ?1 dead letter id; only if its metadata row still exists.
    static let selectDeadLetterToRequeue = """
        SELECT metadata_id, COALESCE(kind, 'unknown'), created_at, COALESCE(body, X'') FROM dead_letters
        WHERE id = ?1 AND metadata_id IN (SELECT id FROM metadata)
        """
    static let deleteDeadLetter = "DELETE FROM dead_letters WHERE id = ?1"

    /// Statements run for every commit or request (append, claim, ack, release, evict, merge, stats).
    static let hotPath: [(name: String, sql: String)] = [
        ("insertBlock", insertBlock),
        ("applyTotals", applyTotals),
        ("restoreMetadata", restoreMetadata),
        ("evictByAge", evictByAge),
        ("evictionCandidates", evictionCandidates),
        ("deleteBlock", deleteBlock),
        ("selectBlock", selectBlock),
        ("replaceBody", replaceBody),
        ("reclaimExpired", reclaimExpired),
        ("oldestClaimable", oldestClaimable),
        ("claimableOfRun", claimableOfRun),
        ("leaseRun", leaseRun),
        ("metadataBody", metadataBody),
        ("acknowledge", acknowledge),
        ("release", release),
        ("unreferencedMetadata", unreferencedMetadata),
        ("deleteMetadata", deleteMetadata),
        ("totalsByKind", totalsByKind),
        ("createdRange", createdRange),
        ("leasesHeld", leasesHeld),
        ("firstRun", firstRun),
        ("nextRun", nextRun),
        ("exportBlocks", exportBlocks),
        ("blockBounds", blockBounds),
    ]
}
