/// One line of `apm-queue check`: what was checked, how it went, and the details.
struct HealthCheck {
    /// How a check went.
    enum Status: String {
        case ok
        case warn
        case fail
    }

    var name: String
    var status: Status
    var detail: String

    /// `{"name": ..., "status": ..., "detail": ...}`.
    var json: JSONValue {
        .object(["name": .string(name), "status": .string(status.rawValue), "detail": .string(detail)])
    }
}
