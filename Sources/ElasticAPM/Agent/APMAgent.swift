import APMStore
import Foundation
import Logging
import Synchronization

/// The Elastic APM agent: the Swift counterpart of the Python agent's `Client`.
///
/// Start it once with ``start(_:environment:)`` (it reads `ELASTIC_APM_*` environment variables),
/// then capture transactions, spans and errors through it or through ``shared`` (the Python
/// agent's `get_client()`). Every capture call hands plain values to the agent's writer thread and
/// returns without disk or network I/O. Call ``close(timeout:)`` before the process exits.
public final class APMAgent: Sendable {
    let core: AgentCore?
    /// The swift-metrics backend, breakdown accumulator and metrics thread.
    let metrics: AgentMetrics
    private let closed = Atomic<Bool>(false)

    private static let sharedAgent = Mutex<APMAgent?>(nil)
    private static let disabledAgent = APMAgent(disabled: ())

    /// The agent started last with ``start(_:environment:)``, or a disabled agent whose calls do nothing.
    public static var shared: APMAgent {
        sharedAgent.withLock { $0 } ?? disabledAgent
    }

    /// Whether ``start(_:environment:)`` has been called.
    public static var isStarted: Bool { sharedAgent.withLock { $0 != nil } }

    /// Creates an agent from `configuration` merged with `environment` (`ELASTIC_APM_*`) and makes it ``shared``.
    @discardableResult
    public static func start(_ configuration: Configuration = Configuration(),
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> APMAgent {
        let agent = APMAgent(configuration: configuration, environment: environment)
        sharedAgent.withLock { $0 = agent }
        return agent
    }

    /// Creates an agent that is not ``shared``.
    ///
    /// - Parameters:
    ///   - configuration: values from code.
    ///   - environment: the environment to read `ELASTIC_APM_*` variables from.
    ///   - inMemoryStore: keep encoded events in this store instead of the queue file (tests, demos).
    ///   - ndjsonMirrorPath: also write every stored line (metadata first) to this file.
    public convenience init(configuration: Configuration = Configuration(),
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            inMemoryStore: InMemoryEventStore? = nil, ndjsonMirrorPath: String? = nil) {
        self.init(configuration: configuration, environment: environment, ndjsonMirrorPath: ndjsonMirrorPath,
                  healthCounters: { settings in
                      inMemoryStore.map { .memory($0) } ?? .queueFile(settings.queuePath ?? EventQueue.defaultPath)
                  }) { settings, logger in
            if let inMemoryStore { return inMemoryStore }
            return try SQLiteEventStore(
                path: settings.queuePath ?? EventQueue.defaultPath, settings: settings,
                log: { message in logger.error("\(message)") })
        }
    }

    /// Creates an agent whose writer thread stores events in the store `makeStore` opens (on that thread);
    /// the metrics thread reads agent-health counters from `healthCounters(settings)`.
    init(configuration: Configuration, environment: [String: String], ndjsonMirrorPath: String?,
         healthCounters: (AgentSettings) -> HealthCounterStore = { _ in .none },
         makeStore: @escaping @Sendable (AgentSettings, Logger) throws -> EventStore) {
        var warnings: [String] = []
        let resolution = ConfigurationResolver(code: configuration, environment: environment)
            .resolve(warn: { warnings.append($0) })
        let settings = resolution.settings
        var logger = Logger(label: "co.elastic.apm")
        logger.logLevel = settings.logLevel
        guard settings.enabled else {
            self.core = nil
            self.metrics = AgentMetrics()
            logger.info("Elastic APM agent disabled (enabled=false)")
            return
        }
        let pipeline = EventPipeline(
            memoryLimit: Int(settings.queueMemoryLimit), commitInterval: settings.queueCommitInterval, logger: logger)
        let core = AgentCore(settings: settings, pipeline: pipeline, logger: logger,
                             breakdown: AgentMetrics.breakdownAccumulator(for: settings))
        let metrics = AgentMetrics(settings: settings, pipeline: pipeline, breakdown: core.breakdown,
                                   counters: healthCounters(settings), current: { [core] in core.snapshot.settings })
        self.core = core
        self.metrics = metrics
        let sources = resolution.sources
        let startupWarnings = warnings
        let ephemeralID = UUID().uuidString.lowercased()
        metrics.start()
        pipeline.start(settings: { [core] in core.snapshot.settings }) { [core] in
            metrics.waitUntilPrimed()
            let settings = core.snapshot.settings
            StartupLog.write(settings: settings, sources: sources, warnings: startupWarnings, logger: core.logger)
            let metadata = MetadataCollector().collect(settings: settings, ephemeralID: ephemeralID)
            let line = metadata.encoded()
            do {
                let store = try makeStore(settings, core.logger)
                let metadataID = try store.registerMetadata(line, createdAt: Clock.wallMicros())
                let tap = try ndjsonMirrorPath.map { path throws(EventStoreFailure) in try NDJSONTap(path: path, metadataLine: line) }
                return EventPipeline.Environment(store: store, metadataID: metadataID, tap: tap)
            } catch {
                core.logger.error("Elastic APM agent cannot store events: \(error); capture is count-and-drop")
                return nil
            }
        }
    }

    private init(disabled: Void) {
        self.core = nil
        self.metrics = AgentMetrics()
    }

    /// The live core, or `nil` when the agent is disabled or closed.
    var activeCore: AgentCore? {
        guard let core, !closed.load(ordering: .relaxed) else { return nil }
        return core
    }

    /// Whether the agent captures anything (`enabled=true` and not closed).
    public var isEnabled: Bool { activeCore != nil }

    /// The effective settings (defaults, code, environment and remote configuration merged).
    public var settings: AgentSettings { core?.snapshot.settings ?? AgentSettings() }

    /// What was captured, stored and dropped since start.
    public var statistics: AgentStatistics {
        core?.pipeline.statistics ?? AgentStatistics(captured: [:], stored: 0, dropped: [:], truncated: 0)
    }

    /// Writes everything captured so far to the queue and stops the agent's threads, waiting at most `timeout`.
    /// Afterwards every call on this agent is a harmless no-op. Call it before the process exits.
    public func close(timeout: Duration = .seconds(5)) {
        guard let core, !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let start = ContinuousClock.now
        metrics.stop(timeout: timeout)
        core.pipeline.stop(timeout: max(.zero, timeout - (ContinuousClock.now - start)))
        Self.sharedAgent.withLock { shared in
            if shared === self { shared = nil }
        }
    }

    /// Waits until everything captured before this call is written to the queue; `false` on time-out.
    func waitUntilQueued(timeout: Duration = .seconds(5)) -> Bool {
        core?.pipeline.flush(timeout: timeout) ?? true
    }
}
