/// Lets a handler answer its request later, from any thread.
///
/// A deferred handler (see `Server.init(configuration:deferredHandler:)`) returns nil and calls `respond` exactly
/// once; until then the connection waits, parsing nothing more (RFC 9112 §9.3.2 keeps answers in request order).
/// An answer for a connection that closed meanwhile is dropped.
public struct Responder: Sendable {
    let loop: EventLoop
    let fd: Int32
    let generation: UInt64
    let isHead: Bool
    let keepAlive: Bool
    let http10: Bool

    /// Sends `response` (after its delay, or breaking the connection the way its fault says).
    public func respond(_ response: Response) {
        let (loop, fd, generation, isHead, keepAlive, http10) = (loop, fd, generation, isHead, keepAlive, http10)
        loop.post { loop.complete(fd: fd, generation: generation, response, isHead: isHead, keepAlive: keepAlive, http10: http10) }
    }

    /// Runs `work` on the thread of the loop that read the request, after whatever that loop is doing now.
    public func onLoop(_ work: @escaping @Sendable () -> Void) {
        loop.post(work)
    }
}
