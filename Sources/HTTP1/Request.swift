/// The protocol version of a request.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// One parsed HTTP request with its whole body.
public struct Request: Sendable {
    /// The method token as sent (case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The request-target exactly as sent.
    public var target: String
    /// The path part of the target, still percent-encoded (absolute-form is reduced to its path).
    public var path: String
    /// The query part of the target, without `?`, still encoded; empty when absent.
    public var query: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Whether the connection stays open after the answer (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// The peer's address, `ip:port`.
    public var remoteAddress: String
    /// Set when the server refuses the request after reading its head (413: the body is over `HTTPLimits.maxBodyBytes`):
    /// the status it answers, whatever the handler says. The body is empty; the handler only words the refusal
    /// (a vendor's own error body), and the connection closes after it.
    public var refusedStatus: Int?

    public init(method: String, target: String, path: String? = nil, query: String = "", version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = [:], body: [UInt8] = [], keepAlive: Bool = true, remoteAddress: String = "") {
        self.method = method
        self.target = target
        if let path {
            self.path = path
            self.query = query
        } else if let q = target.firstIndex(of: "?") {
            self.path = String(target[..<q])
            self.query = String(target[target.index(after: q)...])
        } else {
            self.path = target
            self.query = query
        }
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
        self.remoteAddress = remoteAddress
    }
}
