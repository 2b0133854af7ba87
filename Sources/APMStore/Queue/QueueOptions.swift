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

/// Limits and tuning of an ``EventQueue``.
package struct QueueOptions: Sendable {
    /// The disk budget (`queue_max_bytes`): the main file, WAL and shm together stay within it
    /// (plus at most one commit), and the stored blocks never add up to more. Beyond it blocks
    /// are evicted by value. Default 256 MiB.
    package var maxBytes: Int64
    /// Events created longer ago than this are evicted (`queue_max_age`). Default 72 hours.
    package var maxAge: Duration
    /// Commit durability. Default `.batched`.
    package var durability: QueueDurability
    /// How long a statement waits for another connection's lock before failing with
    /// ``QueueError/locked(_:)``. Default 5 seconds.
    package var busyTimeout: Duration
    /// Most rows kept in `dead_letters`; the oldest are removed (and counted) beyond it. Default 10 000.
    package var deadLetterLimit: Int
    /// Run `PRAGMA quick_check` when ``EventQueue/init(path:options:logger:)`` opens an existing
    /// file, and quarantine the file if it fails. Default true.
    package var verifyOnOpen: Bool
    /// Free space the file system keeps: below it, new events are stored only in free pages of
    /// the file (made by evicting by value), so that acknowledging, leasing and evicting always
    /// have room. Default 1 MiB.
    package var diskReserve: Int64
    /// Blocks wait at least this long before ``EventQueue/mergeWaitingBlocks(now:limit:)`` merges
    /// them (a sender that keeps up takes them before). Default 1 second.
    package var mergeAfter: Duration

    /// Creates options; every parameter has the documented default.
    package init(
        maxBytes: Int64 = 256 << 20,
        maxAge: Duration = .seconds(72 * 3600),
        durability: QueueDurability = .batched,
        busyTimeout: Duration = .seconds(5),
        deadLetterLimit: Int = 10_000,
        verifyOnOpen: Bool = true,
        diskReserve: Int64 = 1 << 20,
        mergeAfter: Duration = .seconds(1)
    ) {
        self.maxBytes = maxBytes
        self.maxAge = maxAge
        self.durability = durability
        self.busyTimeout = busyTimeout
        self.deadLetterLimit = deadLetterLimit
        self.verifyOnOpen = verifyOnOpen
        self.diskReserve = diskReserve
        self.mergeAfter = mergeAfter
    }

    /// Bytes held back next to the queue (`<file>-reserve`) for when the file system is full
    /// nonetheless: released so that a write that must succeed (acknowledging, leasing,
    /// evicting) can, taken again once space returns. Half of ``diskReserve``, at most 512 KiB.
    var heldReserve: Int64 { min(512 << 10, diskReserve / 2) }

    /// Most bytes the WAL keeps between checkpoints (`journal_size_limit`): an eighth of
    /// ``maxBytes``, between 64 KiB and 1 MiB.
    var walLimit: Int64 { min(1 << 20, max(64 << 10, maxBytes / 8)) }

    /// Bytes of used pages the main file may hold: ``maxBytes`` less the WAL and the shm, but
    /// never below 256 KiB (an empty queue's schema alone takes about 50 KiB; below that floor
    /// only the stored bytes of blocks are bounded by ``maxBytes``).
    var dataBudget: Int64 { max(256 << 10, maxBytes - walLimit - (64 << 10)) }
}
