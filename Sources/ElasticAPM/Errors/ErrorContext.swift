/// Extra context for a captured error or message (the Python agent's `context` argument).
public struct ErrorContext: Sendable {
    /// The user affected.
    public var user: UserContext?
    /// The HTTP request being handled.
    public var request: RequestContext?
    /// The HTTP response.
    public var response: ResponseContext?
    /// Labels for this error only.
    public var labels: [String: LabelValue]

    /// Creates an error context.
    public init(user: UserContext? = nil, request: RequestContext? = nil, response: ResponseContext? = nil,
                labels: [String: LabelValue] = [:]) {
        self.user = user
        self.request = request
        self.response = response
        self.labels = labels
    }
}
