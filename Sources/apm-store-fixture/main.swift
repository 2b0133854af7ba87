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

// apm-store-fixture: a child process for the APMStore tests (multi-process, kill -9, read-only).
//
//   append PATH TAG COUNT BATCH
//       registers a metadata row ("meta ID"), appends COUNT events in batches of BATCH and
//       prints "committed TAG LASTSEQ" after each committed batch, then "done".
//   worker PATH TAG COUNT BATCH CLAIMMAX
//       alternates appending a batch and claiming + acknowledging blocks of up to CLAIMMAX events
//       (as the sender does); prints "acked BODY BODY..." after each acknowledged claim; once
//       everything is appended, drains until the queue has stayed empty for a while; then "done".
//   hold PATH OWNER MAXEVENTS LEASEMS
//       claims blocks of up to MAXEVENTS events, prints "claimed LEASEUNTIL BLOCKID,BLOCKID,...",
//       then sleeps (to be killed).
//   measure DIR COUNT
//       prints the storage numbers (bytes per event, insert rates, the disk bound peak); see Measure.swift.
//   open PATH [--drop-privileges]
//       opens the queue (as uid/gid 65534 if root and asked to) and prints "ok" or
//       "error CASE DESCRIPTION".
//
// Event bodies are {"tag":"TAG","seq":N}. Output goes straight to fd 1 (unbuffered), so every
// line printed is visible to the parent even if this process is killed right after.

import APMStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if written <= 0 {
            if errno == EINTR { continue }
            exit(3)
        }
        offset += written
    }
}

func fail(_ message: String) -> Never {
    say("error " + message)
    exit(1)
}

func caseName(_ error: QueueError) -> String {
    switch error {
    case .missingFile: return "missingFile"
    case .notAQueue: return "notAQueue"
    case .corrupt: return "corrupt"
    case .schemaTooNew: return "schemaTooNew"
    case .readOnly: return "readOnly"
    case .diskFull: return "diskFull"
    case .locked: return "locked"
    case .damagedBlock: return "damagedBlock"
    case .sqlite: return "sqlite"
    }
}

func body(_ tag: String, _ seq: Int) -> [UInt8] {
    Array("{\"tag\":\"\(tag)\",\"seq\":\(seq)}".utf8)
}

func int(_ text: String) -> Int {
    guard let value = Int(text) else { fail("bad number \(text)") }
    return value
}

func sleepMilliseconds(_ milliseconds: Int) {
    usleep(useconds_t(milliseconds * 1_000))
}

func openQueue(_ path: String) -> EventQueue {
    do {
        return try EventQueue(path: path, options: QueueOptions(busyTimeout: .seconds(20)))
    } catch {
        fail("\(caseName(error)) \(error)")
    }
}

func append(path: String, tag: String, count: Int, batch: Int) {
    let queue = openQueue(path)
    do {
        let metadataID = try queue.registerMetadata(
            Array("{\"metadata\":{\"tag\":\"\(tag)\"}}".utf8), createdAt: EventQueue.now())
        say("meta \(metadataID)")
        var seq = 0
        while seq < count {
            let end = min(count, seq + batch)
            let events = (seq..<end).map { NewEvent(kind: "span", createdAt: EventQueue.now(), body: body(tag, $0)) }
            try queue.append(events, metadataID: metadataID, now: EventQueue.now())
            seq = end
            say("committed \(tag) \(seq - 1)")
        }
        say("done")
    } catch {
        fail("\(caseName(error)) \(error)")
    }
}

func worker(path: String, tag: String, count: Int, batch: Int, claimMax: Int) {
    let queue = openQueue(path)
    let owner = "worker-\(tag)-\(getpid())"
    func claimAndAck() throws(QueueError) -> Bool {
        guard
            let claimed = try queue.claimBlocks(
                owner: owner, maxBytes: 1 << 20, maxEvents: claimMax, lease: .seconds(300), now: EventQueue.now())
        else {
            return false
        }
        var lines: [String] = []
        for block in claimed.blocks {
            lines += try block.lines().map { String(decoding: $0, as: UTF8.self) }
        }
        let acknowledged = try queue.acknowledgeBlocks(claimed.ids, owner: owner)
        if acknowledged != claimed.events || lines.count != claimed.events {
            fail("acknowledged \(acknowledged) of \(claimed.events) events (\(lines.count) lines)")
        }
        say("acked " + lines.joined(separator: " "))
        return true
    }
    do {
        let metadataID = try queue.registerMetadata(
            Array("{\"metadata\":{\"tag\":\"\(tag)\"}}".utf8), createdAt: EventQueue.now())
        var seq = 0
        while seq < count {
            let end = min(count, seq + batch)
            let events = (seq..<end).map { NewEvent(kind: "span", createdAt: EventQueue.now(), body: body(tag, $0)) }
            try queue.append(events, metadataID: metadataID, now: EventQueue.now())
            seq = end
            _ = try claimAndAck()
        }
        var idle = 0
        while idle < 20 {
            if try claimAndAck() {
                idle = 0
            } else {
                idle += 1
                sleepMilliseconds(5)
            }
        }
        say("done")
    } catch {
        fail("\(caseName(error)) \(error)")
    }
}

func hold(path: String, owner: String, maxEvents: Int, leaseMilliseconds: Int) {
    let queue = openQueue(path)
    do {
        guard
            let claimed = try queue.claimBlocks(
                owner: owner, maxBytes: 1 << 20, maxEvents: maxEvents, lease: .milliseconds(leaseMilliseconds),
                now: EventQueue.now())
        else {
            fail("nothing to claim")
        }
        say("claimed \(claimed.leaseUntil) " + claimed.ids.map(String.init).joined(separator: ","))
    } catch {
        fail("\(caseName(error)) \(error)")
    }
    for _ in 0..<1_200 { sleepMilliseconds(100) }  // killed long before this ends
    say("timeout")
}

func open(path: String, dropPrivileges: Bool) {
    if dropPrivileges && geteuid() == 0 {
        guard setgroups(0, nil) == 0, setgid(65534) == 0, setuid(65534) == 0 else {
            fail("privileges could not be dropped: errno \(errno)")
        }
    }
    do {
        let queue = try EventQueue(path: path)
        queue.close()
        say("ok")
    } catch {
        say("error \(caseName(error)) \(error)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch (arguments.first, arguments.count) {
case ("append", 5):
    append(path: arguments[1], tag: arguments[2], count: int(arguments[3]), batch: int(arguments[4]))
case ("worker", 6):
    worker(path: arguments[1], tag: arguments[2], count: int(arguments[3]), batch: int(arguments[4]), claimMax: int(arguments[5]))
case ("hold", 5):
    hold(path: arguments[1], owner: arguments[2], maxEvents: int(arguments[3]), leaseMilliseconds: int(arguments[4]))
case ("measure", 3):
    measure(directory: arguments[1], count: int(arguments[2]))
case ("open", 2):
    open(path: arguments[1], dropPrivileges: false)
case ("open", 3) where arguments[2] == "--drop-privileges":
    open(path: arguments[1], dropPrivileges: true)
default:
    fail("usage: apm-store-fixture append|worker|hold|measure|open ... (see main.swift)")
}
