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

/// Prints `captured=<events ended so far>` every 100 ms on its own thread, flushed: in place on a
/// terminal, as lines for a program that reads them (`--progress`).
final class ProgressPrinter: Sendable {
    /// How progress is shown.
    enum Style: Sendable {
        /// One line rewritten in place (a terminal), ended with a newline at the end.
        case inPlace
        /// A line each time (`--progress`: the durability tests read them).
        case lines
    }

    private let agent: APMAgent
    private let style: Style
    private let running = Atomic<Bool>(false)
    private let finished = Mutex<Bool>(false)

    init(agent: APMAgent, style: Style) {
        self.agent = agent
        self.style = style
    }

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
        if style == .inPlace { FileHandle.standardOutput.write(Data("\n".utf8)) }
    }

    private func printLine() {
        let text = "captured=\(agent.statistics.capturedTotal)"
        let line = style == .inPlace ? "\r" + text : text + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
