/// Entry points for the metrics benchmark (`Benchmarks/`), not for applications.
extension APMAgent {
    /// Collects every metric set once on the calling thread, as the metrics thread does each
    /// interval, and returns how many metricsets were handed to the writer (0 when metrics are off).
    @_spi(Benchmarking)
    public func benchmarkCollectMetrics() -> Int {
        metrics.reporter?.collectNow() ?? 0
    }
}
