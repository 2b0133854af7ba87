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

/// The outcome of a transaction or span, from the point of view of the service that records it.
public enum APMOutcome: String, Sendable, Codable, CaseIterable {
    /// The operation succeeded.
    case success
    /// The operation failed.
    case failure
    /// Nothing is known; the default when neither the agent nor the user set an outcome.
    case unknown

    /// The gRPC status names, indexed by their numeric code (0 = `OK` … 16 = `UNAUTHENTICATED`).
    static let grpcStatusNames = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// The gRPC statuses that mean a server-side failure; the others are the caller's fault.
    private static let grpcServerFailureCodes: Set<Int> = [2, 4, 8, 9, 10, 13, 14, 15]

    /// Outcome of an HTTP server transaction: `failure` for 5xx, `success` for other statuses.
    ///
    /// `nil` or a value below 100 means no status was produced (the handler failed before
    /// responding) and gives `failure`.
    static func httpServer(statusCode: Int?) -> APMOutcome {
        guard let statusCode, statusCode >= 100 else { return .failure }
        return statusCode >= 500 ? .failure : .success
    }

    /// Outcome of an HTTP client span: `failure` for 4xx and 5xx, `success` for other statuses.
    ///
    /// `nil` or a value below 100 means no response was received (I/O error, redirect loop, …)
    /// and gives `failure`.
    static func httpClient(statusCode: Int?) -> APMOutcome {
        guard let statusCode, statusCode >= 100 else { return .failure }
        return statusCode >= 400 ? .failure : .success
    }

    /// Outcome of a gRPC server transaction from the status name (`OK`, `NOT_FOUND`, …, any
    /// letter case): `failure` for `UNKNOWN`, `DEADLINE_EXCEEDED`, `RESOURCE_EXHAUSTED`,
    /// `FAILED_PRECONDITION`, `ABORTED`, `INTERNAL`, `UNAVAILABLE` and `DATA_LOSS`, `success` for
    /// the other standard statuses, and `failure` when the status is missing or not a standard one.
    static func grpcServer(status: String?) -> APMOutcome {
        grpcServer(code: grpcCode(named: status))
    }

    /// Outcome of a gRPC client span from the status name: `success` only for `OK`.
    static func grpcClient(status: String?) -> APMOutcome {
        grpcClient(code: grpcCode(named: status))
    }

    /// Outcome of a gRPC server transaction from the numeric status code (0–16); see
    /// ``grpcServer(status:)``.
    static func grpcServer(code: Int?) -> APMOutcome {
        guard let code, grpcStatusNames.indices.contains(code) else { return .failure }
        return grpcServerFailureCodes.contains(code) ? .failure : .success
    }

    /// Outcome of a gRPC client span from the numeric status code: `success` only for 0 (`OK`).
    static func grpcClient(code: Int?) -> APMOutcome {
        code == 0 ? .success : .failure
    }

    private static func grpcCode(named status: String?) -> Int? {
        guard let status else { return nil }
        return grpcStatusNames.firstIndex { name in
            status.utf8.count == name.utf8.count
                && status.utf8.elementsEqual(name.utf8) { ASCII.lowercased($0) == ASCII.lowercased($1) }
        }
    }
}
