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

import ElasticAPM
import Foundation
import Synchronization

/// Prints `captured=<events ended so far>` every 100 ms on its own thread, flushed.
final class ProgressPrinter: Sendable {
    private let agent: APMAgent
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)

    init(agent: APMAgent) { self.agent = agent }

    func start() {
        running.store(true, ordering: .releasing)
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                printLine()
                Thread.sleep(forTimeInterval: 0.1)
            }
            finished.withLock { $0 = true }
        }
        thread.name = "apm-demo-progress"
        thread.start()
    }

    func stop() {
        running.store(false, ordering: .releasing)
        while !finished.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
        printLine()
    }

    private func printLine() {
        let line = "captured=\(agent.statistics.capturedTotal)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
