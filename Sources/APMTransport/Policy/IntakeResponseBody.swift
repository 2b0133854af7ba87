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

import Foundation

/// The JSON body APM Server writes for intake answers:
/// `{"accepted":N,"errors":[{"message":…,"document":…}]}` or `{"error":…}`.
struct IntakeResponseBody: Decodable, Equatable {
    /// One entry of `errors`.
    struct ErrorItem: Decodable, Equatable {
        /// The server's explanation.
        var message: String?
        /// The offending ND-JSON line, possibly cut short.
        var document: String?
    }

    /// The number of events the server processed.
    var accepted: Int?
    /// Up to five per-event or stream errors.
    var errors: [ErrorItem]?
    /// A single error text, used by 401 and some 503 answers.
    var error: String?

    /// Decodes `bytes`, or returns `nil` when they are not such a JSON object.
    static func decode(_ bytes: [UInt8]) -> IntakeResponseBody? {
        guard !bytes.isEmpty,
            let body = try? JSONDecoder().decode(IntakeResponseBody.self, from: Data(bytes)),
            body.accepted != nil || body.errors != nil || body.error != nil
        else {
            return nil
        }
        return body
    }

    /// Every message the body carries, `error` first.
    var messages: [String] {
        (error.map { [$0] } ?? []) + (errors ?? []).compactMap(\.message)
    }
}
