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

import Logging
import Synchronization

/// A console stand-in for swift-log tests: keeps every record it receives with the metadata a
/// console handler would print (its own, its provider's and the record's, merged).
final class LogRecords: Sendable {
    /// One record as the handler saw it.
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let stored = Mutex<[Record]>([])

    /// Everything received so far, in order.
    var all: [Record] { stored.withLock { $0 } }

    /// A handler writing into these records.
    func handler(metadataProvider: Logger.MetadataProvider? = nil) -> any LogHandler {
        Handler(records: self, metadataProvider: metadataProvider)
    }

    private struct Handler: LogHandler {
        let records: LogRecords
        var metadataProvider: Logger.MetadataProvider?
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        init(records: LogRecords, metadataProvider: Logger.MetadataProvider?) {
            self.records = records
            self.metadataProvider = metadataProvider
        }

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
            if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
            let record = Record(level: event.level, message: event.message.description, metadata: merged)
            records.stored.withLock { $0.append(record) }
        }
    }
}
