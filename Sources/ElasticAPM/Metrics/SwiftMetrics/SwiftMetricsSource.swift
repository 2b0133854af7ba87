/// Reports the instruments of an ``ElasticMetricsFactory``.
final class SwiftMetricsSource: MetricSource {
    private let factory: ElasticMetricsFactory

    init(_ factory: ElasticMetricsFactory) {
        self.factory = factory
    }

    func prime(at time: Timestamp) {}

    func collect(at time: Timestamp, into metricsets: inout [MetricsetEvent]) {
        factory.collect(at: time, into: &metricsets)
    }
}
