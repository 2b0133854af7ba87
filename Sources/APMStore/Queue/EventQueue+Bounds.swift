extension EventQueue {
    /// The lowest and highest event ids in the queue (leased or not), or `nil` when it is empty.
    /// Cheap: both ends of the rowid index.
    package func eventIDBounds() throws(QueueError) -> (oldest: Int64, newest: Int64)? {
        try read { () throws(SQLiteError) -> (oldest: Int64, newest: Int64)? in
            guard let oldest = try connection.queryInt("SELECT MIN(id) FROM events"),
                  let newest = try connection.queryInt("SELECT MAX(id) FROM events")
            else { return nil }
            return (oldest, newest)
        }
    }

    /// Events waiting (leased or not), from the running per-kind totals: no table scan.
    package func pendingEventCount() throws(QueueError) -> Int {
        try read { () throws(SQLiteError) -> Int in
            Int(try connection.queryInt("SELECT COALESCE(SUM(events), 0) FROM queue_totals") ?? 0)
        }
    }
}
