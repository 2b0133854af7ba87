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

public import Logging

extension APMAgent {
    /// A swift-log metadata provider for log correlation that follows ``shared``: every record
    /// made inside a transaction gets `trace.id` and `transaction.id`, and inside a span also
    /// `span.id` (ECS names); records made outside get nothing (no allocation).
    ///
    /// Bootstrap it once, before or after ``start(_:environment:)``:
    ///
    /// ```swift
    /// LoggingSystem.bootstrap(StreamLogHandler.standardOutput, metadataProvider: APMAgent.logMetadataProvider)
    /// ```
    public static var logMetadataProvider: Logger.MetadataProvider {
        Logger.MetadataProvider { APMAgent.shared.logCorrelationMetadata }
    }

    /// A metadata provider for log correlation with this agent (see ``logMetadataProvider-swift.type.property``).
    public var logMetadataProvider: Logger.MetadataProvider {
        Logger.MetadataProvider { [self] in logCorrelationMetadata }
    }

    /// `trace.id`, `transaction.id` and `span.id` of the current context; empty outside a transaction.
    var logCorrelationMetadata: Logger.Metadata {
        guard let traceID = currentTraceID else { return [:] }
        var metadata: Logger.Metadata = [LogCorrelationKey.traceID: .string(traceID)]
        if let transactionID = currentTransactionID {
            metadata[LogCorrelationKey.transactionID] = .string(transactionID)
        }
        if let spanID = currentSpanID {
            metadata[LogCorrelationKey.spanID] = .string(spanID)
        }
        return metadata
    }
}
