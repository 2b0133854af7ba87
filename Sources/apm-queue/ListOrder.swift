import APMStore
import ArgumentParser

/// `--newest` / `--oldest` of the listing commands.
enum ListOrder: String, EnumerableFlag {
    case newest
    case oldest

    /// The store's order.
    var eventOrder: EventOrder { self == .newest ? .newestFirst : .oldestFirst }

    static func help(for value: ListOrder) -> ArgumentHelp? {
        switch value {
        case .newest: return "Newest first."
        case .oldest: return "Oldest first (the order of delivery)."
        }
    }
}
