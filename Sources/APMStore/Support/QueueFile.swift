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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system chores around the database file: default location, private directory and file
/// modes (0700/0600, whatever the umask), quarantine of damaged files.
enum QueueFile {
    /// Default location, see ``EventQueue/defaultPath``.
    static func defaultPath(environment: (String) -> String? = QueueFile.environment) -> String {
        if let explicit = environment(EventQueue.pathEnvironmentVariable), !explicit.isEmpty {
            return explicit
        }
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return join(state, "elastic-apm/queue.sqlite")
        }
        return join(homeDirectory(environment: environment), ".local/state/elastic-apm/queue.sqlite")
    }

    /// getenv as an optional String.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    static func homeDirectory(environment: (String) -> String?) -> String {
        if let home = environment("HOME"), !home.isEmpty { return home }
        if let entry = getpwuid(geteuid()), let directory = entry.pointee.pw_dir {
            return String(cString: directory)
        }
        return "/tmp"
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part of `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Which file a path names (device and inode), to notice it being replaced.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// The identity of the file at `path`, nil if absent.
    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Size in bytes, 0 if absent.
    static func size(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }

    /// Bytes available to this user on the file system holding `path`, nil if unknown.
    static func freeBytes(_ path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(directory(of: path), &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }

    /// `<path>-reserve`: space held back for a full file system.
    static func reservePath(of path: String) -> String { path + "-reserve" }

    /// Creates the reserve file of `bytes` (mode 0600) if it is missing and the file system has
    /// room to spare (four times as much); best effort.
    static func holdReserve(of path: String, bytes: Int64) {
        let reserve = reservePath(of: path)
        guard bytes > 0, !exists(reserve), let free = freeBytes(path), free > 4 * bytes else { return }
        let fd = open(reserve, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let chunk = [UInt8](repeating: 0, count: 64 << 10)
        var written: Int64 = 0
        while written < bytes {
            let count = chunk.withUnsafeBytes { write(fd, $0.baseAddress, Int(min(Int64($0.count), bytes - written))) }
            guard count > 0 else { break }
            written += Int64(count)
        }
        fsync(fd)
    }

    /// Deletes the reserve file; true if there was one.
    static func releaseReserve(of path: String) -> Bool {
        unlink(reservePath(of: path)) == 0
    }

    static func isPermissionError(_ code: Int32) -> Bool {
        code == EACCES || code == EPERM || code == EROFS
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Creates the directory holding `path` if needed, with every created level at 0700.
    static func prepareDirectory(for path: String) throws(QueueError) {
        try makeDirectory(directory(of: path), queuePath: path)
    }

    private static func makeDirectory(_ directory: String, queuePath: String) throws(QueueError) {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .sqlite(code: 14, message: "\(directory) is not a directory")
            }
            return
        }
        if mkdir(directory, 0o700) == 0 {
            chmod(directory, 0o700)  // exact mode whatever the umask
            return
        }
        var code = errno
        if code == ENOENT {
            let parent = self.directory(of: directory)
            if parent != directory {
                try makeDirectory(parent, queuePath: queuePath)
                if mkdir(directory, 0o700) == 0 {
                    chmod(directory, 0o700)
                    return
                }
                code = errno
            }
        }
        if code == EEXIST { return }  // created meanwhile by another process
        if isPermissionError(code) { throw .readOnly(queuePath) }
        throw .sqlite(code: 14, message: "cannot create directory \(directory): \(errorText(code))")
    }

    /// Creates an empty file with mode 0600 if none exists. Returns true if it created one.
    @discardableResult
    static func createIfMissing(_ path: String) throws(QueueError) -> Bool {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)  // exact mode whatever the umask
            close(fd)
            return true
        }
        let code = errno
        if code == EEXIST { return false }
        if isPermissionError(code) { throw .readOnly(path) }
        throw .sqlite(code: 14, message: "cannot create \(path): \(errorText(code))")
    }

    /// Gives the -wal and -shm files the main file's private mode (SQLite already copies the
    /// main file's mode; this is a best-effort guarantee).
    static func restrictSidecars(of path: String) {
        for suffix in ["-wal", "-shm"] {
            let sidecar = path + suffix
            var info = stat()
            if stat(sidecar, &info) == 0, info.st_uid == geteuid(), (info.st_mode & 0o777) != 0o600 {
                chmod(sidecar, 0o600)
            }
        }
    }

    /// "20250131T235959Z" for the given time.
    static func timestamp(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }

    /// Renames `path` to "<path>.corrupt-<timestamp>" (with "-2", "-3"... if taken), and its
    /// -wal/-shm files alongside. Returns the new name, or nil if the file was already gone or
    /// is no longer the damaged one (`expected`): another process quarantined it first, and
    /// maybe already created a fresh queue that must not be moved.
    static func quarantine(_ path: String, expected: Identity?, nowSeconds: Int) throws(QueueError) -> String? {
        // Processes quarantining at the same time take turns (an flock on the directory), so
        // that the identity check below cannot be overtaken by another process's rename.
        let directoryFD = open(directory(of: path), O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 {
            while flock(directoryFD, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer {
            if directoryFD >= 0 {
                flock(directoryFD, LOCK_UN)
                close(directoryFD)
            }
        }
        guard let expected, identity(path) == expected else { return nil }
        let base = path + ".corrupt-" + timestamp(nowSeconds)
        var target = base
        var attempt = 1
        while exists(target) {
            attempt += 1
            target = base + "-\(attempt)"
        }
        // Sidecars first: while the damaged file is still in place, they can only be its own
        // (a fresh queue's appear only once the path is free).
        for suffix in ["-wal", "-shm"] where exists(path + suffix) {
            if rename(path + suffix, target + suffix) != 0 {
                unlink(path + suffix)
            }
        }
        if rename(path, target) != 0 {
            let code = errno
            if code == ENOENT { return nil }
            if isPermissionError(code) { throw .readOnly(path) }
            throw .sqlite(code: 14, message: "cannot move damaged queue \(path) aside: \(errorText(code))")
        }
        return target
    }
}
