import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A stand-in for APM Server on 127.0.0.1: decompresses gzip bodies, splits the ND-JSON,
/// records every event line it accepts and every request's headers, and answers according
/// to a mode that tests switch at run time. A proxy `CONNECT` is recorded and refused with
/// 502, so the server can stand in for a proxy too.
final class LoopbackIntakeServer: @unchecked Sendable {
    /// How the server answers `POST /intake/v2/events`.
    enum Mode: Sendable {
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
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var rawBodySize: Int
        var decodedBody: [UInt8]
        var metadata: String?
        var events: [String]
        var status: Int
        /// The events the server kept (accepted before answering).
        var recorded: [String]
        var answerLost: Bool

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// The port, fixed once ``start(serverInfo:)`` has bound it.
    private(set) var port = 0
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var tls: NIOSSLContext?
    private let lock = NSLock()
    private var mode = Mode.ok
    private var serverInfoBody = ""
    private var listener: Channel?
    private var connections: [ObjectIdentifier: Channel] = [:]
    private var storedRequests: [Request] = []
    private var storedEvents: [String] = []
    private var intakeCount = 0

    private init() {}

    /// Starts a server on a free loopback port, speaking HTTPS with ``TestCertificate`` when
    /// `tls` is set.
    static func start(serverInfo: String = "", tls: Bool = false) async throws -> LoopbackIntakeServer {
        let server = LoopbackIntakeServer()
        server.serverInfoBody = serverInfo
        if tls {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(TestCertificate.certificatePEM.utf8)).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(TestCertificate.privateKeyPEM.utf8), format: .pem))
            )
            server.tls = try NIOSSLContext(configuration: configuration)
        }
        let channel = try await server.bind(port: 0)
        server.port = channel.localAddress?.port ?? 0
        server.setListener(channel)
        return server
    }

    var url: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)" }

    var requests: [Request] { locked { storedRequests } }
    var intakeRequests: [Request] { requests.filter { $0.uri.hasPrefix("/intake") } }
    var events: [String] { locked { storedEvents } }

    /// Lines recorded although the answer told the client otherwise.
    var eventsRecordedInLostAnswers: [String] {
        requests.filter(\.answerLost).flatMap(\.recorded)
    }

    func setServerInfo(_ body: String) {
        locked { serverInfoBody = body }
    }

    /// Switches the answering mode; `down` closes the listener and every connection, leaving
    /// `down` binds the same port again.
    func setMode(_ newMode: Mode) async throws {
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

    func shutdown() async {
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
        case respond(status: Int, body: String, delay: Int)
        case close
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
            return (.respond(status: 502, body: "", delay: 0), request)
        }
        guard head.uri.hasPrefix("/intake/v2/events") else {
            request.status = 200
            return (.respond(status: 200, body: locked { serverInfoBody }, delay: 0), request)
        }
        let decoded = head.headers["Content-Encoding"].first == "gzip" ? (try? Gunzip.decompress(body)) : body
        guard let decoded else {
            request.status = 400
            return (.respond(status: 400, body: #"{"accepted":0,"errors":[{"message":"corrupt gzip"}]}"#, delay: 0), request)
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
            answer = .respond(status: 202, body: "", delay: 0)
        case .reject(let isBad):
            let bad = request.events.filter(isBad)
            (request.recorded, request.status) = (request.events.filter { !isBad($0) }, 400)
            let errors = bad.prefix(5).map { line in
                ["message": "invalid event: bad field", "document": line]
            }
            let json = try? JSONSerialization.data(withJSONObject: ["accepted": request.recorded.count, "errors": errors])
            answer = .respond(status: 400, body: String(decoding: json ?? Data(), as: UTF8.self), delay: 0)
        case .auth:
            request.status = 401
            let echoed = head.headers["Authorization"].first ?? "none"
            answer = .respond(status: 401, body: #"{"error":"authentication failed: rejected '\#(echoed)'"}"#, delay: 0)
        case .tooLarge(let maxBytes):
            if body.count > maxBytes {
                request.status = 413
                answer = .respond(status: 413, body: "<html><body>413 Request Entity Too Large</body></html>", delay: 0)
            } else {
                (request.recorded, request.status) = (request.events, 202)
                answer = .respond(status: 202, body: "", delay: 0)
            }
        case .unavailable:
            request.status = 503
            answer = .respond(status: 503, body: #"{"error":"queue is full"}"#, delay: 0)
        case .partial(let count):
            let accepted = min(count, request.events.count)
            (request.recorded, request.status) = (Array(request.events.prefix(accepted)), 503)
            answer = .respond(
                status: 503,
                body: #"{"accepted":\#(accepted),"errors":[{"message":"queue is full"}]}"#,
                delay: 0
            )
        case .recordThenFail:
            (request.recorded, request.status, request.answerLost) = (request.events, 503, true)
            answer = .respond(status: 503, body: #"{"error":"request timed out"}"#, delay: 0)
        case .slow(let milliseconds):
            request.status = 202
            answer = .respond(status: 202, body: "", delay: milliseconds)
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
                case .respond(let status, let text, let delay) where delay > 0:
                    var request = request
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(delay))) {
                        guard context.channel.isActive else {
                            request.status = 0
                            self.server.store(request)
                            return
                        }
                        request.recorded = request.events
                        self.server.store(request)
                        self.respond(context: context, status: status, body: text)
                    }
                case .respond(let status, let text, _):
                    server.store(request)
                    respond(context: context, status: status, body: text)
                }
            }
        }

        private func respond(context: ChannelHandlerContext, status: Int, body text: String) {
            let close = status >= 400
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "\(text.utf8.count)")
            if !text.isEmpty {
                headers.add(name: "Content-Type", value: "application/json")
            }
            if close {
                headers.add(name: "Connection", value: "close")
            }
            let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
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
