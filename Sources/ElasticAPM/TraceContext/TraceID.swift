/// A 128-bit W3C trace identifier, also used for error ids.
///
/// Encoded on the wire as 32 lower-case hexadecimal characters. The all-zero value is invalid
/// per the W3C Trace Context specification.
public struct TraceID: Hashable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits.
    public let high: UInt64
    /// The least significant 64 bits.
    public let low: UInt64

    /// Creates a trace id from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses 32 hexadecimal characters (either case); returns `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32,
              let high = HexCoding.parseUInt64(utf8[0..<16]),
              let low = HexCoding.parseUInt64(utf8[16..<32])
        else { return nil }
        self.init(high: high, low: low)
    }

    /// A new random, valid (non-zero) trace id.
    public static func random() -> TraceID {
        var id = TraceID(high: FastRandom.next(), low: FastRandom.next())
        while !id.isValid { id = TraceID(high: FastRandom.next(), low: FastRandom.next()) }
        return id
    }

    /// `false` for the all-zero id, which W3C forbids.
    public var isValid: Bool { high != 0 || low != 0 }

    /// The 32-character lower-case hexadecimal form.
    public var hexString: String { HexCoding.string(high) + HexCoding.string(low) }

    /// Same as ``hexString``.
    public var description: String { hexString }
}

/// A 64-bit span, transaction or parent identifier, encoded as 16 lower-case hex characters.
public struct SpanID: Hashable, Sendable, CustomStringConvertible {
    /// The raw value.
    public let value: UInt64

    /// Creates a span id from its raw value.
    public init(_ value: UInt64) { self.value = value }

    /// Parses 16 hexadecimal characters (either case); returns `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 16, let value = HexCoding.parseUInt64(utf8[0..<16]) else { return nil }
        self.init(value)
    }

    /// A new random, valid (non-zero) span id.
    public static func random() -> SpanID {
        var value = FastRandom.next()
        while value == 0 { value = FastRandom.next() }
        return SpanID(value)
    }

    /// `false` for the all-zero id, which W3C forbids.
    public var isValid: Bool { value != 0 }

    /// The 16-character lower-case hexadecimal form.
    public var hexString: String { HexCoding.string(value) }

    /// Same as ``hexString``.
    public var description: String { hexString }
}
