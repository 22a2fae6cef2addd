import Glibc

/// What the parser found in the bytes received so far.
enum ParseEvent {
    /// Not enough bytes for the next step.
    case needMore
    /// The head was accepted with `Expect: 100-continue` and the body has not started: send `100 Continue` (once).
    case sendContinue
    /// One whole request.
    case request(Request)
    /// A protocol error: answer this status with `Connection: close`, then close.
    case failure(status: Int)
    /// A request refused after its head was read (413): the head, with `refusedStatus` set, for the handler to word.
    case refused(Request)
}

/// An incremental HTTP/1.1 request parser over one connection's byte stream (RFC 9112).
///
/// Bytes are appended as they arrive; `next()` consumes whole lines and body bytes, examining each byte once,
/// so pipelined requests come out one after another and a slow client costs no re-scanning.
final class RequestParser {
    private enum State {
        case requestLine, headers, fixedBody(Int), chunkSize, chunkData(Int), chunkDataEnd, trailers, failed
    }

    private enum LineScan {
        case line(Range<Int>)
        case incomplete(length: Int)
        case bareCR
    }

    private let limits: HTTPLimits
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var state = State.requestLine

    private var leadingEmptyLines = 0
    private var method = ""
    private var target = ""
    private var path = ""
    private var query = ""
    private var version = HTTPVersion.http1_1
    private var headers = RequestParser.emptyHeaders()
    private var headBytes = 0
    private var body: [UInt8] = []
    private var expectsContinue = false
    private var continueSent = false
    private var keepAlive = true
    private let remoteAddress: String

    init(limits: HTTPLimits, remoteAddress: String) {
        self.limits = limits
        self.remoteAddress = remoteAddress
    }

    /// Fields of a request about to be read, with room for a typical request's (one allocation, not one per doubling).
    private static func emptyHeaders() -> HTTPHeaders {
        var h = HTTPHeaders()
        h.reserveCapacity(HTTPLimits.typicalFieldCount)
        return h
    }

    /// Whether any part of a next request has arrived (a timeout then answers 408 instead of closing silently).
    var hasPartialRequest: Bool {
        if case .requestLine = state { return buffer.count > start }
        return true
    }

    /// Whether the head of the current request is parsed and its body is still arriving.
    var isReadingBody: Bool {
        switch state {
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return true
        default: return false
        }
    }

