/// The version of apm-agent-swift: the `apm-agent-swift/<version>` part of the `User-Agent`
/// header and `agent.version` in the metadata of every process run.
package enum AgentVersion {
    /// The version string, `major.minor.patch`.
    package static let current = "0.1.0"
}
