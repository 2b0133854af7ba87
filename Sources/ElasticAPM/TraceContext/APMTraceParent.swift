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

/// A W3C Trace Context `traceparent` (`version-traceid-parentid-flags`) with its `tracestate` and
/// W3C `baggage`.
///
/// Parsing follows W3C Trace Context: surrounding spaces and tabs are ignored; the version is
/// two lower-case hex digits and `ff` is invalid; version `00` must be exactly 55 characters,
/// while a later version may carry more data after a further `-`; ids and flags are lower-case
/// hex; all-zero trace or parent ids are invalid. Output is always version `00`.
public struct APMTraceParent: Sendable, Hashable {
    /// The W3C header name.
    static let headerName = "traceparent"
    /// The pre-W3C Elastic header name, read only when ``headerName`` is absent.
    static let legacyHeaderName = "elastic-apm-traceparent"
    /// The W3C `tracestate` header name.
    static let traceStateHeaderName = "tracestate"

    /// The trace the parent belongs to.
    public var traceID: APMTraceID
    /// The id of the calling span or transaction.
    public var parentID: APMSpanID
    /// The trace flags byte; bit 0 is the sampled flag.
    var flags: UInt8
    /// The vendor state that travels with the trace.
    var traceState: TraceState
    /// The W3C baggage that travels with the trace.
    var baggage: Baggage

    /// Whether the caller recorded the trace (bit 0 of the trace flags).
    public var isSampled: Bool {
        get { flags & Self.sampledFlag != 0 }
        set { flags = newValue ? flags | Self.sampledFlag : flags & ~Self.sampledFlag }
    }

    private static let sampledFlag: UInt8 = 0x01
    /// Flags defined by W3C Trace Context (sampled, and level 2's random); others are sent as 0.
    private static let knownFlags: UInt8 = 0x03
    private static let version00Length = 55

    /// Creates a trace parent from its parts.
    init(
        traceID: APMTraceID, parentID: APMSpanID, sampled: Bool, traceState: TraceState = TraceState(),
        baggage: Baggage = Baggage()
    ) {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = sampled ? Self.sampledFlag : 0
        self.traceState = traceState
        self.baggage = baggage
    }

    /// Parses one `traceparent` value and optional `tracestate` and `baggage` values; `nil` when the
    /// `traceparent` is invalid (invalid baggage members are dropped).
    public init?(string: String, traceState: String? = nil, baggage: String? = nil) {
        guard let parts = Self.parse(string) else { return nil }
        self.init(
            parts: parts, traceState: TraceState(header: traceState), baggage: Baggage(headerValues: baggage.map { [$0] } ?? []))
    }

    /// Reads the trace context from HTTP headers (names case-insensitive, repeats allowed).
    ///
    /// More than one `traceparent` header makes the context invalid. The legacy
    /// `elastic-apm-traceparent` header is used only when no `traceparent` header is present.
    /// Several `tracestate` headers are combined in order, and so are several `baggage` headers
    /// (W3C Baggage; invalid members are dropped). Returns `nil` when there is no valid
    /// trace parent, in which case a new trace starts.
    public init?(headers: [(name: String, value: String)]) {
        var traceparent: String?
        var traceparentCount = 0
        var legacy: String?
        var legacyCount = 0
        var firstTraceState: String?
        var laterTraceStates: [String] = []
        var baggage: [String] = []
        for header in headers {
            if ASCII.equalsIgnoringCase(header.name, lowercaseLiteral: Self.headerName) {
                traceparent = header.value
                traceparentCount += 1
            } else if ASCII.equalsIgnoringCase(header.name, lowercaseLiteral: Self.traceStateHeaderName) {
                if firstTraceState == nil {
                    firstTraceState = header.value
                } else {
                    laterTraceStates.append(header.value)
                }
            } else if ASCII.equalsIgnoringCase(header.name, lowercaseLiteral: Self.legacyHeaderName) {
                legacy = header.value
                legacyCount += 1
            } else if ASCII.equalsIgnoringCase(header.name, lowercaseLiteral: Baggage.headerName) {
                baggage.append(header.value)
            }
        }
        // `traceparent` wins whenever present, even when invalid; repeated headers are ambiguous.
        let chosen = traceparentCount > 0 ? traceparent : legacy
        guard traceparentCount == 1 || (traceparentCount == 0 && legacyCount == 1),
            let chosen, let parts = Self.parse(chosen)
        else { return nil }
        let traceState =
            laterTraceStates.isEmpty
            ? TraceState(header: firstTraceState)
            : TraceState(headerValues: [firstTraceState ?? ""] + laterTraceStates)
        self.init(parts: parts, traceState: traceState, baggage: Baggage(headerValues: baggage))
    }

