import APMTransport
import Logging
import Synchronization

/// The state transactions and spans share with the agent: the live settings and the hand-off.
final class AgentCore: Sendable {
    private let snapshotBox: Mutex<SettingsSnapshot>
    let pipeline: EventPipeline
    /// Drains the queue to APM Server; `nil` when events stay in memory (tests) or cannot be sent.
    let sender: IntakeSender?
    let logger: Logger
    /// Where ended transactions leave their span self times; `nil` when breakdown metrics are off.
    let breakdown: BreakdownAccumulator?

    init(settings: AgentSettings, pipeline: EventPipeline, sender: IntakeSender?, logger: Logger,
         breakdown: BreakdownAccumulator? = nil) {
        self.snapshotBox = Mutex(SettingsSnapshot(settings))
        self.pipeline = pipeline
        self.sender = sender
        self.logger = logger
        self.breakdown = breakdown
    }

    /// The settings in force now.
    var snapshot: SettingsSnapshot { snapshotBox.withLock { $0 } }

    /// Replaces the settings atomically (remote configuration).
    func update(_ settings: AgentSettings) {
        let snapshot = SettingsSnapshot(settings)
        snapshotBox.withLock { $0 = snapshot }
    }

    /// Hands an ended transaction or span to the writer thread.
    func submit(_ event: CapturedEvent) {
        pipeline.submit(event)
    }

    /// Hands an error to the writer thread; under `queue_durability=strict` waits until it is committed.
    func submitError(_ event: ErrorEvent) {
        pipeline.submit(.error(event), durable: snapshot.settings.queueDurability == .strict)
    }
}
