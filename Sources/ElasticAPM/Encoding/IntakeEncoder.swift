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

import Foundation

/// Encodes captured events as intake v2 ndjson lines (without the trailing newline).
///
/// Runs on the writer thread only. Applies field limits (1024 characters for keywords,
/// `long_field_max_length` for bodies, statements and messages), sanitisation of headers and
/// cookies, and the server's 300 KiB line limit: an event that would exceed it is re-encoded
/// without its largest optional parts and counted as truncated.
struct IntakeEncoder {
    /// APM Server's `max_event_size`.
    static let maxLineBytes = 300 * 1024

    /// Options read from the settings at encode time.
    struct Options {
        var longFieldMaxLength = FieldLimits.longFieldLength
        var sanitizeFieldNames = WildcardMatcherList(AgentSettings.defaultSanitizeFieldNames)
        var captureHeaders = true
        var captureBody = AgentSettings.CaptureBody.off
        /// The service fields `log` events repeat (ECS), from `service_name`, `service_version`,
        /// `environment` and `service_node_name`.
        var service = LogService()

        init() {}

        init(_ settings: AgentSettings) {
            longFieldMaxLength = settings.longFieldMaxLength
            sanitizeFieldNames = settings.sanitizeFieldNames
            captureHeaders = settings.captureHeaders
            captureBody = settings.captureBody
            service = LogService(
                name: settings.serviceName, version: settings.serviceVersion,
                environment: settings.environment, nodeName: settings.serviceNodeName)
        }
    }

    var options: Options
    let resolver: StackTraceResolver
    /// Span stack traces already encoded (this encoder's own: one per writer thread).
    let encodedStackTraces = EncodedStackTraces()
    /// The memory each line is written into before it is appended to the caller's buffer; reused, so encoding an
    /// event allocates nothing (copies of the encoder share it: one thread encodes at a time).
    private let jsonStorage = JSONStorage(capacity: storageCapacity)
    private static let storageCapacity = 2048
    /// Events re-encoded in reduced form because they exceeded the line limit.
    private(set) var truncatedEvents = 0

    init(options: Options = Options(), resolver: StackTraceResolver = .shared) {
        self.options = options
        self.resolver = resolver
    }

