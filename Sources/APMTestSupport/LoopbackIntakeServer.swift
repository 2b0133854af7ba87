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

import APMRuntime
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A stand-in for APM Server on 127.0.0.1, for tests.
///
/// `POST /intake/v2/events`: decompresses gzip bodies, splits the ND-JSON, records every
/// event line it accepts and every request's headers, and answers according to a ``Mode``
/// that tests switch at run time.
///
/// `GET|POST /config/v1/agents`: serves the agent configuration set per service name with
/// ``setAgentConfig(_:forService:)``, with a quoted `ETag`, `304` for a matching
/// `If-None-Match`, a settable `Cache-Control` max-age and a settable failure status; each
/// request is recorded in ``configRequests``.
///
/// Any other path answers 200 with the server information body (`GET /`). A proxy `CONNECT`
/// is recorded and refused with 502, so the server can stand in for a proxy too.
package final class LoopbackIntakeServer: @unchecked Sendable {
    /// How the server answers `POST /intake/v2/events`.
    package enum Mode: Sendable {
        /// Record everything, answer 202.
        case ok
        /// Record the lines not matching the predicate; answer 400 with `accepted` and up to
        /// five errors whose documents are the rejected lines, as APM Server does.
        case reject(@Sendable (String) -> Bool)
        /// Record nothing, answer 401 (echoing the Authorization header, like a careless proxy).
        case auth
        /// Answer 413 without recording when the received body exceeds `maxBytes`, else as `ok`.
        case tooLarge(maxBytes: Int)
        /// Record nothing, answer 503 `{"error":"queue is full"}`.
        case unavailable
        /// Record the first `n` events, answer 503 with `accepted: n`.
        case partial(Int)
        /// Record every event, then answer 503 without `accepted` (the answer was lost):
        /// the sender must retry, and the server sees those events twice.
        case recordThenFail
        /// Wait, then record and answer 202 if the client is still connected.
        case slow(milliseconds: Int)
        /// Close the connection without answering.
        case reset
        /// Stop listening: connections are refused.
        case down
        /// Pick a mode per request from the request's index (0-based).
        case script(@Sendable (Int) -> Mode)
    }

    /// One request as the server saw it.
    package struct Request: Sendable {
        /// The HTTP method.
        package var method: String
        /// The request target, path and query.
        package var uri: String
        /// Every request header, in order.
        package var headers: [(String, String)]
        /// The size of the body as received (compressed, if it was).
        package var rawBodySize: Int
        /// The intake body after gzip decoding; empty for other paths.
        package var decodedBody: [UInt8]
        /// The first line of an intake body (the metadata).
        package var metadata: String?
        /// The event lines of an intake body, in order.
        package var events: [String]
        /// The status answered; 0 when the connection was closed without an answer.
        package var status: Int
        /// The events the server kept (accepted before answering).
        package var recorded: [String]
        /// Whether the server kept events but answered as if it had not (``Mode/recordThenFail``).
        package var answerLost: Bool

        /// The value of the first header named `name`, compared without regard to case.
        package func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// The port, fixed once ``start(serverInfo:tls:)`` has bound it.
    package private(set) var port = 0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var tls: NIOSSLContext?
    private let lock = ConditionLock()
    private var mode = Mode.ok
    private var serverInfoBody = ""
    private var listener: Channel?
    private var connections: [ObjectIdentifier: Channel] = [:]
    private var storedRequests: [Request] = []
    private var storedEvents: [String] = []
    private var intakeCount = 0
    private var agentConfig = AgentConfigEndpoint()
    private var storedConfigRequests: [AgentConfigRequest] = []

    private init() {}

    /// Starts a server on a free loopback port, speaking HTTPS with ``TestCertificate`` when
    /// `tls` is set.
    ///
    /// - Parameter serverInfo: The body of the answer to `GET /` (the server information).
    package static func start(serverInfo: String = "", tls: Bool = false) async throws -> LoopbackIntakeServer {
        let server = LoopbackIntakeServer()
        server.serverInfoBody = serverInfo
        if tls {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(TestCertificate.certificatePEM.utf8)).map {
                    .certificate($0)
                },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestCertificate.privateKeyPEM.utf8), format: .pem))
            )
            server.tls = try NIOSSLContext(configuration: configuration)
        }
        let channel = try await server.bind(port: 0)
        server.port = channel.localAddress?.port ?? 0
        server.setListener(channel)
        return server
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    package var url: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// Every request answered (or closed) so far, in order.
    package var requests: [Request] { locked { storedRequests } }
    /// The requests to `/intake/…`.
    package var intakeRequests: [Request] { requests.filter { $0.uri.hasPrefix("/intake") } }
    /// Every event line the server kept, in the order received.
    package var events: [String] { locked { storedEvents } }

    /// Lines recorded although the answer told the client otherwise.
    package var eventsRecordedInLostAnswers: [String] {
        requests.filter(\.answerLost).flatMap(\.recorded)
    }

    /// Every request to `/config/v1/agents` so far, in order (they are in ``requests`` too).
    package var configRequests: [AgentConfigRequest] { locked { storedConfigRequests } }

    /// Sets the body of the answer to `GET /`.
    package func setServerInfo(_ body: String) {
        locked { serverInfoBody = body }
    }

    /// Sets the agent configuration served to `service` (APM Server sends every value as a
    /// string); `[:]` serves `{}`, as for a service nobody configured. The ETag changes with
    /// the content.
    package func setAgentConfig(_ settings: [String: String], forService service: String) {
        locked { agentConfig.settings[service] = settings }
    }

    /// The quoted ETag the agent configuration of `service` is served with now.
    package func agentConfigETag(forService service: String) -> String {
        locked { agentConfig.etag(forService: service) }
    }

    /// Sets the `max-age` of the agent configuration answers' `Cache-Control` header
    /// (30 s at start, like APM Server); `nil` leaves the header out.
    package func setAgentConfigMaxAge(_ seconds: Int?) {
        locked { agentConfig.maxAge = seconds }
    }

    /// Makes the agent configuration endpoint answer every request with `status` and an APM
    /// Server-like error body (403: remote configuration disabled, 404: a server without the
    /// endpoint, 503: Kibana unreachable, …); `nil` serves the configuration again.
    package func setAgentConfigStatus(_ status: Int?) {
        locked { agentConfig.statusOverride = status }
    }

    /// Switches the answering mode; `down` closes the listener and every connection, leaving
    /// `down` binds the same port again.
    package func setMode(_ newMode: Mode) async throws {
        let (wasDown, channels) = locked { () -> (Bool, [Channel]) in
            let wasDown = listener == nil
            mode = newMode
            if case .down = newMode {
                let all = Array(connections.values) + (listener.map { [$0] } ?? [])
                listener = nil
                return (wasDown, all)
            }
            return (wasDown, [])
        }
        for channel in channels {
            try? await channel.close()
        }
        if case .down = newMode { return }
        if wasDown {
            setListener(try await bind(port: port))
        }
    }

    /// Closes every connection and the listener and stops the event loop.
    package func shutdown() async {
        let channels = locked { Array(connections.values) + (listener.map { [$0] } ?? []) }
        for channel in channels {
            try? await channel.close()
        }
        try? await group.shutdownGracefully()
    }

    // MARK: Serving

    private func bind(port: Int) async throws -> Channel {
        let tls = self.tls
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
    }

    private func setListener(_ channel: Channel) {
        locked { listener = channel }
    }

    fileprivate func opened(_ channel: Channel) {
        locked { connections[ObjectIdentifier(channel)] = channel }
    }

    fileprivate func closed(_ channel: Channel) {
        _ = locked { connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// What to do with one complete request.
    fileprivate enum Answer {
        case respond(status: Int, headers: [(String, String)], body: String, delay: Int)
        case close
    }

    private static func respond(_ status: Int, _ body: String, delay: Int = 0) -> Answer {
        .respond(status: status, headers: body.isEmpty ? [] : [("Content-Type", "application/json")], body: body, delay: delay)
    }

    fileprivate func handle(head: HTTPRequestHead, body: [UInt8]) -> (Answer, Request) {
        var request = Request(
            method: head.method.rawValue,
            uri: head.uri,
            headers: head.headers.map { ($0.name, $0.value) },
            rawBodySize: body.count,
            decodedBody: [],
            metadata: nil,
            events: [],
            status: 0,
            recorded: [],
            answerLost: false
        )
        if head.method == .CONNECT {
            request.status = 502
            return (Self.respond(502, ""), request)
        }
        if head.uri == "/config/v1/agents" || head.uri.hasPrefix("/config/v1/agents?") {
            let answer = locked { () -> AgentConfigEndpoint.Answer in
                let (answer, configRequest) = agentConfig.answer(
                    method: request.method, uri: request.uri, headers: request.headers, body: body)
                storedConfigRequests.append(configRequest)
                return answer
            }
            request.status = answer.status
            return (.respond(status: answer.status, headers: answer.headers, body: answer.body, delay: 0), request)
        }
        guard head.uri.hasPrefix("/intake/v2/events") else {
            request.status = 200
            return (Self.respond(200, locked { serverInfoBody }), request)
        }
        let decoded = head.headers["Content-Encoding"].first == "gzip" ? (try? Gunzip.decompress(body)) : body
        guard let decoded else {
            request.status = 400
            return (Self.respond(400, #"{"accepted":0,"errors":[{"message":"corrupt gzip"}]}"#), request)
        }
        request.decodedBody = decoded
        let lines = decoded.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        request.metadata = lines.first
        request.events = Array(lines.dropFirst())
        let index = locked { () -> Int in
            defer { intakeCount += 1 }
            return intakeCount
        }
        var current = locked { mode }
        while case .script(let pick) = current {
            current = pick(index)
        }
        let answer: Answer
        switch current {
        case .ok, .script, .down:
            (request.recorded, request.status) = (request.events, 202)
            answer = Self.respond(202, "")
        case .reject(let isBad):
            let bad = request.events.filter(isBad)
            (request.recorded, request.status) = (request.events.filter { !isBad($0) }, 400)
            let errors = bad.prefix(5).map { line in
                ["message": "invalid event: bad field", "document": line]
            }
            let json = try? JSONSerialization.data(withJSONObject: ["accepted": request.recorded.count, "errors": errors])
            answer = Self.respond(400, String(decoding: json ?? Data(), as: UTF8.self))
        case .auth:
            request.status = 401
            let echoed = head.headers["Authorization"].first ?? "none"
            answer = Self.respond(401, #"{"error":"authentication failed: rejected '\#(echoed)'"}"#)
        case .tooLarge(let maxBytes):
            if body.count > maxBytes {
                request.status = 413
                answer = Self.respond(413, "<html><body>413 Request Entity Too Large</body></html>")
            } else {
                (request.recorded, request.status) = (request.events, 202)
                answer = Self.respond(202, "")
            }
        case .unavailable:
            request.status = 503
            answer = Self.respond(503, #"{"error":"queue is full"}"#)
        case .partial(let count):
            let accepted = min(count, request.events.count)
            (request.recorded, request.status) = (Array(request.events.prefix(accepted)), 503)
            answer = Self.respond(503, #"{"accepted":\#(accepted),"errors":[{"message":"queue is full"}]}"#)
        case .recordThenFail:
            (request.recorded, request.status, request.answerLost) = (request.events, 503, true)
            answer = Self.respond(503, #"{"error":"request timed out"}"#)
        case .slow(let milliseconds):
            request.status = 202
            answer = Self.respond(202, "", delay: milliseconds)
        case .reset:
            answer = .close
        }
        return (answer, request)
    }

    /// Stores a request; its recorded events join the received events.
    fileprivate func store(_ request: Request) {
        locked {
            storedRequests.append(request)
            storedEvents += request.recorded
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let server: LoopbackIntakeServer
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(server: LoopbackIntakeServer) {
            self.server = server
        }

        func channelActive(context: ChannelHandlerContext) {
            server.opened(context.channel)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            server.closed(context.channel)
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let requestHead):
                head = requestHead
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let (answer, request) = server.handle(head: head, body: body)
                switch answer {
                case .close:
                    server.store(request)
                    context.close(promise: nil)
                case .respond(let status, let headers, let text, let delay) where delay > 0:
                    var request = request
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) {
                        guard context.channel.isActive else {
                            request.status = 0
                            self.server.store(request)
                            return
                        }
                        request.recorded = request.events
                        self.server.store(request)
                        self.respond(context: context, status: status, headers: headers, body: text)
                    }
                case .respond(let status, let headers, let text, _):
                    server.store(request)
                    respond(context: context, status: status, headers: headers, body: text)
                }
            }
        }

        private func respond(context: ChannelHandlerContext, status: Int, headers extra: [(String, String)], body text: String) {
            let close = status >= 400
            var headers = HTTPHeaders(extra)
            if status != 304 {
                headers.add(name: "Content-Length", value: "\(text.utf8.count)")
            }
            if close {
                headers.add(name: "Connection", value: "close")
            }
            let responseHead = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            if !text.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            if close {
                written.futureResult.assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
            }
        }
    }
}

/// Runs `body` with a freshly started ``LoopbackIntakeServer`` and shuts the server down
/// afterwards, also when `body` throws.
///
/// - Parameters:
///   - serverInfo: The body of the answer to `GET /`.
///   - tls: Whether the server speaks HTTPS with ``TestCertificate``.
package func withServer<T>(
    serverInfo: String = "",
    tls: Bool = false,
    _ body: (LoopbackIntakeServer) async throws -> T
) async throws -> T {
    let server = try await LoopbackIntakeServer.start(serverInfo: serverInfo, tls: tls)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}
