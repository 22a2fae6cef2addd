import Foundation
import Glibc
import UnderstudyCore

/// `understudy coverage --url URL [--tenant T] [--api A] [--admin-token T]`: prints a running Understudy's coverage
/// report (`GET /__admin/coverage?format=text`), so a test suite's teardown can show it in one line.
public enum CoverageCommand {
    public static let usage = """
    usage: understudy coverage --url URL [--tenant ID] [--api NAME] [--admin-token T]
    Prints which operations and documented errors of each API the requests so far exercised.

      --url URL           where Understudy listens, e.g. http://127.0.0.1:7780
      --tenant ID         only that tenant's requests
      --api NAME          only that API (fleetio, jifeline, stackone, bossdesk)
      --admin-token T     the admin token, when Understudy requires one (env UNDERSTUDY_ADMIN_TOKEN)
    """

    /// Seconds to wait for the connection and the answer.
    static let timeoutSeconds = 10

    /// Exit 0 with the report given to `output` (standard output by default); 1 when it cannot be fetched; 2 for bad flags.
    public static func main(arguments: [String], environment: [String: String],
                            output: ([UInt8]) -> Void = { FileHandle.standardOutput.write(Data($0)) }) -> Int32 {
        var url: String?, tenant: String?, api: String?
        var token = environment["UNDERSTUDY_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var i = 0
        while i < arguments.count {
            let flag = arguments[i]
            if flag == "--help" || flag == "-h" { output(Array((usage + "\n").utf8)); return Launcher.exitOK }
            guard i + 1 < arguments.count, ["--url", "--tenant", "--api", "--admin-token"].contains(flag) else {
                Launcher.printError("understudy coverage: \(flag.hasPrefix("--") ? "\(flag) needs a value or is unknown" : "unexpected \(flag)")\n\(usage)")
                return Launcher.exitUsage
            }
            let value = arguments[i + 1]
            switch flag {
            case "--url": url = value
            case "--tenant": tenant = value
            case "--api": api = value
            default: token = value
            }
            i += 2
        }
        guard let url, let (host, port) = hostAndPort(url) else {
            Launcher.printError("understudy coverage: --url needs an address such as http://127.0.0.1:7780")
            return Launcher.exitUsage
        }
        var target = "/__admin/coverage?format=text"
        if let tenant { target += "&tenant=" + QueryString.encode(tenant) }
        if let api { target += "&api=" + QueryString.encode(api) }
        var request = "GET \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        if let token { request += "X-Understudy-Admin-Token: \(token)\r\n" }
        request += "\r\n"
        guard let answer = exchange(host: host, port: port, request: Array(request.utf8)) else {
            Launcher.printError("understudy coverage: cannot reach \(url)")
            return 1
        }
        guard answer.status == 200 else {
            Launcher.printError("understudy coverage: \(url) answered \(answer.status): \(String(decoding: answer.body, as: UTF8.self))")
            return 1
        }
        output(answer.body)
        return Launcher.exitOK
    }

    /// `http://host:port[/…]` → host and port (80 when none is given).
    static func hostAndPort(_ url: String) -> (String, Int)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count).prefix { $0 != "/" }
        guard !rest.isEmpty else { return nil }
        if let colon = rest.lastIndex(of: ":") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port) else { return nil }
            return (String(rest[..<colon]), port)
        }
        return (String(rest), 80)
    }

    /// Sends one request on a new connection and reads the answer to the end (the request asks the server to close).
    static func exchange(host: String, port: Int, request: [UInt8]) -> (status: Int, body: [UInt8])? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else { return nil }
        defer { freeaddrinfo(found) }
        var fd: Int32 = -1
        var a: UnsafeMutablePointer<addrinfo>? = first
        while let info = a {
            fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { break }
                close(fd)
                fd = -1
            }
            a = info.pointee.ai_next
        }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return nil }
            sent += n
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { return nil }
            bytes += buffer[0..<n]
        }
        return parse(bytes)
    }

    /// The status and body of a whole HTTP/1.1 answer (its body as long as `Content-Length` says, else to the end).
    static func parse(_ bytes: [UInt8]) -> (status: Int, body: [UInt8])? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...max(0, bytes.count - 4)).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n")
        guard let line = head.first, line.hasPrefix("HTTP/1."), let status = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var body = Array(bytes[(end + 4)...])
        for h in head.dropFirst() where h.lowercased().hasPrefix("content-length:") {
            if let n = Int(h.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)), n <= body.count { body = Array(body[..<n]) }
        }
        return (status, body)
    }
}
