import CoreMetrics

extension APMAgent {
    /// The swift-metrics backend of this agent. Bootstrap it once at start-up so that metrics of the
    /// application and its libraries are reported every `metrics_interval`:
    ///
    /// ```swift
    /// MetricsSystem.bootstrap(agent.metricsFactory)
    /// ```
    ///
    /// See ``ElasticMetricsFactory`` for how each instrument is reported. When the agent is disabled
    /// or `metrics_interval` is 0 the instruments work but nothing is reported.
    public var metricsFactory: ElasticMetricsFactory { metrics.factory }
}
