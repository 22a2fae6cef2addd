import Foundation
import Glibc

/// A parsed HTTP response as a test sees it on the wire.
public struct WireResponse: Sendable {
    /// e.g. `HTTP/1.1 200 OK`
    public let statusLine: String
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every header name, lower-cased, in order.
    public var headerNames: [String] { headers.map { $0.name.lowercased() } }

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (Foundation's parser, independent of the simulator's own).
    public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}

/// A blocking TCP client that sends exact bytes and reads exact answers, for wire-level tests.
public final class RawClient {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// Seconds a read waits before giving up.
    public var timeout: Double

    public init(port: Int, timeout: Double = 5) throws {
        self.timeout = timeout
        // CLOEXEC: a child process spawned by another test must not inherit (and so hold open) this connection.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw ClientError.connectFailed(errno)
        }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    public enum ClientError: Error { case connectFailed(Int32), timedOut, closed, malformed(String) }

    /// Sends bytes exactly as given.
    public func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Sends a string's UTF-8 bytes exactly as given (write `\r\n` yourself).
    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Closes the sending side (the server sees EOF).
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes; false at EOF, on a reset, or after `timeout`.
    @discardableResult
    private func fill(deadline: Double) -> Bool {
        let remaining = deadline - Self.now()
        if remaining <= 0 { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &chunk, chunk.count, 0)
        if n <= 0 { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Reads one whole response (Content-Length framed, or up to EOF when there is none). `head` skips the body of a HEAD answer.
    public func readResponse(head: Bool = false) throws -> WireResponse {
        let deadline = Self.now() + timeout
        var headEnd: Int?
        while headEnd == nil {
            if let r = findHeadEnd() { headEnd = r; break }
            if !fill(deadline: deadline) { throw buffer.isEmpty ? ClientError.closed : ClientError.malformed(String(decoding: buffer, as: UTF8.self)) }
        }
        let headText = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        let headers = lines.filter { !$0.isEmpty }.map { line -> (name: String, value: String) in
            let c = line.firstIndex(of: ":")!
            return (String(line[..<c]), line[line.index(after: c)...].trimmingCharacters(in: .whitespaces))
        }
        buffer.removeFirst(headEnd! + 4)
        var body: [UInt8] = []
        let noBody = head || (100..<200).contains(status) || status == 204 || status == 304
        if !noBody, let cl = headers.first(where: { $0.name.lowercased() == "content-length" }).flatMap({ Int($0.value) }) {
            while buffer.count < cl { if !fill(deadline: deadline) { throw ClientError.timedOut } }
            body = Array(buffer[0..<cl])
            buffer.removeFirst(cl)
        } else if !noBody {
            while fill(deadline: deadline) {}
            body = buffer
            buffer = []
        }
        return WireResponse(statusLine: statusLine, status: status, headers: headers, body: body)
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Reads until the server closes (true) or `seconds` pass (false); the bytes read are kept for `readResponse`.
    public func waitForClose(seconds: Double? = nil) -> Bool {
        let deadline = Self.now() + (seconds ?? timeout)
        while true {
            let remaining = deadline - Self.now()
            if remaining <= 0 { return false }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(remaining * 1000) + 1) > 0 else { return false }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return true }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// What was received but not yet consumed by `readResponse`.
    public var unread: [UInt8] { buffer }

    /// Everything until EOF (or the timeout), as text.
    public func readAll() -> String {
        _ = waitForClose()
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Whether the server reset the connection (a read fails with ECONNRESET).
    public func wasReset() -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 1024)
        let n = recv(fd, &chunk, chunk.count, 0)
        return n < 0 && errno == ECONNRESET
    }
}

/// One request over a new connection, for tests that just want an answer.
public func roundTrip(port: Int, _ text: String) throws -> WireResponse {
    let c = try RawClient(port: port)
    c.send(text)
    return try c.readResponse()
}
