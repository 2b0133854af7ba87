/// What the per-event API (``EventQueue/claim(owner:maxEvents:maxBytes:lease:now:)``) knows of a
/// block it handed out line by line: which lines were delivered and which were rejected. The
/// block leaves the queue once every line is settled.
struct EventLease {
    var owner: String
    var lines: Int
    var acknowledged: Set<Int> = []
    var rejected: [Int: String?] = [:]
    var status = 0

    var isSettled: Bool { acknowledged.count + rejected.count >= lines }
}
