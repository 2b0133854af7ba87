/// Eviction class of a kind (`blocks.class`): the lowest class is evicted first.
enum EventClass {
    /// Spans, logs, metricsets (and unknown kinds).
    static let bulk: Int64 = 0
    /// Transactions.
    static let transaction: Int64 = 1
    /// Errors: evicted last.
    static let error: Int64 = 2

    static let all: [Int64] = [bulk, transaction, error]

    static func of(kind: String) -> Int64 {
        switch kind {
        case "transaction": return transaction
        case "error": return error
        default: return bulk
        }
    }
}
