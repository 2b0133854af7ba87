/// Marks the log records the agent itself emits (through ``AgentLogHandler``), so that an
/// ``APMLogHandler`` in the application's logging system never captures them: capturing them
/// could make the agent log again about what it captured, a feedback loop.
enum AgentLogRecords {
    /// `true` while the agent's own log handler passes a record on.
    @TaskLocal static var isEmitting = false
}
