//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP client for APM Server's intake, agent configuration and server-information endpoints.
///
/// It runs on its own one-thread event loop group, so no request ever uses a thread of the
/// application. Redirects are not followed, so credentials only go to the
/// configured server. Call ``shutdown()`` once the client is no longer needed.
package final class IntakeClient: Sendable {
    /// The proxy requests go through, or `nil` for direct connections.
    package let proxy: ProxySettings?
    /// The full URL requests post events to, `<server_url>/intake/v2/events`.
    package let eventsURL: String
    /// The full URL of the server information endpoint, `<server_url>/`.
    package let serverInfoURL: String
    /// The agent configuration endpoint without its query, `<server_url>/config/v1/agents`.
    package let agentConfigURL: String

    private let group: MultiThreadedEventLoopGroup
    private let httpClient: HTTPClient
    private let commonHeaders: HTTPHeaders
    private let configuration: IntakeClientConfiguration
    private let isShutDown = Mutex(false)

    /// Creates a client and its event loop thread.
    ///
    /// - Throws: ``IntakeClientError`` when the server URL, the proxy environment or the CA
    ///   certificate file is unusable.
    package init(configuration: IntakeClientConfiguration) throws(IntakeClientError) {
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
        components.path = base + "/config/v1/agents"
        let agentConfig = components.string
        guard let events, let info, let agentConfig else {
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
        if let path = configuration.serverCert {
            // Pinning: the pinned certificate is the only trust root (the system's are not used), and
            // as the Python agent's `server_cert`, the host name is not checked against it.
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
                tls.additionalTrustRoots = []
                if configuration.verifyServerCert { tls.certificateVerification = .noHostnameVerification }
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
        // The agent's own requests are never traced: with the agent bootstrapped as the process-wide tracer,
        // each intake request would otherwise report a span, sent by another intake request, and so on.
        clientConfiguration.tracing.tracer = nil
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

        self.proxy = proxy
        self.eventsURL = events
        self.serverInfoURL = info
        self.agentConfigURL = agentConfig
        self.commonHeaders = headers
        self.configuration = configuration
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.httpClient = HTTPClient(eventLoopGroup: group, configuration: clientConfiguration)
    }

    /// Whether the HTTP client reports its requests to a swift-distributed-tracing tracer (never: see `init`).
    var tracesRequests: Bool { httpClient.tracer != nil }

    /// Posts `request` to `/intake/v2/events` and returns whatever HTTP answer arrives,
    /// error statuses included.
    ///
    /// - Throws: on timeouts and network errors, and ``IntakeClientError/shutDown`` after
    ///   ``shutdown()``.
    package func send(_ request: IntakeRequest) async throws -> IntakeResponse {
        try ensureRunning()
        return try await sendFuture(request).get()
    }

    /// Asks `GET /` for the server's version; an answer without one gives
    /// ``ServerInfo/unknown``.
    ///
    /// - Throws: on timeouts and network errors, and ``IntakeClientError/shutDown`` after
    ///   ``shutdown()``.
    package func fetchServerInfo() async throws -> ServerInfo {
        try ensureRunning()
        return try await serverInfoFuture().get()
    }

    /// Asks `GET /config/v1/agents` for the central configuration of `serviceName` in
    /// `environment` (omitted when `nil`), sending `If-None-Match: "<etag>"` when `etag` is
    /// set. Never throws: network errors, timeouts and a shut-down client give
    /// ``AgentConfigResult/failed(reason:)``; secrets are removed from every reason and message.
    package func fetchAgentConfig(serviceName: String, environment: String?, etag: String?) async -> AgentConfigResult {
        await withCheckedContinuation { continuation in
            fetchAgentConfig(serviceName: serviceName, environment: environment, etag: etag) { result in
                continuation.resume(returning: result)
            }
        }
    }

    /// The callback form of ``fetchAgentConfig(serviceName:environment:etag:)`` for threads
    /// outside Swift concurrency: `completion` runs exactly once and must not block; it runs
    /// on the client's event loop thread, or at once on the calling thread after ``shutdown()``.
    package func fetchAgentConfig(
        serviceName: String,
        environment: String?,
        etag: String?,
        completion: @escaping @Sendable (AgentConfigResult) -> Void
    ) {
        if isShutDown.withLock({ $0 }) {
            completion(.failed(reason: IntakeClientError.shutDown.description))
            return
        }
        var url = agentConfigURL + "?service.name=" + Self.queryEncoded(serviceName)
        if let environment {
            url += "&service.environment=" + Self.queryEncoded(environment)
        }
        var headers = commonHeaders
        if let etag {
            headers.add(name: "If-None-Match", value: "\"\(etag)\"")
        }
        let configuration = self.configuration
        execute(url: url, method: .GET, headers: headers, body: nil) { response in
            AgentConfigResult.classify(
                status: Int(response.status.code),
                etag: response.headers.first(name: "Etag"),
                cacheControl: response.headers[canonicalForm: "Cache-Control"].joined(separator: ","),
                body: response.body.map { Array($0.readableBytesView) } ?? []
            )
        }
        .whenComplete { result in
            switch result {
            case .success(.serverError(let status, let message, let maxAge)):
                completion(.serverError(status: status, message: configuration.redacted(message), maxAge: maxAge))
            case .success(.failed(let reason)):
                completion(.failed(reason: configuration.redacted(reason)))
            case .success(let answer):
                completion(answer)
            case .failure(let error):
                completion(.failed(reason: configuration.redacted(NetworkErrorText.describe(error))))
            }
        }
    }

    /// `text` percent-encoded for a query value: everything but RFC 3986 unreserved
    /// characters, so `+`, `&` and `=` cannot change the query's meaning.
    static func queryEncoded(_ text: String) -> String {
        var unreserved = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        unreserved.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// The future form of ``send(_:)`` for the sender thread; must not be called after
    /// ``shutdown()``.
    func sendFuture(_ request: IntakeRequest) -> EventLoopFuture<IntakeResponse> {
        var headers = commonHeaders
        headers.add(name: "Content-Type", value: "application/x-ndjson")
        headers.add(name: "Content-Encoding", value: "gzip")
        return execute(
            url: eventsURL,
            method: .POST,
            headers: headers,
            body: .byteBuffer(ByteBuffer(bytes: request.body))
        ) { response in
            IntakeResponse(status: Int(response.status.code), body: response.body.map { Array($0.readableBytesView) } ?? [])
        }
    }

    /// The future form of ``fetchServerInfo()`` for the sender thread; must not be called
    /// after ``shutdown()``.
    func serverInfoFuture() -> EventLoopFuture<ServerInfo> {
        execute(url: serverInfoURL, method: .GET, headers: commonHeaders, body: nil) { response in
            ServerInfo.parse(status: Int(response.status.code), body: response.body.map { Array($0.readableBytesView) } ?? [])
        }
    }

    /// Shuts the HTTP client and its event loop thread down, failing requests still in
    /// flight. Blocks until done; later calls do nothing. Must not be called on the client's
    /// own event loop.
    @available(*, noasync, message: "blocks until the event loop thread has stopped")
    package func shutdown() {
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

    private func execute<Answer: Sendable>(
        url: String,
        method: HTTPMethod,
        headers: HTTPHeaders,
        body: HTTPClient.Body?,
        read: @escaping @Sendable (HTTPClient.Response) -> Answer
    ) -> EventLoopFuture<Answer> {
        do {
            let request = try HTTPClient.Request(url: url, method: method, headers: headers, body: body)
            return httpClient.execute(request: request).map(read)
        } catch {
            return group.next().makeFailedFuture(error)
        }
    }
}
