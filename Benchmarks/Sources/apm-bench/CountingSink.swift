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

@_spi(Benchmarking) import ElasticAPM
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback stand-in for APM Server that only counts the events it receives (ndjson lines
/// after the metadata line of each gzip request body) and the requests, and answers 202: the
/// fastest possible server that still reads what it gets.
final class CountingSink: Sendable {
    /// The shared event and request counts.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        let requests = Atomic<Int>(0)
    }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    private let counter = Counter()

    /// The base URL to configure as `server_url`.
    let url: String

    init() throws {
        let counter = self.counter
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(CountingHandler(counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        url = "http://127.0.0.1:\(channel.localAddress!.port!)"
    }

    /// Events received so far.
    var events: Int { counter.value.load(ordering: .relaxed) }
    /// Intake requests received so far.
    var requests: Int { counter.requests.load(ordering: .relaxed) }

    func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Inflates intake bodies and counts their event lines; answers every intake request with 202,
/// OTLP/HTTP exports (`/v1/…`) with an empty 200 and `GET /` with `{}`.
final class CountingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let counter: CountingSink.Counter
    private var body: [UInt8] = []
    private var isIntake = false
    private var isOTLP = false

    init(counter: CountingSink.Counter) {
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            isIntake = head.uri.hasPrefix("/intake")
            isOTLP = head.uri.hasPrefix("/v1/")
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            if isIntake { body += buffer.readableBytesView }
        case .end:
            if isIntake {
                counter.value.add(QueueFileBenchmarking.intakeEventCount(gzipBody: body) ?? 0, ordering: .relaxed)
                counter.requests.add(1, ordering: .relaxed)
            }
            if isOTLP {
                // An OTLP/HTTP export (swift-otel in the overhead benchmark): counted as a request and
                // answered with an empty protobuf `Export…ServiceResponse`, full success.
                counter.requests.add(1, ordering: .relaxed)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/x-protobuf")
                headers.add(name: "Content-Length", value: "0")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: isIntake ? "0" : "2")
            let head = HTTPResponseHead(version: .http1_1, status: isIntake ? .accepted : .ok, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !isIntake { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{}")))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
