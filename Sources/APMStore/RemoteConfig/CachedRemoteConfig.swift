/// The last central configuration fetched for a service/environment (`remote_config` table).
public struct CachedRemoteConfig: Sendable, Equatable {
    /// `service.name` the configuration was fetched for.
    public var serviceName: String
    /// `service.environment`, "" when the agent has none.
    public var environment: String
    /// The response's ETag, sent back as If-None-Match.
    public var etag: String?
    /// The response body (JSON object of settings), opaque to the store.
    public var body: [UInt8]
    /// When it was fetched, µs since the Unix epoch.
    public var fetchedAt: Int64
    /// Cache-Control max-age of the response, in seconds (nil if none).
    public var maxAge: Int64?
    /// When the agent last applied it, µs since the Unix epoch (nil if never).
    public var appliedAt: Int64?

    /// Creates a value to store or compare.
    public init(serviceName: String, environment: String, etag: String?, body: [UInt8], fetchedAt: Int64, maxAge: Int64? = nil, appliedAt: Int64? = nil) {
        self.serviceName = serviceName
        self.environment = environment
        self.etag = etag
        self.body = body
        self.fetchedAt = fetchedAt
        self.maxAge = maxAge
        self.appliedAt = appliedAt
    }
}
