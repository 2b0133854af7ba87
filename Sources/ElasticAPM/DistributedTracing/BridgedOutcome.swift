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

import Tracing

/// The outcome of a span or transaction begun through ``APMTracer``.
///
/// An explicit status wins (`ok` → success, `error` → failure). Without one, an HTTP status code
/// (`http.response.status_code`, `http.status_code`) gives the outcome with the server rules for server and
/// consumer spans (5xx fails) and the client rules otherwise (4xx and 5xx fail), and a gRPC status code
/// (`rpc.grpc.status_code`) likewise; otherwise the outcome is `unknown`. Recorded errors never change it,
/// as the bridge spec requires.
enum BridgedOutcome {
    /// The outcome for `kind` with `status` and `attributes`.
    static func outcome(kind: SpanKind, status: SpanStatus?, attributes: BridgedAttributes) -> APMOutcome {
        if let status { return status.code == .ok ? .success : .failure }
        if let code = HTTPAttributes.statusCode(attributes) {
            return kind.isIncoming ? .httpServer(statusCode: code) : .httpClient(statusCode: code)
        }
        if let code = attributes.int(.rpcGRPCStatusCode) {
            return kind.isIncoming ? .grpcServer(code: code) : .grpcClient(code: code)
        }
        return .unknown
    }
}
