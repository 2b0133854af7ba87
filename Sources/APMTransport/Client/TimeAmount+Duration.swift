import APMRuntime
import NIOCore

extension TimeAmount {
    /// The same span as `duration`, to the nanosecond (saturating).
    init(_ duration: Duration) {
        self = .nanoseconds(duration.inNanoseconds)
    }
}
