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

import APMStore
import ArgumentParser

/// `apm-queue`: inspect and maintain the agent's on-disk event queue.
@main
struct APMQueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apm-queue",
        abstract: "Inspect and maintain the Elastic APM agent's on-disk event queue.",
        discussion: """
            Every command opens an existing queue file (--queue, else $\(EventQueue.pathEnvironmentVariable), \
            else the agent's default location) and is safe to run while applications write to it. \
            Exit status: 0 success, 1 error (one line on standard error), 2 usage error, 3 events \
            remain after flush.
            """,
        subcommands: [
            StatsCommand.self, ListCommand.self, ShowCommand.self, ExportCommand.self, ImportCommand.self,
            PurgeCommand.self, FlushCommand.self, ConfigCommand.self, DeadLettersCommand.self, CheckCommand.self,
        ])

    /// Parses the arguments, runs the command, and exits with 0, 1 (error) or 2 (usage).
    static func main() {
        let status: Int32
        do {
            var command = try parseAsRoot()
            try command.run()
            status = 0
        } catch let failure as CommandFailure {
            Console.error(failure.description)
            status = failure.exitCode
        } catch let exit as ExitCode {
            status = exit.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version
                Console.out(fullMessage(for: error, columns: HumanFormat.width))
                status = 0
            } else if code == .validationFailure {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
                Console.error(message + " (see '\(commandPath(CommandLine.arguments.dropFirst())) --help')")
                status = 2
            } else {
                Console.error(message(for: error))
                status = 1
            }
        }
        exit(withError: ExitCode(status))
    }

    /// "apm-queue dead-letters purge": the command `arguments` name, for usage hints.
    private static func commandPath(_ arguments: ArraySlice<String>) -> String {
        var command: ParsableCommand.Type = self
        var path = [configuration.commandName ?? "apm-queue"]
        for argument in arguments {
            guard let subcommand = command.configuration.subcommands.first(where: { $0.configuration.commandName == argument })
            else {
                continue
            }
            command = subcommand
            path.append(argument)
        }
        return path.joined(separator: " ")
    }
}
