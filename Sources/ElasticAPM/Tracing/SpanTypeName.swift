/// A span's `type`, `subtype` and `action`, as written together in dotted form
/// (`db.mysql.query`).
///
/// An empty type becomes `custom`, as the spans spec requires; empty subtypes and actions
/// become `nil`.
public struct SpanTypeName: Sendable, Hashable, CustomStringConvertible {
    /// The type used when none is given.
    public static let defaultType = "custom"

    /// The span type, never empty (`db`, `external`, `custom`, …).
    public var type: String
    /// The span subtype (`mysql`, `http`, …), or `nil`.
    public var subtype: String?
    /// The span action (`query`, `send`, …), or `nil`.
    public var action: String?

    /// Creates a type name, replacing an empty type with `custom` and empty parts with `nil`.
    public init(type: String, subtype: String? = nil, action: String? = nil) {
        self.type = type.isEmpty ? Self.defaultType : type
        self.subtype = subtype?.isEmpty == false ? subtype : nil
        self.action = action?.isEmpty == false ? action : nil
    }

    /// Splits a dotted type: the text before the first `.` is the type, the text up to the
    /// second `.` the subtype, and the rest (dots included) the action, so `a.b.c.d` gives
    /// `a`, `b`, `c.d`.
    public init(dotted: String) {
        let parts = dotted.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        self.init(
            type: String(parts[0]),
            subtype: parts.count > 1 ? String(parts[1]) : nil,
            action: parts.count > 2 ? String(parts[2]) : nil
        )
    }

    /// The dotted form, omitting missing parts (`db.mysql.query`, `db..query` when only the
    /// subtype is missing, `custom`).
    public var description: String {
        switch (subtype, action) {
        case (nil, nil): type
        case (let subtype?, nil): type + "." + subtype
        case (let subtype, let action?): type + "." + (subtype ?? "") + "." + action
        }
    }
}
