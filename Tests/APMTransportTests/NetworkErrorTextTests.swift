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

import APMTransport
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Network error text")
struct NetworkErrorTextTests {
    @Test("a refused connection reads as one clause, without SwiftNIO's stray parenthesis")
    func refused() {
        let error = IOError(errnoCode: ECONNREFUSED, reason: "connection reset (error set)")
        #expect(String(describing: error).contains("Connection refused)"))
        #expect(NetworkErrorText.describe(error) == "connection refused (errno \(ECONNREFUSED))")
    }

    @Test("other errors keep their own description")
    func other() {
        #expect(NetworkErrorText.describe(IntakeClientError.shutDown) == "the intake client has been shut down")
    }
}