    /// Reads the trace context from a header dictionary, with the same rules as the array form.
    ///
    /// Keys that differ only in case count as repeated headers.
    public init?(headers: [String: String]) {
        self.init(headers: headers.map { (name: $0.key, value: $0.value) })
    }

    private init(
        parts: (traceID: APMTraceID, parentID: APMSpanID, flags: UInt8), traceState: TraceState, baggage: Baggage
    ) {
        self.traceID = parts.traceID
        self.parentID = parts.parentID
        self.flags = parts.flags
        self.traceState = traceState
        self.baggage = baggage
    }

    /// The `tracestate` value to send with ``headerValue``, or `nil` when there is no vendor state.
    public var traceStateHeaderValue: String? { traceState.headerValue }

    /// The W3C `baggage` value to send with ``headerValue`` (the incoming baggage, passed on), or `nil`
    /// when there is none.
    public var baggageHeaderValue: String? { baggage.headerValue }

    /// The `traceparent` value to send: `00-<32 hex>-<16 hex>-<2 hex>`, with flags other than
    /// those W3C defines cleared.
    public var headerValue: String {
        let flags = flags & Self.knownFlags
        return String(unsafeUninitializedCapacity: Self.version00Length) { buffer in
            buffer[0] = UInt8(ascii: "0")
            buffer[1] = UInt8(ascii: "0")
            buffer[2] = ASCII.dash
            Self.writeHex(traceID.high, into: buffer, at: 3)
            Self.writeHex(traceID.low, into: buffer, at: 19)
            buffer[35] = ASCII.dash
            Self.writeHex(parentID.value, into: buffer, at: 36)
            buffer[52] = ASCII.dash
            buffer[53] = HexCoding.digits[Int(flags >> 4)]
            buffer[54] = HexCoding.digits[Int(flags & 0xF)]
            return Self.version00Length
        }
    }

    // MARK: - Parsing

    private static func parse(_ value: String) -> (traceID: APMTraceID, parentID: APMSpanID, flags: UInt8)? {
        var value = value
        return value.withUTF8 { parse(bytes: $0) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> (traceID: APMTraceID, parentID: APMSpanID, flags: UInt8)? {
        var start = 0, end = bytes.count
        while start < end, ASCII.isOWS(bytes[start]) { start += 1 }
        while end > start, ASCII.isOWS(bytes[end - 1]) { end -= 1 }
        let length = end - start
        guard length >= version00Length,
            let version = lowerHexByte(bytes, at: start), version != 0xFF,
            bytes[start + 2] == ASCII.dash, bytes[start + 35] == ASCII.dash, bytes[start + 52] == ASCII.dash
        else { return nil }
        if version == 0 {
            guard length == version00Length else { return nil }
        } else {
            guard length == version00Length || bytes[start + version00Length] == ASCII.dash else { return nil }
        }
        guard let high = lowerHexUInt64(bytes, at: start + 3),
            let low = lowerHexUInt64(bytes, at: start + 19),
            let parent = lowerHexUInt64(bytes, at: start + 36),
            let flags = lowerHexByte(bytes, at: start + 53),
            high != 0 || low != 0, parent != 0
        else { return nil }
        return (APMTraceID(high: high, low: low), APMSpanID(parent), flags)
    }

    /// Sixteen lower-case hex digits starting at `offset`.
    private static func lowerHexUInt64(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in offset..<(offset + 16) {
            guard let nibble = lowerHexNibble(bytes[index]) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// Two lower-case hex digits starting at `offset`.
    private static func lowerHexByte(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt8? {
        guard let high = lowerHexNibble(bytes[offset]), let low = lowerHexNibble(bytes[offset + 1]) else { return nil }
        return high << 4 | low
    }

    /// W3C ids and flags are `HEXDIGLC`: upper-case digits are rejected.
    @inline(__always)
    private static func lowerHexNibble(_ byte: UInt8) -> UInt8? {
        if ASCII.isDigit(byte) { return byte &- UInt8(ascii: "0") }
        if byte &- UInt8(ascii: "a") < 6 { return byte &- UInt8(ascii: "a") &+ 10 }
        return nil
    }

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var shift: UInt64 = 60
        for index in offset..<(offset + 16) {
            buffer[index] = HexCoding.digits[Int((value >> shift) & 0xF)]
            shift &-= 4
        }
    }
}
