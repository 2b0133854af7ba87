import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process with its stdout on a pipe, read line by line with deadlines; optionally
/// with given standard input and captured standard error (``finish(deadline:)``).
package final class ChildProcess {
    /// The child's process id.
    package let pid: pid_t
    private let output: Int32
    /// Read end of the child's stderr pipe, when captured.
    private let errorOutput: Int32?
    private var buffer: [UInt8] = []
    /// Whether the child closed its standard output.
    package private(set) var reachedEOF = false
    private var exited = false

    /// Spawning failed.
    package struct SpawnError: Error, CustomStringConvertible {
        /// What failed.
        package var description: String
    }

    /// What the child reads on its standard input.
    package enum StandardInput: Sendable {
        /// This process's standard input.
        case inherited
        /// End of file at once (`/dev/null`).
        case empty
        /// These bytes, then end of file. At most 64 KiB (a pipe's capacity): they are written
        /// before the child starts.
        case bytes([UInt8])
        /// An open descriptor (e.g. a pseudo-terminal), which the caller keeps and closes.
        case fileDescriptor(Int32)
    }

    /// Everything a finished child wrote, and how it ended.
    package struct Completion: Sendable {
        /// The raw wait status.
        package var status: Int32
        /// Standard output.
        package var standardOutput: [UInt8]
        /// Standard error (empty unless captured).
        package var standardError: [UInt8]

        /// The exit code, or nil if a signal ended the child.
        package var exitCode: Int32? { ChildProcess.exitCode(status) }
        /// Standard output as text.
        package var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
        /// Standard error as text.
        package var errorText: String { String(decoding: standardError, as: UTF8.self) }
    }

    /// Serializes pipe creation and spawning, so that no other child inherits this pipe's write
    /// end in the moment before it is marked close-on-exec (which would delay EOF).
    private static let spawnLock = Mutex<Void>(())

    /// Starts `executable` with `arguments`; `environment` entries are added to (or override) this
    /// process's. With `captureStandardError`, stderr goes to a pipe read by ``finish(deadline:)``.
    package init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        standardInput: StandardInput = .inherited, captureStandardError: Bool = false
    ) throws {
        (pid, output, errorOutput) = try Self.spawnLock.withLock { _ in
            try Self.spawn(executable, arguments, environment, standardInput, captureStandardError)
        }
    }

    /// A pipe with both ends close-on-exec.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SpawnError(description: "pipe: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// The descriptor to give the child as fd 0 (nil: inherit), and whether to close it after spawning.
    private static func inputDescriptor(_ input: StandardInput) throws -> (fd: Int32, close: Bool)? {
        switch input {
        case .inherited:
            return nil
        case .empty:
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw SpawnError(description: "open /dev/null: errno \(errno)") }
            return (fd, true)
        case .bytes(let bytes):
            guard bytes.count <= 65_536 else { throw SpawnError(description: "standard input over 64 KiB") }
            let input = try makePipe()
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(input.write, $0.baseAddress, $0.count) }
                guard written > 0 else {
                    close(input.read)
                    close(input.write)
                    throw SpawnError(description: "writing standard input: errno \(errno)")
                }
                offset += written
            }
            close(input.write)
            return (input.read, true)
        case .fileDescriptor(let fd):
            return (fd, false)
        }
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], _ extra: [String: String],
        _ input: StandardInput, _ captureStandardError: Bool
    ) throws -> (pid_t, Int32, Int32?) {
        let stdin = try inputDescriptor(input)
        defer { if let stdin, stdin.close { close(stdin.fd) } }
        let stderrPipe = captureStandardError ? try makePipe() : nil
        let fds = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds.write, 1)
        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin.fd, 0) }
        if let stderrPipe { posix_spawn_file_actions_adddup2(&actions, stderrPipe.write, 2) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let merged = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let environment = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, nil, argv, environment)
        close(fds.write)
        if let stderrPipe { close(stderrPipe.write) }
        guard rc == 0 else {
            close(fds.read)
            if let stderrPipe { close(stderrPipe.read) }
            throw SpawnError(description: "posix_spawn \(executable): \(rc)")
        }
        return (child, fds.read, stderrPipe?.read)
    }

    deinit {
        if !exited {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(output)
        if let errorOutput { close(errorOutput) }
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
    package func readLine(deadline: ContinuousClock.Instant) -> String? {
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
    package func readAvailableLines() -> [String] {
        while fill(milliseconds: 0) {}
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
            buffer.removeSubrange(...newline)
        }
        return lines
    }

    /// Every remaining line until EOF (or `deadline`).
    package func readAllLines(deadline: ContinuousClock.Instant) -> [String] {
        var lines: [String] = []
        while let line = readLine(deadline: deadline) { lines.append(line) }
        return lines
    }

    /// Reads standard output (and captured standard error) to end of file, then waits for the
    /// child; at `deadline` the child is killed (SIGKILL) and what it wrote so far is returned.
    package func finish(deadline: ContinuousClock.Instant) -> Completion {
        var errors: [UInt8] = []
        var errorOpen = errorOutput != nil
        while (!reachedEOF || errorOpen) && ContinuousClock.now < deadline {
            var descriptors: [pollfd] = []
            if !reachedEOF { descriptors.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0)) }
            if errorOpen, let errorOutput { descriptors.append(pollfd(fd: errorOutput, events: Int16(POLLIN), revents: 0)) }
            guard poll(&descriptors, nfds_t(descriptors.count), 100) > 0 else { continue }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == output {
                    _ = fill(milliseconds: 0)
                } else if !Self.readAvailable(descriptor.fd, into: &errors) {
                    errorOpen = false
                }
            }
        }
        let status = wait(deadline: deadline)
        let standardOutput = buffer
        buffer.removeAll()
        return Completion(status: status, standardOutput: standardOutput, standardError: errors)
    }

    /// Appends what `fd` has now to `bytes`; false at end of file.
    private static func readAvailable(_ fd: Int32, into bytes: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 { return errno == EINTR || errno == EAGAIN }
        bytes += chunk[0..<count]
        return count > 0
    }

    /// Sends a signal to the child.
    package func signal(_ number: Int32) {
        kill(pid, number)
    }

    /// Waits for exit (SIGKILL at the deadline); returns the raw wait status.
    @discardableResult
    package func wait(deadline: ContinuousClock.Instant) -> Int32 {
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

    /// The exit code of a wait status, or nil if a signal ended the process.
    package static func exitCode(_ status: Int32) -> Int32? {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : nil
    }

    /// True if a wait status is a normal exit with code 0.
    package static func succeeded(_ status: Int32) -> Bool {
        (status & 0x7F) == 0 && ((status >> 8) & 0xFF) == 0
    }

    /// True if a wait status is death by SIGKILL.
    package static func killed(_ status: Int32) -> Bool {
        (status & 0x7F) == SIGKILL
    }
}
