import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP client for APM Server's intake and server-information endpoints.
///
/// It runs on its own one-thread event loop group, so no request ever uses a thread of the
/// application. Redirects are not followed, so credentials only go to the
/// configured server. Call ``shutdown()`` once the client is no longer needed.
public final class IntakeClient: Sendable {
    /// Whether request bodies are gzip-compressed: always, except to a loopback host unless
    /// ``IntakeClientConfiguration/compressLocalhost`` is set.
    public let compressesBodies: Bool
    /// The proxy requests go through, or `nil` for direct connections.
    public let proxy: ProxySettings?
    /// The full URL requests post events to, `<server_url>/intake/v2/events`.
    public let eventsURL: String
    /// The full URL of the server information endpoint, `<server_url>/`.
    public let serverInfoURL: String

    private let group: MultiThreadedEventLoopGroup
    private let httpClient: HTTPClient
    private let commonHeaders: HTTPHeaders
    private let isShutDown = Mutex(false)

    /// Creates a client and its event loop thread.
    ///
    /// - Throws: ``IntakeClientError`` when the server URL, the proxy environment or the CA
    ///   certificate file is unusable.
    public init(configuration: IntakeClientConfiguration) throws(IntakeClientError) {
        guard let url = URL(string: configuration.serverURL),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty,
              var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        else {
            throw .invalidServerURL(configuration.serverURL)
        }
        var base = components.path
        while base.hasSuffix("/") {
            base.removeLast()
        }
        components.query = nil
        components.fragment = nil
        components.path = base + "/intake/v2/events"
        let events = components.string
        components.path = base + "/"
        let info = components.string
        guard let events, let info else {
            throw .invalidServerURL(configuration.serverURL)
        }

        var tls = TLSConfiguration.makeClientConfiguration()
        if !configuration.verifyServerCert {
            tls.certificateVerification = .none
        }
        if let path = configuration.serverCACertFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(path))]
            } catch {
                throw .unreadableCACertificate(path: path, reason: String(describing: error))
            }
        }

        let proxy = try ProxySettings.resolve(for: url, environment: configuration.environment)
        let timeout = TimeAmount(configuration.serverTimeout)
        var clientConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: timeout, read: timeout, write: timeout)
        )
        // The sender has its own backoff; a refused connection should fail at once.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.proxy = proxy.map { proxy in
            let authorization = proxy.username.map { user in
                HTTPClient.Authorization.basic(username: user, password: proxy.password ?? "")
            }
            return .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }

        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        headers.add(
            name: "User-Agent",
            value: UserAgent.header(
                agentVersion: configuration.agentVersion,
                serviceName: configuration.serviceName,
                serviceVersion: configuration.serviceVersion
            )
        )
        if let authorization = configuration.authorizationHeader {
            headers.add(name: "Authorization", value: authorization)
        }

        let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"]
        let bareHost = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.compressesBodies = configuration.compressLocalhost || !loopbackHosts.contains(bareHost)
        self.proxy = proxy
        self.eventsURL = events
        self.serverInfoURL = info
        self.commonHeaders = headers
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.httpClient = HTTPClient(eventLoopGroup: group, configuration: clientConfiguration)
    }

    /// Builds the body for `events` under `metadata`, compressed as this client sends it.
    ///
    /// - Throws: ``IntakeClientError/compressionFailed(_:)`` when zlib fails.
    public func makeRequest(
        metadata: [UInt8],
        events: some Collection<IntakeBatchEvent>
    ) throws(IntakeClientError) -> IntakeRequest {
        try IntakeRequest(metadata: metadata, events: events, compress: compressesBodies)
    }

    /// Posts `request` to `/intake/v2/events` and returns whatever HTTP answer arrives,
    /// error statuses included.
    ///
    /// - Throws: on timeouts and network errors, and ``IntakeClientError/shutDown`` after
    ///   ``shutdown()``.
    public func send(_ request: IntakeRequest) async throws -> IntakeResponse {
        try ensureRunning()
        return try await sendFuture(request).get()
    }

    /// Asks `GET /` for the server's version; an answer without one gives
    /// ``ServerInfo/unknown``.
    ///
    /// - Throws: on timeouts and network errors, and ``IntakeClientError/shutDown`` after
    ///   ``shutdown()``.
    public func fetchServerInfo() async throws -> ServerInfo {
        try ensureRunning()
        return try await serverInfoFuture().get()
    }

    /// The future form of ``send(_:)`` for the sender thread; must not be called after
    /// ``shutdown()``.
    func sendFuture(_ request: IntakeRequest) -> EventLoopFuture<IntakeResponse> {
        var headers = commonHeaders
        headers.add(name: "Content-Type", value: "application/x-ndjson")
        if request.isCompressed {
            headers.add(name: "Content-Encoding", value: "gzip")
        }
        return execute(
            url: eventsURL,
            method: .POST,
            headers: headers,
            body: .byteBuffer(ByteBuffer(bytes: request.body))
        )
    }

    /// The future form of ``fetchServerInfo()`` for the sender thread; must not be called
    /// after ``shutdown()``.
    func serverInfoFuture() -> EventLoopFuture<ServerInfo> {
        execute(url: serverInfoURL, method: .GET, headers: commonHeaders, body: nil)
            .map { ServerInfo.parse(status: $0.status, body: $0.body) }
    }

    /// Shuts the HTTP client and its event loop thread down, failing requests still in
    /// flight. Blocks until done; later calls do nothing. Must not be called on the client's
    /// own event loop.
    @available(*, noasync, message: "blocks until the event loop thread has stopped")
    public func shutdown() {
        let first = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        try? httpClient.syncShutdown()
        try? group.syncShutdownGracefully()
    }

    private func ensureRunning() throws(IntakeClientError) {
        if isShutDown.withLock({ $0 }) {
            throw .shutDown
        }
    }

    private func execute(
        url: String,
        method: HTTPMethod,
        headers: HTTPHeaders,
        body: HTTPClient.Body?
    ) -> EventLoopFuture<IntakeResponse> {
        do {
            let request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body)
            return httpClient.execute(request: request).map { response in
                IntakeResponse(
                    status: Int(response.status.code),
                    body: response.body.map { Array($0.readableBytesView) } ?? []
                )
            }
        } catch {
            return group.next().makeFailedFuture(error)
        }
    }
}
