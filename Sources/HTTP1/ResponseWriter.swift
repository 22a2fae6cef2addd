/// Serialises responses into bytes (RFC 9112 §4, §6; RFC 9110 §6.6.1).
enum ResponseWriter {
    /// The head and body of a response. The server sets `Content-Length`, `Date` and `Connection` itself.
    /// A header name that is not a token, or a value with CR, LF or NUL, turns the answer into an empty 500.
    static func serialize(_ response: Response, isHead: Bool, keepAlive: Bool, http10: Bool, date: String, lieAboutLength: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        serialize(response, into: &out, isHead: isHead, keepAlive: keepAlive, http10: http10, date: date, lieAboutLength: lieAboutLength)
        return out
    }

    /// `serialize`, appended to `out` (a connection's outgoing bytes) without a buffer of its own.
    static func serialize(_ response: Response, into out: inout [UInt8], isHead: Bool, keepAlive: Bool, http10: Bool, date: String,
                          lieAboutLength: Bool = false) {
        guard headersAreSafe(response.headers) else {
            return serialize(Response(status: 500), into: &out, isHead: isHead, keepAlive: false, http10: http10, date: date)
        }
        let body = response.body
        out.reserveCapacity(out.count + 160 + body.count + response.headers.count * 40)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status, to: &out)
        out.append(0x20)
        out.append(contentsOf: HTTPStatus.reason(response.status).utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date.utf8)
        let noBody = HTTPStatus.forbidsBody(response.status)
        if !noBody {
            out.append(contentsOf: "\r\nContent-Length: ".utf8)
            appendDecimal(lieAboutLength ? body.count + max(64, body.count) : body.count, to: &out)
        }
        if !keepAlive {
            out.append(contentsOf: "\r\nConnection: close".utf8)
        } else if http10 {
            out.append(contentsOf: "\r\nConnection: keep-alive".utf8)
        }
        for (name, value) in response.headers {
            if HTTPHeaders.sameName(name, "Content-Length") || HTTPHeaders.sameName(name, "Transfer-Encoding")
                || HTTPHeaders.sameName(name, "Connection") || HTTPHeaders.sameName(name, "Date") { continue }
            out.append(contentsOf: "\r\n".utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
        }
        out.append(contentsOf: "\r\n\r\n".utf8)
        if !noBody && !isHead { out.append(contentsOf: body) }
    }

    /// An integer's decimal digits (status codes, lengths), without making a String.
    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude, digits = 1
        while m >= 10 { m /= 10; digits += 1 }
        let at = out.count
        out.append(contentsOf: repeatElement(0x30, count: digits))
        m = n.magnitude
        for k in stride(from: at + digits - 1, through: at, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: m % 10) + 0x30
            m /= 10
        }
    }

    /// The answer to a framing error: status, `Content-Length: 0`, `Connection: close` (checklist item 30).
    static func protocolError(_ status: Int, date: String) -> [UInt8] {
        Array("HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\nDate: \(date)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
    }

    /// The answer that replaces one whose handler overran `handlerBudgetSeconds`.
    static func overBudget(date: String) -> [UInt8] {
        let body = "the request took longer than the server's handler budget\n"
        return Array("HTTP/1.1 503 Service Unavailable\r\nDate: \(date)\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
    }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Bytes that are not an HTTP response, for the `malformed_response` fault.
    static let garbage = Array("HTTP/1.1 ???\r\n\u{1}\u{2}understudy: malformed response\r\n\u{0}\u{7f}".utf8)

    /// RFC 9110 §5.5 and NIO's HTTPHeaderValidator: outbound names are tokens; values carry no CR, LF or NUL.
    static func headersAreSafe(_ headers: HTTPHeaders) -> Bool {
        for (name, value) in headers {
            if name.isEmpty || !bytes(of: name, allSatisfy: HTTPGrammar.isTokenChar) { return false }
            if !bytes(of: value, allSatisfy: { $0 != 0x0D && $0 != 0x0A && $0 != 0x00 }) { return false }
        }
        return true
    }

    /// Whether every UTF-8 byte of a string passes, read in place when the string lends its bytes (every answer
    /// checks its headers; walking a String's UTF-8 view byte by byte costs several times more).
    @inline(__always)
    private static func bytes(of s: String, allSatisfy test: (UInt8) -> Bool) -> Bool {
        if let result = s.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(test) }) { return result }
        return s.utf8.allSatisfy(test)
    }
}
