/// A span's context (database, HTTP, messaging, destination) behind one reference: the span's
/// state and the ended span carry a pointer instead of the large value most spans do not have.
final class SharedSpanContext: Sendable {
    /// The context.
    let value: APMSpanContext

    init(_ value: APMSpanContext) {
        self.value = value
    }
}
