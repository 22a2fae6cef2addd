/// A way to break the connection instead of answering properly (scripted failures).
public enum ConnectionFault: String, Sendable, CaseIterable {
    /// Close with a TCP RST.
    case connectionReset = "connection_reset"
    /// Close without sending a byte.
    case emptyResponse = "empty_response"
    /// Send bytes that are not HTTP, then close.
    case malformedResponse = "malformed_response"
    /// Send headers promising more body than is sent, then close.
    case truncatedBody = "truncated_body"
    /// Never answer; the connection stays open until the client gives up.
    case hang
}

/// An answer to one request.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Milliseconds to wait before sending (without holding a thread).
    public var delayMilliseconds: Int
    /// When set, the connection is broken this way instead of (after any delay) sending the answer.
    public var fault: ConnectionFault?

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], delayMilliseconds: Int = 0, fault: ConnectionFault? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMilliseconds = delayMilliseconds
        self.fault = fault
    }

    /// A response with a text body and its content type.
    public init(status: Int, contentType: String, body: String, headers: HTTPHeaders = [:]) {
        var h = headers
        h.set("Content-Type", contentType)
        self.init(status: status, headers: h, body: Array(body.utf8))
    }
}
