import Synchronization

/// A `Double` kept as its bit pattern in an `Atomic<UInt64>`, updated lock-free.
enum FloatBits {
    /// Adds `amount` to the double stored in `atomic`.
    static func add(_ amount: Double, to atomic: borrowing Atomic<UInt64>) {
        var current = atomic.load(ordering: .relaxed)
        while true {
            let updated = (Double(bitPattern: current) + amount).bitPattern
            let (exchanged, original) = atomic.compareExchange(
                expected: current, desired: updated, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
