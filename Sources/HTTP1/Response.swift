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
    /// The body's bytes (a deferred body is rendered on every read until ``settle()`` keeps it).
    public var body: [UInt8] {
        get { pending?() ?? bytes }
        set { bytes = newValue; pending = nil }
    }
    private var bytes: [UInt8]
    /// How to render a body left to be written out later: a handler that holds a lock builds its answer there and
    /// leaves the writing to the thread that sends it.
    private var pending: (@Sendable () -> [UInt8])?
    /// Milliseconds to wait before sending (without holding a thread).
    public var delayMilliseconds: Int
    /// When set, the connection is broken this way instead of (after any delay) sending the answer.
    public var fault: ConnectionFault?

    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], delayMilliseconds: Int = 0, fault: ConnectionFault? = nil) {
        self.status = status
        self.headers = headers
        self.bytes = body
        self.delayMilliseconds = delayMilliseconds
        self.fault = fault
    }

    /// A response whose body is rendered when first needed (``settle()``), not by the thread that made it.
    public init(status: Int, headers: HTTPHeaders = [:], deferredBody: @escaping @Sendable () -> [UInt8]) {
        self.init(status: status, headers: headers)
        pending = deferredBody
    }

    /// Renders a deferred body once and keeps the bytes (nothing to do for a body given as bytes).
    public mutating func settle() {
        guard let render = pending else { return }
        bytes = render()
        pending = nil
    }

    /// Whether the body is bytes already (not left to render).
    public var isSettled: Bool { pending == nil }

    /// A response with a text body and its content type.
    public init(status: Int, contentType: String, body: String, headers: HTTPHeaders = [:]) {
        var h = headers
        h.set("Content-Type", contentType)
        self.init(status: status, headers: h, body: Array(body.utf8))
    }
}
