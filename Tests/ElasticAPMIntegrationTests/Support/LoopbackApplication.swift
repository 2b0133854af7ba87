import Hummingbird
import Logging
import ServiceLifecycle

/// A logger that drops everything: Hummingbird and the service group stay quiet in test output.
let quietLogger = Logger(label: "integration-test") { _ in SwiftLogNoOpLogHandler() }

/// Runs a Hummingbird application serving `router` on 127.0.0.1 (a free port) while `body` runs,
/// then shuts it down gracefully.
///
/// The application runs in a child task, so it inherits task-locals such as the tracer bound
/// with `withTracer(_:_:)`.
nonisolated(nonsending) func withApplication<T>(_ router: Router<BasicRequestContext>, _ body: (_ port: Int) async throws -> T) async throws -> T {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let application = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: quietLogger)
    let group = ServiceGroup(configuration: .init(services: [application], logger: quietLogger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            throw ApplicationStartFailure()
        }
        do {
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

/// The application stopped before it listened on a port.
struct ApplicationStartFailure: Error {}
