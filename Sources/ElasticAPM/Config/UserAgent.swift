/// The HTTP headers that identify the agent to APM Server.
enum UserAgent {
    /// The agent name in `service.agent.name` and the `User-Agent` header.
    static let agentName = "swift"

    /// `apm-agent-swift/<agentVersion>`, followed by ` (<service name> <service version>)` or
    /// ` (<service name>)` when they are known (empty counts as unknown).
    ///
    /// Inside the parentheses `(`, `)` and `\` are replaced by `_`, as are control characters
    /// (which would break the header). Pass the effective service name, which is the
    /// `unknown-swift-service` fallback when none is configured.
    static func userAgent(agentVersion: String, serviceName: String?, serviceVersion: String?) -> String {
        var result = "apm-agent-\(agentName)/\(agentVersion)"
        guard let serviceName, !serviceName.isEmpty else { return result }
        result += " (" + escaped(serviceName)
        if let serviceVersion, !serviceVersion.isEmpty {
            result += " " + escaped(serviceVersion)
        }
        return result + ")"
    }

    /// The `Authorization` header value: `ApiKey <apiKey>` when an API key is set (it wins),
    /// else `Bearer <secretToken>` when a secret token is set, else `nil`. Empty counts as unset.
    static func authorizationHeader(secretToken: String?, apiKey: String?) -> String? {
        if let apiKey, !apiKey.isEmpty { return "ApiKey " + apiKey }
        if let secretToken, !secretToken.isEmpty { return "Bearer " + secretToken }
        return nil
    }

    private static func escaped(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "(", ")", "\\": scalars.append("_")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: scalars.append("_")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
