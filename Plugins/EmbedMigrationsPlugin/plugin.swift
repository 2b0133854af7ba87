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
import PackagePlugin

/// Build-tool plugin: embeds the package's `migrations/NNNN_name.sql` files into the target as a
/// generated Swift source (`EmbeddedMigrations.swift`), so binaries need no resource files at run
/// time. Every migration file is declared as an input, so editing one regenerates the source; the
/// folder itself is an input too and the tool lists it when it runs, so adding or removing a file
/// (which changes the folder's modification time) regenerates it as well, even though SwiftPM
/// does not re-run plugins for files outside the targets' folders.
@main
struct EmbedMigrationsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "migrations")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path(percentEncoded: false), isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw PluginFailure(
                description: "EmbedMigrationsPlugin: no migrations/ folder at \(directory.path(percentEncoded: false))")
        }
        let names = try FileManager.default
            .contentsOfDirectory(atPath: directory.path(percentEncoded: false))
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        let inputs = names.map { directory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        let tool = try context.tool(named: "apm-embed-migrations")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) schema migration(s) into \(target.name)",
                executable: tool.url,
                arguments: [output.path(percentEncoded: false), directory.path(percentEncoded: false)],
                inputFiles: [directory] + inputs,
                outputFiles: [output]
            )
        ]
    }
}

/// A plugin error with a readable message.
struct PluginFailure: Error, CustomStringConvertible {
    var description: String
}
