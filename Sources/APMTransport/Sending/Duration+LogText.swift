import APMRuntime

extension Duration {
    /// The duration for a log line: whole seconds from one second up (`4 s`), milliseconds
    /// below (`250 ms`).
    var logText: String {
        let seconds = inSeconds
        if seconds >= 1 {
            return "\(Int(seconds.rounded())) s"
        }
        return "\(Int((seconds * 1000).rounded())) ms"
    }
}
