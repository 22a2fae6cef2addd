/// Every limit and timeout of the HTTP/1.1 server; the defaults are in the README's limits table.
public struct HTTPLimits: Sendable {
    /// Longest request line, without its line end (RFC 9112 §3 recommends at least 8000 octets).
    public var maxRequestLineBytes = 8 * 1024
    /// Longest single header field line.
    public var maxFieldLineBytes = 8 * 1024
    /// Longest header block (all field lines together).
    public var maxHeaderBlockBytes = 32 * 1024
    /// Most header fields in one request.
    public var maxFieldCount = 100
    /// Largest request body, fixed-length or chunked.
    public var maxBodyBytes = 10 * 1024 * 1024
    /// Longest chunk extension on one chunk-size line.
    public var maxChunkExtensionBytes = 1024
    /// Most hex digits in a chunk size.
    public var maxChunkSizeDigits = 16
    /// Empty lines skipped before a request line (RFC 9112 §2.2).
    public var maxLeadingEmptyLines = 8
    /// Seconds a keep-alive connection may sit idle between requests before a silent close.
    public var idleTimeoutSeconds = 60.0
    /// Seconds a started request head or body may take to arrive before a 408.
    public var readTimeoutSeconds = 10.0
    /// Seconds a handler may take to produce an answer. Handlers run on the event loop and are not interrupted: one
    /// that overruns has its answer replaced by `503` (with `Retry-After`) and the connection closed, so a client never
    /// trusts an answer that came from a wedged handler.
    public var handlerBudgetSeconds = 30.0
    /// Connections open at once; one more is answered 503 and closed.
    public var maxConnections = 1024
    /// Seconds a closing connection is drained after `shutdown(SHUT_WR)` before `close()` (RFC 9112 §9.6).
    public var closeDrainSeconds = 1.0
    /// Bytes of responses queued on one connection before the server stops reading more pipelined requests.
    public var maxPendingWriteBytes = 1024 * 1024

    public init() {}

    /// Header fields room is made for when a request starts (a sizing hint, not a limit: more still fit).
    static let typicalFieldCount = 8
}