    /// Adds received bytes.
    func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0 && (start == buffer.count || start >= 64 * 1024) {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes.bindMemory(to: UInt8.self))
    }

    /// Advances as far as the buffered bytes allow.
    func next() -> ParseEvent {
        while true {
            switch state {
            case .failed:
                return .needMore
            case .requestLine:
                switch scanLine(limit: limits.maxRequestLineBytes) {
                case .incomplete(let length):
                    if length > limits.maxRequestLineBytes + 1 { return fail(requestLineTooLong(upTo: buffer.count)) }
                    return .needMore
                case .bareCR:
                    return fail(400)
                case .line(let r):
                    if r.isEmpty {
                        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
                        leadingEmptyLines += 1
                        if leadingEmptyLines > limits.maxLeadingEmptyLines { return fail(400) }
                        continue
                    }
                    if r.count > limits.maxRequestLineBytes { return fail(requestLineTooLong(range: r)) }
                    if let status = parseRequestLine(r) { return fail(status) }
                    state = .headers
                }
            case .headers:
                switch scanLine(limit: limits.maxFieldLineBytes) {
                case .incomplete(let length):
                    if length > limits.maxFieldLineBytes + 1 || headBytes + length > limits.maxHeaderBlockBytes + 1 {
                        return fail(431)
                    }
                    return .needMore
                case .bareCR:
                    return fail(400)
                case .line(let r):
                    if r.isEmpty {
                        if let event = finishHead() { return event }
                        continue
                    }
                    if r.count > limits.maxFieldLineBytes { return fail(431) }
                    headBytes += r.count
                    if headBytes > limits.maxHeaderBlockBytes { return fail(431) }
                    // RFC 9112 §2.2 (whitespace before the first field) and §5.2 (obs-fold): both rejected.
                    if buffer[r.lowerBound] == 0x20 || buffer[r.lowerBound] == 0x09 { return fail(400) }
                    guard let field = parseField(r) else { return fail(400) }
                    headers.add(field.0, field.1)
                    if headers.count > limits.maxFieldCount { return fail(431) }
                }
            case .fixedBody(let length):
                let available = buffer.count - start
                if available >= length {
                    body = Array(buffer[start..<(start + length)])
                    start += length
                    return complete()
                }
                if available == 0, expectsContinue, !continueSent {
                    continueSent = true
                    return .sendContinue
                }
                return .needMore
            case .chunkSize:
                if buffer.count == start, expectsContinue, !continueSent {
                    continueSent = true
                    return .sendContinue
                }
                let limit = limits.maxChunkSizeDigits + limits.maxChunkExtensionBytes + 8
                switch scanLine(limit: limit) {
                case .incomplete(let length):
                    return length > limit + 1 ? fail(400) : .needMore
                case .bareCR:
                    return fail(400)
                case .line(let r):
                    switch parseChunkSize(r) {
                    case .failure(let status): return status == 413 ? refuse(413) : fail(status)
                    case .success(0): state = .trailers; headBytes = 0
                    case .success(let size): state = .chunkData(size)
                    }
                }
            case .chunkData(let remaining):
                let available = buffer.count - start
                if available == 0 { return .needMore }
                let take = min(available, remaining)
                body.append(contentsOf: buffer[start..<(start + take)])
                start += take
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining - take)
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk data is followed by CRLF (a bare LF is accepted, as for every line end).
                let available = buffer.count - start
                if available == 0 { return .needMore }
                if buffer[start] == 0x0A {
                    start += 1
                } else if buffer[start] == 0x0D {
                    if available < 2 { return .needMore }
                    guard buffer[start + 1] == 0x0A else { return fail(400) }
                    start += 2
                } else {
                    return fail(400)
                }
                state = .chunkSize
            case .trailers:
                // RFC 9112 §7.1.2: trailers are parsed under the header limits, then dropped.
                switch scanLine(limit: limits.maxFieldLineBytes) {
                case .incomplete(let length):
                    if length > limits.maxFieldLineBytes + 1 || headBytes + length > limits.maxHeaderBlockBytes + 1 { return fail(431) }
                    return .needMore
                case .bareCR:
                    return fail(400)
                case .line(let r):
                    if r.isEmpty { return complete() }
                    headBytes += r.count
                    if r.count > limits.maxFieldLineBytes || headBytes > limits.maxHeaderBlockBytes { return fail(431) }
                    if buffer[r.lowerBound] == 0x20 || buffer[r.lowerBound] == 0x09 || parseField(r) == nil { return fail(400) }
                }
            }
        }
    }

    private func fail(_ status: Int) -> ParseEvent {
        state = .failed
        return .failure(status: status)
    }

    /// Like `fail`, for a request whose head is whole: the handler gets the head to word the refusal.
    private func refuse(_ status: Int) -> ParseEvent {
        state = .failed
        var head = Request(method: method, target: target, path: path, query: query, version: version,
                           headers: headers, body: [], keepAlive: false, remoteAddress: remoteAddress)
        head.refusedStatus = status
        return .refused(head)
    }

    /// Finds the next line end (LF, optionally preceded by CR) without re-scanning bytes already seen.
    private func scanLine(limit: Int) -> LineScan {
        let available = buffer.count - start
        if scanned >= available { return .incomplete(length: available) }
        let found: Int? = buffer.withUnsafeBufferPointer { p in
            let from = UnsafeRawPointer(p.baseAddress! + start + scanned)
            guard let hit = memchr(from, 0x0A, available - scanned) else { return nil }
            return start + scanned + from.distance(to: UnsafeRawPointer(hit))
        }
        guard let lf = found else {
            scanned = available
            return .incomplete(length: available)
        }
        var end = lf
        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
        let lineStart = start
        start = lf + 1
        scanned = 0
        // RFC 9112 §2.2: a CR not followed by LF is invalid.
        let hasCR = buffer.withUnsafeBufferPointer { p in
            end > lineStart && memchr(p.baseAddress! + lineStart, 0x0D, end - lineStart) != nil
        }
        return hasCR ? .bareCR : .line(lineStart..<end)
    }

    /// RFC 9112 §3: a request line over the limit is 414 when its target is what is long, else 400.
    private func requestLineTooLong(range r: Range<Int>) -> Int {
        guard let sp1 = buffer[r].firstIndex(of: 0x20) else { return 400 }
        let targetEnd = buffer[(sp1 + 1)..<r.upperBound].firstIndex(of: 0x20) ?? r.upperBound
        return targetEnd - sp1 - 1 > limits.maxRequestLineBytes / 2 ? 414 : 400
    }

    private func requestLineTooLong(upTo end: Int) -> Int { requestLineTooLong(range: start..<end) }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3); returns an error status or nil.
    private func parseRequestLine(_ r: Range<Int>) -> Int? {
        let parts = buffer.withUnsafeBufferPointer { all -> (method: String, target: String, version: HTTPGrammar.VersionCheck)? in
            let line = UnsafeBufferPointer(rebasing: all[r])
            guard let sp1 = line.firstIndex(of: 0x20) else { return nil }
            guard let sp2 = line[(sp1 + 1)...].firstIndex(of: 0x20) else { return nil }
            if line[(sp2 + 1)...].contains(0x20) { return nil }
            let methodBytes = UnsafeBufferPointer(rebasing: line[..<sp1])
            let targetBytes = UnsafeBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
            guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPGrammar.isTokenChar) else { return nil }
            let version = HTTPGrammar.parseVersion(line[(sp2 + 1)...])
            if case .invalid = version { return nil }
            // The version decides 505 before the target is looked at.
            if case .unsupported = version { return ("", "", version) }
            guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else { return nil }
            return (String(decoding: methodBytes, as: UTF8.self), String(decoding: targetBytes, as: UTF8.self), version)
        }
        guard let parts else { return 400 }
        switch parts.version {
        case .invalid: return 400
        case .unsupported: return 505
        case .ok(let v): version = v
        }
        method = parts.method
        target = parts.target
        guard let (p, q) = HTTPGrammar.splitTarget(target, method: method) else { return 400 }
        path = p
        query = q
        guard HTTPGrammar.supportedMethods.contains(method) else { return 501 }
        return nil
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5.1, RFC 9110 §5.5).
    private func parseField(_ r: Range<Int>) -> (String, String)? {
        // On the buffer's bytes in place: indexing the array property byte by byte checks exclusive access each time.
        buffer.withUnsafeBufferPointer { all -> (String, String)? in
            let line = UnsafeBufferPointer(rebasing: all[r])
            guard let colon = line.firstIndex(of: 0x3A), colon > 0 else { return nil }
            let name = UnsafeBufferPointer(rebasing: line[..<colon])
            for b in name where !HTTPGrammar.isTokenChar(b) { return nil }
            var vs = colon + 1, ve = line.count
            while vs < ve, line[vs] == 0x20 || line[vs] == 0x09 { vs += 1 }
            while ve > vs, line[ve - 1] == 0x20 || line[ve - 1] == 0x09 { ve -= 1 }
            let value = UnsafeBufferPointer(rebasing: line[vs..<ve])
            var ascii = true
            for b in value {
                if (b < 0x20 && b != 0x09) || b == 0x7F { return nil }
                if b >= 0x80 { ascii = false }
            }
            return (String(decoding: name, as: UTF8.self),
                    ascii ? String(decoding: value, as: UTF8.self) : HTTPGrammar.decodeFieldValue(value))
        }
    }

    /// Decides the body framing once the head is complete (RFC 9112 §6). Returns an event to report, or nil to go on parsing.
    private func finishHead() -> ParseEvent? {
        // One pass over the fields framing depends on (a lookup by name per field would be a pass and an array each).
        var hostCount = 0, badHost = false, hasConnection = false, hasTransferEncoding = false
        var cl: [String] = []
        for f in headers.fields {
            switch f.name.utf8.count {
            case 4 where HTTPHeaders.sameName(f.name, "Host"):
                hostCount += 1
                if !HTTPGrammar.isValidHost(f.value) { badHost = true }
            case 10 where HTTPHeaders.sameName(f.name, "Connection"): hasConnection = true
            case 14 where HTTPHeaders.sameName(f.name, "Content-Length"): cl.append(f.value)
            case 17 where HTTPHeaders.sameName(f.name, "Transfer-Encoding"): hasTransferEncoding = true
            default: break
            }
        }
        if version.minor >= 1 && hostCount != 1 { return fail(400) }
        if hostCount > 1 || badHost { return fail(400) }
        let connection = hasConnection ? headers.tokens("Connection") : []
        keepAlive = version.minor >= 1 ? !connection.contains("close") : (connection.contains("keep-alive") && !connection.contains("close"))

        var expectsBody = false
        if hasTransferEncoding {
            if version.minor == 0 || !cl.isEmpty { return fail(400) }
            let codings = headers.tokens("Transfer-Encoding")
            guard codings.last == "chunked", codings.filter({ $0 == "chunked" }).count == 1 else { return fail(400) }
            if codings.count > 1 { return fail(501) }
            state = .chunkSize
            expectsBody = true
        } else if !cl.isEmpty {
            guard cl.count == 1, let length = HTTPGrammar.parseContentLength(cl[0]) else { return fail(400) }
            if length > limits.maxBodyBytes { return refuse(413) }
            state = .fixedBody(length)
            expectsBody = length > 0
        } else {
            state = .fixedBody(0)
        }

        // RFC 9110 §10.1.1: only 100-continue is defined; a server MUST ignore it in HTTP/1.0 requests.
        if version.minor >= 1, let expect = headers["Expect"] {
            guard expect.lowercased() == "100-continue" else { return fail(417) }
            expectsContinue = expectsBody
        }
        return nil
    }

    private enum ChunkSize { case success(Int), failure(Int) }

    /// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1): 1*HEXDIG, no sign or space, overflow-checked.
    private func parseChunkSize(_ r: Range<Int>) -> ChunkSize {
        var i = r.lowerBound
        var size: UInt64 = 0
        while i < r.upperBound, let digit = HTTPGrammar.hexValue(buffer[i]) {
            if i - r.lowerBound >= limits.maxChunkSizeDigits { return .failure(400) }
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            if overflow { return .failure(400) }
            size = shifted + UInt64(digit)
            i += 1
        }
        if i == r.lowerBound { return .failure(400) }
        var j = i
        while j < r.upperBound, buffer[j] == 0x20 || buffer[j] == 0x09 { j += 1 }
        if j < r.upperBound {
            guard buffer[j] == 0x3B else { return .failure(400) }
            if r.upperBound - j - 1 > limits.maxChunkExtensionBytes { return .failure(400) }
        } else if j != i {
            return .failure(400)
        }
        if size > UInt64(limits.maxBodyBytes - body.count) { return .failure(413) }
        return .success(Int(size))
    }

    private func complete() -> ParseEvent {
        let request = Request(method: method, target: target, path: path, query: query, version: version,
                              headers: headers, body: body, keepAlive: keepAlive, remoteAddress: remoteAddress)
        state = .requestLine
        leadingEmptyLines = 0
        headers = Self.emptyHeaders()
        headBytes = 0
        body = []
        expectsContinue = false
        continueSent = false
        return .request(request)
    }
}
