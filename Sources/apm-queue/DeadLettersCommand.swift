import ArgumentParser

/// `apm-queue dead-letters`: events the server rejected for good.
struct DeadLettersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List, requeue or delete the events APM Server rejected.",
        subcommands: [DeadLettersListCommand.self, DeadLettersRequeueCommand.self, DeadLettersPurgeCommand.self])
}
