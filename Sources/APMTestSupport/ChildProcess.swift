import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process with its stdout on a pipe, read line by line with deadlines.
public final class ChildProcess {
    /// The child's process id.
    public let pid: pid_t
    private let output: Int32
    private var buffer: [UInt8] = []
    /// Whether the child closed its standard output.
    public private(set) var reachedEOF = false
    private var exited = false

    /// Spawning failed.
    public struct SpawnError: Error, CustomStringConvertible {
        /// What failed.
        public var description: String
    }

    /// Serializes pipe creation and spawning, so that no other child inherits this pipe's write
    /// end in the moment before it is marked close-on-exec (which would delay EOF).
    private static let spawnLock = Mutex<Void>(())

    /// Starts `executable` with `arguments`; `environment` entries are added to (or override) this process's.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        (pid, output) = try Self.spawnLock.withLock { _ in try Self.spawn(executable, arguments, environment) }
    }

    private static func spawn(_ executable: String, _ arguments: [String], _ extra: [String: String]) throws -> (pid_t, Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let merged = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let environment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, environment)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw SpawnError(description: "posix_spawn \(executable): \(rc)")
        }
        return (child, fds[0])
    }

    deinit {
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(output)
    }

    /// Reads more output, waiting at most `milliseconds`; false on EOF or timeout.
    private func fill(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        guard ready > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count <= 0 {
            if count < 0 && errno == EINTR { return true }
            reachedEOF = true
            return false
        }
        buffer += chunk[0..<count]
        return true
    }

    /// The next line, or nil at EOF or when `deadline` passes.
    public func readLine(deadline: ContinuousClock.Instant) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if reachedEOF || ContinuousClock.now >= deadline { return nil }
            _ = fill(milliseconds: 100)
        }
    }

    /// The complete lines available now, without waiting.
    public func readAvailableLines() -> [String] {
        while fill(milliseconds: 0) {}
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
        return lines
    }

    /// Every remaining line until EOF (or `deadline`).
    public func readAllLines(deadline: ContinuousClock.Instant) -> [String] {
        var lines: [String] = []
        while let line = readLine(deadline: deadline) { lines.append(line) }
        return lines
    }

    /// Sends a signal to the child.
    public func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for exit (SIGKILL at the deadline); returns the raw wait status.
    @discardableResult
    public func wait(deadline: ContinuousClock.Instant) -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { break }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        exited = true
        return status
    }

    /// True if a wait status is a normal exit with code 0.
    public static func succeeded(_ status: Int32) -> Bool {
        (status & 0x7F) == 0 && ((status >> 8) & 0xFF) == 0
    }

    /// True if a wait status is death by SIGKILL.
    public static func killed(_ status: Int32) -> Bool {
        (status & 0x7F) == SIGKILL
    }
}