    /// The ndjson line for one event, never longer than ``maxLineBytes``.
    mutating func encode(_ event: CapturedEvent) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        encode(event, appendingTo: &line)
        return line
    }

    /// Appends the ndjson line for one event (never longer than ``maxLineBytes``, no newline) to
    /// `buffer`. The line is written into the encoder's reused storage first, so an event over the
    /// limit is written again in reduced form before anything reaches `buffer`.
    mutating func encode(_ event: CapturedEvent, appendingTo buffer: inout [UInt8]) {
        var writer = JSONWriter(storage: jsonStorage)
        write(event, reduced: false, to: &writer)
        if writer.count > Self.maxLineBytes {
            truncatedEvents += 1
            writer = JSONWriter(storage: jsonStorage)
            write(event, reduced: true, to: &writer)
        }
        writer.append(to: &buffer)
        jsonStorage.shrink(to: Self.storageCapacity, above: 64 << 10)
    }

    private func write(_ event: CapturedEvent, reduced: Bool, to writer: inout JSONWriter) {
        writer.beginObject()
        switch event {
        case .transaction(let transaction):
            writer.key("transaction")
            write(transaction, to: &writer, reduced: reduced)
        case .span(let span):
            writer.key("span")
            write(span, to: &writer, reduced: reduced)
        case .error(let error):
            writer.key("error")
            write(error, to: &writer, reduced: reduced)
        case .metricset(let metricset):
            writer.key("metricset")
            write(metricset, to: &writer)
        case .log(let record):
            writer.key("log")
            write(record, to: &writer, reduced: reduced)
        }
        writer.endObject()
    }

    // MARK: - Transaction

    private func write(_ event: TransactionEvent, to writer: inout JSONWriter, reduced: Bool) {
        writer.beginObject()
        writer.field("id", event.id)
        writer.field("trace_id", event.traceID)
        writer.field("parent_id", event.parentID)
        writer.field("name", Self.keyword(event.name))
        writer.field("type", Self.keyword(event.type))
        writer.field("result", event.result.map(Self.keyword))
        writer.field("outcome", event.outcome.rawValue)
        writer.field("timestamp", event.timestamp)
        writer.field("duration", event.duration)
        writer.field("sampled", event.sampled)
        writer.field("sample_rate", event.sampleRate)
        writer.key("span_count")
        writer.beginObject()
        writer.field("started", event.spansStarted)
        writer.field("dropped", event.spansDropped)
        writer.endObject()
        if !event.droppedSpanStats.isEmpty {
            writer.key("dropped_spans_stats")
            writer.beginArray()
            for entry in event.droppedSpanStats {
                writer.beginObject()
                writer.field("destination_service_resource", entry.resource.map(Self.keyword))
                writer.field("service_target_type", entry.targetType.map { Self.limit($0, 512) })
                writer.field("service_target_name", entry.targetName.map { Self.limit($0, 512) })
                writer.field("outcome", entry.outcome.rawValue)
                writer.key("duration")
                writer.beginObject()
                writer.field("count", entry.count)
                writer.key("sum")
                writer.beginObject()
                writer.field("us", entry.sumMicros)
                writer.endObject()
                writer.endObject()
                writer.endObject()
            }
            writer.endArray()
        }
        if !event.context.isEmpty {
            writer.key("context")
            write(
                event.context, to: &writer, reduced: reduced,
                bodyAllowed: options.captureBody == .all || options.captureBody == .transactions)
        }
        write(event.links, to: &writer)
        if let otel = event.otel { write(otel, to: &writer, reduced: reduced) }
        writer.endObject()
    }

    // MARK: - Span

    private func write(_ event: SpanEvent, to writer: inout JSONWriter, reduced: Bool) {
        writer.beginObject()
        writer.field("id", event.id)
        writer.field("transaction_id", event.transactionID)
        writer.field("parent_id", event.parentID)
        writer.field("trace_id", event.traceID)
        writer.field("name", Self.keyword(event.name))
        writer.field("type", Self.keyword(event.type))
        writer.field("subtype", event.subtype.map(Self.keyword))
        writer.field("action", event.action.map(Self.keyword))
        writer.field("timestamp", event.timestamp)
        writer.field("duration", event.duration)
        writer.field("outcome", event.outcome.rawValue)
        writer.field("sync", event.sync)
        writer.field("sample_rate", event.sampleRate)
        if let composite = event.composite {
            writer.key("composite")
            writer.beginObject()
            writer.field("count", composite.count)
            writer.field("sum", composite.sum)
            writer.field("compression_strategy", composite.strategy)
            writer.endObject()
        }
        // The context is read once: `APMSpanContext` is a large value, and each optional chain through
        // `event.context` copied it.
        let context = event.context ?? APMSpanContext()
        let hasDestination =
            event.serviceTarget != nil || context.destinationAddress != nil || context.destinationPort != nil
        if !event.labels.isEmpty || context.db != nil || context.http != nil || context.message != nil || hasDestination {
            writer.key("context")
            writer.beginObject()
            writeLabels(event.labels, to: &writer, reduced: reduced)
            if let db = context.db {
                writer.key("db")
                writer.beginObject()
                writer.field("instance", db.instance.map(Self.keyword))
                writer.field("statement", db.statement.map { longField($0) })
                writer.field("type", db.type.map(Self.keyword))
                writer.field("user", db.user.map(Self.keyword))
                writer.field("rows_affected", db.rowsAffected)
                writer.endObject()
            }
            if let http = context.http {
                writer.key("http")
                writer.beginObject()
                writer.field("url", http.url.map { Self.limit(URLRedaction.redactUserInfo($0), FieldLimits.longFieldLength) })
                writer.field("method", http.method.map(Self.keyword))
                writer.field("status_code", http.statusCode)
                writer.endObject()
            }
            if let message = context.message { write(message, to: &writer) }
            if hasDestination {
                writer.key("destination")
                writer.beginObject()
                writer.field("address", context.destinationAddress.map(Self.keyword))
                writer.field("port", context.destinationPort)
                if let resource = event.serviceTarget?.resource, !resource.isEmpty {
                    writer.key("service")
                    writer.beginObject()
                    writer.field("resource", Self.keyword(resource))
                    writer.endObject()
                }
                writer.endObject()
            }
            if let target = event.serviceTarget, target.type != nil || target.name != nil {
                writer.key("service")
                writer.beginObject()
                writer.key("target")
                writer.beginObject()
                writer.field("type", target.type.map(Self.keyword))
                writer.field("name", target.name.map(Self.keyword))
                writer.endObject()
                writer.endObject()
            }
            writer.endObject()
        }
        if !reduced, let trace = event.stackTrace {
            write(trace, to: &writer)
        }
        write(event.links, to: &writer)
        if let otel = event.otel { write(otel, to: &writer, reduced: reduced) }
        writer.endObject()
    }

    // MARK: - Error

    private func write(_ event: ErrorEvent, to writer: inout JSONWriter, reduced: Bool) {
        writer.beginObject()
        writer.field("id", event.id)
        writer.field("timestamp", event.timestamp)
        if let traceID = event.traceID, let parentID = event.parentID {
            writer.field("trace_id", traceID)
            writer.field("parent_id", parentID)
            writer.field("transaction_id", event.transactionID)
        }
        if let transaction = event.transaction {
            writer.key("transaction")
            writer.beginObject()
            writer.field("name", Self.keyword(transaction.name))
            writer.field("type", Self.keyword(transaction.type))
            writer.field("sampled", transaction.sampled)
            writer.endObject()
        }
        var culprit = event.culprit
        if let exception = event.exception {
            let frames = reduced ? [] : exception.stackTrace.map(resolver.resolve) ?? []
            if culprit == nil { culprit = Self.culprit(of: frames) }
            writer.key("exception")
            writer.beginObject()
            writer.field("message", longField(exception.message))
            writer.field("type", Self.keyword(exception.type))
            writer.field("module", exception.module.map(Self.keyword))
            writer.field("code", exception.code.map(Self.keyword))
            writer.field("handled", exception.handled)
            if !frames.isEmpty { write(frames, to: &writer) }
            writer.endObject()
        }
        if let log = event.log {
            let frames = reduced ? [] : log.stackTrace.map(resolver.resolve) ?? []
            if culprit == nil { culprit = Self.culprit(of: frames) }
            writer.key("log")
            writer.beginObject()
            writer.field("message", longField(log.message))
            writer.field("param_message", log.paramMessage.map(Self.keyword))
            writer.field("level", log.level.map(Self.keyword))
            writer.field("logger_name", log.loggerName.map(Self.keyword))
            if !frames.isEmpty { write(frames, to: &writer) }
            writer.endObject()
        }
        writer.field("culprit", culprit.map(Self.keyword))
        var context = event.context
        if let metadata = event.log?.metadata, !metadata.isEmpty {
            let custom = LogMetadataConversion.custom(metadata, sanitizing: options.sanitizeFieldNames)
            context.custom.merge(custom) { _, fromRecord in fromRecord }
        }
        if !context.isEmpty {
            writer.key("context")
            write(
                context, to: &writer, reduced: reduced,
                bodyAllowed: options.captureBody == .all || options.captureBody == .errors)
        }
        writer.endObject()
    }

    /// The first frame of the application's own code, as `function (file:line)`.
    static func culprit(of frames: [StackFrame]) -> String? {
        guard let frame = frames.first(where: { !$0.libraryFrame }) ?? frames.first else { return nil }
        let function = frame.function ?? "?"
        if let line = frame.lineno { return "\(function) (\(frame.filename):\(line))" }
        return "\(function) (\(frame.filename))"
    }

    // MARK: - Shared parts

    private func write(_ context: EventContext, to writer: inout JSONWriter, reduced: Bool, bodyAllowed: Bool) {
        writer.beginObject()
        writeLabels(context.labels, to: &writer, reduced: reduced)
        if !context.custom.isEmpty, !reduced {
            writer.key("custom")
            write(APMCustomValue.object(context.custom), to: &writer, depth: 0)
        }
        if let user = context.user, !user.isEmpty {
            writer.key("user")
            writer.beginObject()
            writer.field("id", user.id.map(Self.keyword))
            writer.field("username", user.username.map(Self.keyword))
            writer.field("email", user.email.map(Self.keyword))
            writer.field("domain", user.domain.map(Self.keyword))
            writer.endObject()
        }
        if let request = context.request {
            writer.key("request")
            writer.beginObject()
            writer.field("method", Self.keyword(request.method))
            writer.key("url")
            writer.beginObject()
            writer.field("full", request.url.full.map { Self.keyword(URLRedaction.redactUserInfo($0)) })
            writer.field("protocol", request.url.scheme.map { Self.keyword($0.hasSuffix(":") ? $0 : $0 + ":") })
            writer.field("hostname", request.url.hostname.map(Self.keyword))
            writer.field("port", request.url.port)
            writer.field("pathname", request.url.pathname.map(Self.keyword))
            writer.field("search", request.url.search.map(Self.keyword))
            writer.endObject()
            writer.field("http_version", request.httpVersion.map(Self.keyword))
            if options.captureHeaders, !reduced, !request.headers.isEmpty {
                writer.key("headers")
                writeHeaders(request.headers, to: &writer)
            }
            if !request.cookies.isEmpty, !reduced {
                writer.key("cookies")
                writer.beginObject()
                for (name, value) in request.cookies.sorted(by: { $0.key < $1.key }) {
                    writer.dynamicKey(name)
                    writer.string(sanitized(name: name, value: value))
                }
                writer.endObject()
            }
            if bodyAllowed, !reduced, let body = request.body {
                let isForm = request.headers.contains {
                    $0.name.lowercased() == "content-type" && $0.value.lowercased().contains("application/x-www-form-urlencoded")
                }
                writer.field("body", longField(isForm ? sanitizedForm(body) : body))
            } else if request.body != nil {
                writer.field("body", "[REDACTED]")
            }
            if request.remoteAddress != nil || request.encrypted != nil {
                writer.key("socket")
                writer.beginObject()
                writer.field("remote_address", request.remoteAddress.map(Self.keyword))
                writer.field("encrypted", request.encrypted)
                writer.endObject()
            }
            writer.endObject()
        }
        if let response = context.response {
            writer.key("response")
            writer.beginObject()
            writer.field("status_code", response.statusCode)
            writer.field("finished", response.finished)
            if options.captureHeaders, !reduced, !response.headers.isEmpty {
                writer.key("headers")
                writeHeaders(
                    response.headers.sorted(by: { $0.key < $1.key }).map { (name: $0.key, value: $0.value) }, to: &writer)
            }
            writer.endObject()
        }
        writer.endObject()
    }

    private func writeHeaders(_ headers: [(name: String, value: String)], to writer: inout JSONWriter) {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            if values[header.name] == nil { order.append(header.name) }
            let value =
                header.name.lowercased() == "cookie"
                ? sanitizedCookieHeader(header.value) : sanitized(name: header.name, value: header.value)
            values[header.name, default: []].append(value)
        }
        writer.beginObject()
        for name in order {
            let list = values[name]!
            writer.dynamicKey(name)
            if list.count == 1 {
                writer.string(Self.keyword(list[0]))
            } else {
                writer.beginArray()
                for value in list { writer.string(Self.keyword(value)) }
                writer.endArray()
            }
        }
        writer.endObject()
    }

    private func writeLabels(_ labels: [(String, APMLabelValue)], to writer: inout JSONWriter, reduced: Bool) {
        guard !labels.isEmpty else { return }
        writer.key("tags")
        writer.beginObject()
        for (key, value) in labels.prefix(reduced ? 128 : labels.count) {
            writer.dynamicKey(key)
            switch value {
            case .string(let string): writer.string(Self.keyword(string))
            case .bool(let bool): writer.bool(bool)
            case .number(let number): writer.double(number)
            case .null: writer.null()
            }
        }
        writer.endObject()
    }

    private func write(_ message: APMMessageContext, to writer: inout JSONWriter) {
        writer.key("message")
        writer.beginObject()
        if let queue = message.queueName {
            writer.key("queue")
            writer.beginObject()
            writer.field("name", Self.keyword(queue))
            writer.endObject()
        }
        if let age = message.ageMilliseconds {
            writer.key("age")
            writer.beginObject()
            writer.field("ms", max(0, age))
            writer.endObject()
        }
        writer.field("body", message.body.map { longField($0) })
        writer.field("routing_key", message.routingKey.map(Self.keyword))
        writer.endObject()
    }

    private func write(_ links: [APMSpanLink], to writer: inout JSONWriter) {
        guard !links.isEmpty else { return }
        writer.key("links")
        writer.beginArray()
        for link in links {
            writer.beginObject()
            writer.field("trace_id", link.traceID)
            writer.field("span_id", link.spanID)
            writer.endObject()
        }
        writer.endArray()
    }

    /// A span's `stacktrace`: the bytes encoded for the same trace before, else its frames.
    private func write(_ trace: CapturedStackTrace, to writer: inout JSONWriter) {
        #if os(Linux)
        let key = TraceKey(addresses: trace.addresses, limit: trace.limit)
        if let json = encodedStackTraces.json(for: key) {
            writer.key("stacktrace")
            writer.raw(json)
            return
        }
        let resolved = resolver.resolveTrace(trace)
        guard !resolved.frames.isEmpty else { return }
        var array = JSONWriter()
        writeFrames(resolved.frames, to: &array)
        writer.key("stacktrace")
        writer.raw(array.bytes)
        if resolved.final { encodedStackTraces.insert(array.bytes, for: key) }
        #else
        write(resolver.resolve(trace), to: &writer)
        #endif
    }

    private func write(_ frames: [StackFrame], to writer: inout JSONWriter) {
        guard !frames.isEmpty else { return }
        writer.key("stacktrace")
        writeFrames(frames, to: &writer)
    }

    /// The frames as a JSON array.
    private func writeFrames(_ frames: [StackFrame], to writer: inout JSONWriter) {
        writer.beginArray()
        for frame in frames {
            writer.beginObject()
            writer.field("function", frame.function.map(Self.keyword))
            writer.field("filename", Self.keyword(frame.filename))
            writer.field("abs_path", frame.absPath.map(Self.keyword))
            writer.field("lineno", frame.lineno)
            writer.field("module", frame.module.map(Self.keyword))
            writer.field("library_frame", frame.libraryFrame)
            writer.endObject()
        }
        writer.endArray()
    }

    private func write(_ value: APMCustomValue, to writer: inout JSONWriter, depth: Int) {
        switch value {
        case .string(let string): writer.string(longField(string))
        case .bool(let bool): writer.bool(bool)
        case .int(let int): writer.int(int)
        case .double(let double): writer.double(double)
        case .null: writer.null()
        case .array(let array):
            guard depth < 16 else { return writer.null() }
            writer.beginArray()
            for element in array { write(element, to: &writer, depth: depth + 1) }
            writer.endArray()
        case .object(let object):
            guard depth < 16 else { return writer.null() }
            writer.beginObject()
            for (key, element) in object.sorted(by: { $0.key < $1.key }) {
                writer.dynamicKey(LabelKey.sanitize(Self.keyword(key)))
                write(element, to: &writer, depth: depth + 1)
            }
            writer.endObject()
        }
    }

    /// An `application/x-www-form-urlencoded` body with the values of sensitive fields redacted.
    private func sanitizedForm(_ body: String) -> String {
        body.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = String(pair[..<equals])
            let decodedName = name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name
            return options.sanitizeFieldNames.matches(decodedName) ? name + "=[REDACTED]" : String(pair)
        }.joined(separator: "&")
    }

    /// A `Cookie` header (`a=1; b=2`) with the values of sensitive cookies redacted, as the Python agent
    /// does; the header as a whole is redacted when its own name matches `sanitize_field_names`.
    private func sanitizedCookieHeader(_ value: String) -> String {
        if options.sanitizeFieldNames.matches("cookie") { return "[REDACTED]" }
        return value.split(separator: ";", omittingEmptySubsequences: false).map { pair -> String in
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else { return String(trimmed) }
            let name = String(trimmed[..<equals])
            return options.sanitizeFieldNames.matches(name) ? name + "=[REDACTED]" : String(trimmed)
        }.joined(separator: "; ")
    }

    private func sanitized(name: String, value: String) -> String {
        options.sanitizeFieldNames.matches(name) ? "[REDACTED]" : value
    }

    /// `value` cut to the intake's keyword length (1 024 characters).
    static func keyword(_ value: String) -> String { limit(value, FieldLimits.keywordLength) }
    func longField(_ value: String) -> String { Self.limit(value, options.longFieldMaxLength) }
    private static func limit(_ value: String, _ maximum: Int) -> String { FieldLimits.truncate(value, maxScalars: maximum) }
}

/// Removes `user:password@` from URLs before they are recorded.
enum URLRedaction {
    static func redactUserInfo(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<authorityStart]) + "[REDACTED]:[REDACTED]@" + String(url[url.index(after: at)...])
    }
}
