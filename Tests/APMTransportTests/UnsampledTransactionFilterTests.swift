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
import Testing

@Suite("Unsampled transaction detection")
struct UnsampledTransactionFilterTests {
    @Test(
        "unsampled transactions are recognised",
        arguments: [
            #"{"transaction":{"id":"a","sampled":false}}"#,
            #"{"transaction":{"id":"a","context":{"tags":{"sampled":true}},"sampled":false}}"#,
            #"{ "transaction" : { "sampled" : false , "id":"a"} }"#,
            #"{"transaction":{"name":"say \"sampled\":true","sampled":false}}"#,
        ])
    func unsampled(line: String) {
        #expect(UnsampledTransactionFilter.isUnsampledTransaction(Array(line.utf8)))
    }

    @Test(
        "everything else is sent",
        arguments: [
            #"{"transaction":{"id":"a","sampled":true}}"#,
            #"{"transaction":{"id":"a"}}"#,
            #"{"transaction":{"id":"a","labels":{"sampled":false}}}"#,
            #"{"transaction":{"id":"a","spans":[{"sampled":false}]}}"#,
            #"{"span":{"id":"a","sampled":false}}"#,
            #"{"error":{"transaction":{"sampled":false}}}"#,
            #"{"transaction":{"name":"\"sampled\":false"}}"#,
            "",
            "{",
        ])
    func sampled(line: String) {
        #expect(!UnsampledTransactionFilter.isUnsampledTransaction(Array(line.utf8)))
    }
}
