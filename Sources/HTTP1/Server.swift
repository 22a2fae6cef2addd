import Foundation
import Glibc
import Synchronization

/// Our own HTTP/1.1 server: one listening socket shared by one epoll loop per core.
///
/// The handler runs on the loop thread that read the request and must not block; a slow answer
/// is expressed with `Response.delayMilliseconds`, which costs a timer, not a thread. A handler that must wait for
/// something (another thread's work) is a deferred handler: it returns nil and answers through its `Responder`.
public final class Server: Sendable {
    private struct State {
        var loops: [EventLoop] = []
        var shared: ServerShared?
        var port = 0
        var stopped = false
    }

    private let configuration: ServerConfiguration
    private let handler: @Sendable (Request, Responder) -> Response?
    private let state = Mutex(State())
    private let finished = DispatchGroup()

    /// A server whose handler always answers at once.
    public init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.configuration = configuration
        self.handler = { request, _ in handler(request) }
    }

    /// A server whose handler answers at once (a response) or later (nil, then `Responder.respond` from any thread).
    public init(configuration: ServerConfiguration, deferredHandler: @escaping @Sendable (Request, Responder) -> Response?) {
        self.configuration = configuration
        self.handler = deferredHandler
    }

    /// Binds, listens and starts the loops; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        Socket.raiseFileLimit()
        signal(SIGPIPE, SIG_IGN)
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let shared = ServerShared(configuration: configuration, handler: handler, listener: fd)
        var loops: [EventLoop] = []
        for _ in 0..<max(1, configuration.loopCount) { loops.append(try EventLoop(shared: shared)) }
        for (i, loop) in loops.enumerated() {
            finished.enter()
            let thread = Thread { [finished] in
                loop.run()
                finished.leave()
            }
            thread.name = "http-loop-\(i)"
            thread.start()
        }
        state.withLock {
            $0.loops = loops
            $0.shared = shared
            $0.port = port
        }
        return port
    }

    /// The bound port (after `start()`).
    public var port: Int { state.withLock { $0.port } }

    /// Connections open right now.
    public var openConnections: Int { state.withLock { $0.shared?.openConnections.load(ordering: .relaxed) ?? 0 } }

    /// Stops accepting, lets requests in flight finish (up to `shutdownGraceSeconds`), closes everything, and returns.
    public func stop() {
        let (loops, shared) = state.withLock { s -> ([EventLoop], ServerShared?) in
            if s.stopped { return ([], nil) }
            s.stopped = true
            return (s.loops, s.shared)
        }
        guard let shared else { return }
        loops.forEach { $0.requestStop() }
        finished.wait()
        close(shared.listener)
    }
}
