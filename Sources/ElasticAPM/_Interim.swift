// INTERIM stand-ins for types a parallel change delivers; replaced before commit.
import Logging
import Foundation

struct ConfigValueError: Error { let message: String; init(_ m: String) { message = m } }
enum DurationUnit { case seconds, milliseconds }
enum ConfigValueParser {
    static func boolean(_ s: String) throws(ConfigValueError) -> Bool {
        switch s.lowercased() { case "true": return true; case "false": return false; default: throw ConfigValueError("bad bool") }
    }
    static func mapping(_ s: String) throws(ConfigValueError) -> [(String, String)] {
        try s.split(separator: ",").map { (p: Substring) throws(ConfigValueError) -> (String, String) in
            let kv = p.split(separator: "=", maxSplits: 1); guard kv.count == 2 else { throw ConfigValueError("bad") }
            return (String(kv[0]).trimmingWhitespace(), String(kv[1]).trimmingWhitespace()) }
    }
    static func logLevel(_ s: String) throws(ConfigValueError) -> Logger.Level {
        guard let l = Logger.Level(rawValue: s.lowercased()) else { throw ConfigValueError("bad level") }; return l
    }
    static func duration(_ s: String, defaultUnit: DurationUnit?) throws(ConfigValueError) -> Duration {
        if s.hasSuffix("ms"), let v = Int64(s.dropLast(2)) { return .milliseconds(v) }
        if s.hasSuffix("s"), let v = Int64(s.dropLast(1)) { return .seconds(v) }
        if s.hasSuffix("m"), let v = Int64(s.dropLast(1)) { return .seconds(v * 60) }
        if let v = Int64(s), let u = defaultUnit { return u == .seconds ? .seconds(v) : .milliseconds(v) }
        throw ConfigValueError("bad duration")
    }
    static func granularDuration(_ s: String) throws(ConfigValueError) -> Duration {
        if s.hasSuffix("us"), let v = Int64(s.dropLast(2)) { return .microseconds(v) }
        return try duration(s, defaultUnit: nil)
    }
    static func size(_ s: String) throws(ConfigValueError) -> Int64 {
        let l = s.lowercased()
        for (suf, m) in [("kb", Int64(1024)), ("mb", 1 << 20), ("gb", 1 << 30), ("b", 1)] where l.hasSuffix(suf) {
            if let v = Int64(l.dropLast(suf.count)) { return v * m } }
        throw ConfigValueError("bad size")
    }
    static func sampleRate(_ s: String) throws(ConfigValueError) -> Double {
        guard let d = Double(s) else { throw ConfigValueError("bad rate") }; return try sampleRate(d)
    }
    static func sampleRate(_ d: Double) throws(ConfigValueError) -> Double {
        guard d >= 0, d <= 1 else { throw ConfigValueError("bad rate") }
        if d > 0 && d < 0.0001 { return 0.0001 }
        return (d * 10000).rounded(.toNearestOrAwayFromZero) / 10000
    }
    static func integer(_ s: String, in r: ClosedRange<Int>) throws(ConfigValueError) -> Int {
        guard let v = Int(s), r.contains(v) else { throw ConfigValueError("bad int") }; return v
    }
}
public struct WildcardMatcher: Sendable, Hashable {
    public var pattern: String
    public init(_ p: String) { pattern = p }
    public func matches(_ v: String) -> Bool {
        var p = pattern; var cs = false
        if p.hasPrefix("(?-i)") { p = String(p.dropFirst(5)); cs = true }
        let value = cs ? v : v.lowercased(); let pat = cs ? p : p.lowercased()
        let parts = pat.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return value == pat }
        guard value.hasPrefix(parts[0]) else { return false }
        var rest = Substring(value.dropFirst(parts[0].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let r = rest.range(of: part) else { return false }; rest = rest[r.upperBound...] }
        return rest.hasSuffix(parts.last!)
    }
}
public struct WildcardMatcherList: Sendable, Hashable {
    public var matchers: [WildcardMatcher]
    public var patterns: [String] { matchers.map(\.pattern) }
    public init(_ p: [String]) { matchers = p.map(WildcardMatcher.init) }
    public init(parsing s: String) { self.init(s.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }) }
    public func matches(_ v: String) -> Bool { matchers.contains { $0.matches(v) } }
}
public enum Outcome: String, Sendable, Codable { case success, failure, unknown
    public static func httpServer(statusCode: Int) -> Outcome { statusCode >= 500 ? .failure : .success }
    public static func httpClient(statusCode: Int) -> Outcome { statusCode >= 400 || statusCode < 100 ? .failure : .success }
}
public struct TraceState: Sendable, Hashable {
    var raw: String?
    public init() {}
    public init(header: String?) { raw = header }
    public var isValid: Bool { true }
    public var elasticSampleRate: Double? {
        guard let raw, let r = raw.range(of: "es=s:") else { return nil }
        return Double(raw[r.upperBound...].prefix { $0 != ";" && $0 != "," })
    }
    public func settingElasticSampleRate(_ rate: Double) -> TraceState { TraceState(header: "es=s:\(rate)") }
    public var headerValue: String? { raw }
}
public struct TraceParent: Sendable, Hashable {
    public var traceID: TraceID; public var parentID: SpanID; public var flags: UInt8; public var traceState: TraceState
    public var isSampled: Bool { get { flags & 1 == 1 } set { flags = newValue ? flags | 1 : flags & ~1 } }
    public init(traceID: TraceID, parentID: SpanID, sampled: Bool, traceState: TraceState = TraceState()) {
        self.traceID = traceID; self.parentID = parentID; self.flags = sampled ? 1 : 0; self.traceState = traceState }
    public init?(string: String, traceState: String? = nil) {
        let p = string.split(separator: "-"); guard p.count == 4, let t = TraceID(hex: p[1]), let s = SpanID(hex: p[2]), let f = UInt8(p[3], radix: 16) else { return nil }
        self.init(traceID: t, parentID: s, sampled: f & 1 == 1, traceState: TraceState(header: traceState))
    }
    public init?(headers: [String: String]) {
        var tp: String?; var ts: String?
        for (k, v) in headers { if k.lowercased() == "traceparent" { tp = v } else if k.lowercased() == "tracestate" { ts = v } }
        guard let tp else { return nil }; self.init(string: tp, traceState: ts)
    }
    public var headerValue: String { "00-\(traceID.hexString)-\(parentID.hexString)-\(HexCoding.string(byte: flags))" }
}
enum FieldLimits {
    static let keywordLength = 1024; static let longFieldLength = 10_000
    static func truncate(_ s: String, maxScalars: Int) -> String {
        if s.utf8.count <= maxScalars { return s }
        let sc = s.unicodeScalars; if sc.count <= maxScalars { return s }
        return String(String.UnicodeScalarView(sc.prefix(maxScalars - 1))) + "…"
    }
}
enum SpanTypeName {
    static func split(_ t: String) -> (type: String, subtype: String?, action: String?) {
        let p = t.split(separator: ".", maxSplits: 2).map(String.init)
        return (p.first.flatMap { $0.isEmpty ? nil : $0 } ?? "custom", p.count > 1 ? p[1] : nil, p.count > 2 ? p[2] : nil)
    }
}
extension TraceState { var hasElasticEntry: Bool { headerValue?.contains("es=") ?? false } }
enum ServiceTargetInference {
    static func infer(type: String, subtype: String?, context: SpanContext?) -> SpanEvent.ServiceTarget? {
        let t = context?.serviceTargetType ?? subtype ?? type
        let n = context?.serviceTargetName ?? context?.db?.instance
        return SpanEvent.ServiceTarget(type: t, name: n, resource: n.map { "\(t)/\($0)" } ?? t)
    }
}
enum ContainerMetadataParser { static func parse(cgroup: String?, mountinfo: String?) -> (containerID: String?, podUID: String?) { (nil, nil) } }
