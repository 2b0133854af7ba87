#if os(Linux)
import Runtime
#endif

/// Turns captured stacks into frames on the writer thread, with a per-address cache so a hot
/// error site is symbolicated once.
final class StackTraceResolver {
    private var cache: [UInt64: StackFrame?] = [:]
    private let cacheLimit = 8192

    /// Resolves the frames of `trace`, dropping the Swift runtime's own thunks.
    func resolve(_ trace: CapturedStackTrace) -> [StackFrame] {
        #if os(Linux)
        var frames: [StackFrame] = []
        var unresolved: [Int] = []
        let captured = Array(trace.backtrace.frames)
        frames.reserveCapacity(captured.count)
        var slots: [StackFrame?] = Array(repeating: nil, count: captured.count)
        for (index, frame) in captured.enumerated() {
            guard let address = Self.address(of: frame) else { continue }
            if let cached = cache[address] {
                slots[index] = cached
            } else {
                unresolved.append(index)
            }
        }
        if !unresolved.isEmpty, let symbolicated = trace.backtrace.symbolicated(with: ImageMapCache.images) {
            let resolvedFrames = symbolicated.frames
            for index in unresolved where index < resolvedFrames.count {
                let frame = Self.frame(from: resolvedFrames[index])
                slots[index] = frame
                if let address = Self.address(of: captured[index]) {
                    if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
                    cache[address] = frame
                }
            }
        }
        for slot in slots { if let frame = slot { frames.append(frame) } }
        return Array(frames.prefix(trace.limit))
        #else
        return trace.symbols.map { line in
            StackFrame(function: line, filename: "unknown", absPath: nil, lineno: nil, module: nil, libraryFrame: false)
        }
        #endif
    }

    #if os(Linux)
    private static func address(of frame: Backtrace.Frame) -> UInt64? {
        switch frame {
        case .programCounter(let address), .returnAddress(let address), .asyncResumePoint(let address):
            return UInt64(address)
        case .omittedFrames, .truncated:
            return nil
        @unknown default:
            return nil
        }
    }

    private static func frame(from frame: SymbolicatedBacktrace.Frame) -> StackFrame? {
        guard let symbol = frame.symbol else { return nil }
        if symbol.isSwiftThunk { return nil }
        let image = symbol.imageName
        let location = symbol.sourceLocation
        let path = location?.path
        let filename = path.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? image
        let isLibrary = symbol.isSystemFunction || frame.isSystem
            || image.hasPrefix("libswift") || image.hasPrefix("libc") || image.hasPrefix("libFoundation")
            || image.hasPrefix("libdispatch") || image.hasPrefix("ld-linux")
        return StackFrame(
            function: symbol.name, filename: filename, absPath: path, lineno: location.map { $0.line },
            module: image, libraryFrame: isLibrary)
    }
    #endif
}
