import CLinux
import Glibc
import Synchronization

/// What every event loop of one server shares.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    /// Answers a request now, or returns nil and answers later through the `Responder`.
    let handler: @Sendable (Request, Responder) -> Response?
    let listener: Int32
    /// Connections open across all loops (for the connection cap).
    let openConnections = Atomic<Int>(0)

    init(configuration: ServerConfiguration, handler: @escaping @Sendable (Request, Responder) -> Response?, listener: Int32) {
        self.configuration = configuration
        self.handler = handler
        self.listener = listener
    }
}

/// One epoll thread: accepts, reads, parses, calls the handler, writes and times out its own connections.
///
/// `@unchecked Sendable`: all state but `stopFlag` (an atomic), `wakeFD` (an eventfd) and `mailbox` (its own mutex)
/// is touched only by the loop's thread.
final class EventLoop: @unchecked Sendable {
    private let shared: ServerShared
    private let limits: HTTPLimits
    private let epfd: Int32
    let wakeFD: Int32
    private let stopFlag = Atomic<Bool>(false)
    /// Work other threads hand to this loop (deferred answers); run on the loop's thread when `wakeFD` fires.
    private let mailbox = Mutex<[@Sendable () -> Void]>([])
    /// The posted work being run, taken out of `mailbox` (loop thread only).
    private var draining: [@Sendable () -> Void] = []
    /// `pthread_self()` of the thread running the loop (0 before `run`).
    private let thread = Atomic<UInt>(0)

    private var connections: [Connection?] = []
    private var timers = TimerHeap()
    private var nextGeneration: UInt64 = 0
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var lastSweep = MonotonicTime.now()
    private let sweepInterval: Double
    private var dateSecond = -1
    private var date = ""
    private var stopping = false
    private var stopDeadline = 0.0

    /// Bytes read from a socket per `recv`.
    static let readChunkBytes = 64 * 1024
    /// Connections accepted per wake-up, so the loops share a burst of new connections.
    static let acceptsPerWake = 8
    /// Events taken from epoll per wait.
    static let eventsPerWait: Int32 = 256

    init(shared: ServerShared) throws {
        self.shared = shared
        self.limits = shared.configuration.limits
        self.sweepInterval = max(0.02, min(1.0, min(limits.readTimeoutSeconds, limits.idleTimeoutSeconds, limits.closeDrainSeconds) / 4))
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw SocketError(call: "epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError(call: "eventfd", errno: errno) }
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readChunkBytes, alignment: 16)
        register(wakeFD, events: EPOLLIN.rawValue)
        register(shared.listener, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    deinit {
        readBuffer.deallocate()
        close(epfd)
        close(wakeFD)
    }

    /// Asks the loop (from any thread) to stop accepting, finish what is in flight, and return from `run()`.
    func requestStop() {
        stopFlag.store(true, ordering: .releasing)
        wake()
    }

    /// Runs `work` on this loop's thread soon (from any thread). One wake-up serves every post made before the
    /// loop empties the mailbox.
    /// Posted from the loop's own thread, the work waits for the end of the current round of events (no wake-up).
    func post(_ work: @escaping @Sendable () -> Void) {
        let wasEmpty = mailbox.withLock { m in
            m.append(work)
            return m.count == 1
        }
        if wasEmpty && !isLoopThread { wake() }
    }

    /// True on the loop's own thread.
    var isLoopThread: Bool { thread.load(ordering: .relaxed) == pthread_self() }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    /// Runs posted work until none is left (work may post more).
    ///
    /// The mailbox's list and `draining` trade places, so both keep their room: copying the list out and emptying
    /// it in place (keeping its capacity) made a new buffer on every pass, large enough to send glibc into
    /// consolidating its fast bins each time.
    private func runMailbox() {
        while true {
            mailbox.withLock { m in swap(&m, &draining) }
            if draining.isEmpty { return }
            for w in draining { w() }
            draining.removeAll(keepingCapacity: true)
        }
    }

    // MARK: - The loop

    /// Runs until stopped.
    func run() {
        thread.store(pthread_self(), ordering: .relaxed)
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(Self.eventsPerWait))
        defer { events.deallocate() }
        while true {
            let n = epoll_wait(epfd, events, Self.eventsPerWait, waitMilliseconds())
            if n < 0 && errno != EINTR { break }
            for i in 0..<Int(max(0, n)) {
                let ev = events[i]
                let fd = ev.data.fd
                if fd == shared.listener {
                    if !stopping { acceptConnections() }
                } else if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    if stopFlag.load(ordering: .acquiring) && !stopping { beginStop() }
                } else if let conn = connection(fd) {
                    if ev.events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 { onReadable(conn) }
                    if ev.events & EPOLLOUT.rawValue != 0, isOpen(conn) { onWritable(conn) }
                }
            }
            let now = MonotonicTime.now()
            fireTimers(now: now)
            if now - lastSweep >= sweepInterval {
                lastSweep = now
                sweep(now: now)
            }
            // Last, so work this thread posted to itself during the round (deferred answers) is not left waiting.
            runMailbox()
            if stopping && (openCount == 0 || now >= stopDeadline) { break }
        }
        for case let conn? in connections { closeNow(conn) }
    }

    private var openCount = 0

    private func waitMilliseconds() -> Int32 {
        var wait = sweepInterval
        if let next = timers.nextDeadline { wait = min(wait, max(0, next - MonotonicTime.now())) }
        if stopping { wait = min(wait, 0.05) }
        return Int32((wait * 1000).rounded(.up))
    }

    private func currentDate() -> String {
        let second = Int(shared.configuration.now())
        if second != dateSecond {
            dateSecond = second
            date = HTTPDate.format(epochSeconds: second)
        }
        return date
    }

    // MARK: - Connections

    private func connection(_ fd: Int32) -> Connection? {
        Int(fd) < connections.count ? connections[Int(fd)] : nil
    }

    private func isOpen(_ conn: Connection) -> Bool { connection(conn.fd) === conn }

    private func register(_ fd: Int32, events: UInt32) {
        var ev = epoll_event()
        ev.events = events
        ev.data.fd = fd
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)
    }

    private func setInterest(_ conn: Connection, _ events: UInt32) {
        guard conn.interest != events else { return }
        conn.interest = events
        var ev = epoll_event()
        ev.events = events
        ev.data.fd = conn.fd
        epoll_ctl(epfd, EPOLL_CTL_MOD, conn.fd, &ev)
    }

    private func acceptConnections() {
        for _ in 0..<Self.acceptsPerWake {
            guard let (fd, address) = Socket.accept(shared.listener) else { return }
            let open = shared.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > limits.maxConnections {
                // Over the cap: a short 503 and close, so the client knows to come back (checklist item 33).
                let bytes = ResponseWriter.protocolError(503, date: currentDate())
                bytes.withUnsafeBytes { _ = Socket.send(fd, $0) }
                close(fd)
                shared.openConnections.wrappingSubtract(1, ordering: .relaxed)
                continue
            }
            nextGeneration &+= 1
            let conn = Connection(fd: fd, generation: nextGeneration,
                                  parser: RequestParser(limits: limits, remoteAddress: address), now: MonotonicTime.now())
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) - connections.count + 64))
            }
            connections[Int(fd)] = conn
            openCount += 1
            conn.interest = EPOLLIN.rawValue
            register(fd, events: EPOLLIN.rawValue)
        }
    }

    private func closeNow(_ conn: Connection) {
        guard isOpen(conn) else { return }
        connections[Int(conn.fd)] = nil
        openCount -= 1
        close(conn.fd)
        shared.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    private func resetNow(_ conn: Connection) {
        guard isOpen(conn) else { return }
        connections[Int(conn.fd)] = nil
        openCount -= 1
        Socket.reset(conn.fd)
        shared.openConnections.wrappingSubtract(1, ordering: .relaxed)
    }

    /// RFC 9112 §9.6: half-close, drain what the client still sends, then close, so no RST wipes out the answer.
    private func beginGracefulClose(_ conn: Connection) {
        if conn.peerClosed {
            closeNow(conn)
            return
        }
        shutdown(conn.fd, Int32(SHUT_WR))
        conn.draining = true
        conn.drainDeadline = MonotonicTime.now() + limits.closeDrainSeconds
        setInterest(conn, EPOLLIN.rawValue)
    }

    // MARK: - Reading and parsing

    private func onReadable(_ conn: Connection) {
        let now = MonotonicTime.now()
        for _ in 0..<16 {
            let n = Socket.receive(conn.fd, into: readBuffer)
            if n > 0 {
                if conn.draining { continue }
                if conn.requestStartedAt == nil && !conn.parser.hasPartialRequest { conn.requestStartedAt = now }
                conn.lastActivity = now
                conn.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
                if n < readBuffer.count { break }
            } else if n == 0 {
                conn.peerClosed = true
                break
            } else if n == -1 {
                break
            } else {
                closeNow(conn)
                return
            }
        }
        if conn.draining {
            if conn.peerClosed { closeNow(conn) }
            return
        }
        process(conn)
        guard isOpen(conn) else { return }
        if conn.peerClosed {
            // Nothing more will arrive: answer what is complete, then close (a partial request gets nothing).
            if conn.waiting { setInterest(conn, conn.unsentBytes > 0 ? EPOLLOUT.rawValue : 0); return }
            if conn.unsentBytes == 0 { closeNow(conn) } else { conn.closeAfterWrite = true; setInterest(conn, EPOLLOUT.rawValue) }
        }
    }

    /// Parses and answers complete requests in order while nothing holds the connection (RFC 9112 §9.3.2).
    private func process(_ conn: Connection) {
        while isOpen(conn) && !conn.waiting && !conn.closeAfterWrite && conn.unsentBytes < limits.maxPendingWriteBytes {
            switch conn.parser.next() {
            case .needMore:
                flush(conn)
                return
            case .sendContinue:
                conn.out.append(contentsOf: ResponseWriter.continueLine)
            case .failure(let status):
                conn.out.append(contentsOf: ResponseWriter.protocolError(status, date: currentDate()))
                conn.closeAfterWrite = true
            case .refused(let head):
                // The handler words the refusal (a vendor's error body); the status and the close are the server's.
                let status = head.refusedStatus ?? 400
                let responder = Responder(loop: self, fd: conn.fd, generation: conn.generation,
                                          isHead: head.method == "HEAD", keepAlive: false, http10: head.version.minor == 0)
                if var worded = shared.handler(head, responder) {
                    worded.status = status
                    worded.delayMilliseconds = 0
                    worded.fault = nil
                    ResponseWriter.serialize(worded, into: &conn.out, isHead: head.method == "HEAD", keepAlive: false,
                                             http10: head.version.minor == 0, date: currentDate())
                } else {
                    conn.out.append(contentsOf: ResponseWriter.protocolError(status, date: currentDate()))
                }
                conn.closeAfterWrite = true
            case .request(let request):
                conn.requestStartedAt = conn.parser.hasPartialRequest ? MonotonicTime.now() : nil
                let started = MonotonicTime.now()
                let keepAlive = request.keepAlive && !stopping
                let isHead = request.method == "HEAD"
                let http10 = request.version.minor == 0
                let responder = Responder(loop: self, fd: conn.fd, generation: conn.generation,
                                          isHead: isHead, keepAlive: keepAlive, http10: http10)
                guard let response = shared.handler(request, responder) else {
                    conn.waiting = true
                    continue
                }
                if MonotonicTime.now() - started > limits.handlerBudgetSeconds {
                    conn.out.append(contentsOf: ResponseWriter.overBudget(date: currentDate()))
                    conn.closeAfterWrite = true
                    continue
                }
                answer(conn, response, isHead: isHead, keepAlive: keepAlive, http10: http10)
            }
        }
        if isOpen(conn) { flush(conn) }
    }

    /// Sends the handler's answer now, or holds the connection until its delay's timer fires.
    private func answer(_ conn: Connection, _ response: Response, isHead: Bool, keepAlive: Bool, http10: Bool) {
        if response.delayMilliseconds > 0 || response.fault == .hang {
            conn.waiting = true
            conn.pending = (response, isHead, keepAlive)
            if response.delayMilliseconds > 0 {
                timers.push(deadline: MonotonicTime.now() + Double(response.delayMilliseconds) / 1000,
                            fd: conn.fd, generation: conn.generation)
            }
        } else {
            deliver(conn, response, isHead: isHead, keepAlive: keepAlive, http10: http10)
        }
    }

    /// A deferred handler's answer (posted by `Responder.respond`): sent as if the handler had just returned it,
    /// then the connection goes on with what it has buffered.
    func complete(fd: Int32, generation: UInt64, _ response: Response, isHead: Bool, keepAlive: Bool, http10: Bool) {
        guard let conn = connection(fd), conn.generation == generation, conn.waiting, conn.pending == nil else { return }
        conn.waiting = false
        answer(conn, response, isHead: isHead, keepAlive: keepAlive && !stopping, http10: http10)
        resume(conn)
    }

    /// After a held answer went out: flush, close if the peer is gone, else parse what is buffered.
    private func resume(_ conn: Connection) {
        guard isOpen(conn), !conn.waiting else { return }
        flush(conn)
        if isOpen(conn) && conn.peerClosed && conn.unsentBytes == 0 && !conn.draining { closeNow(conn); return }
        if isOpen(conn) && !conn.draining { process(conn) }
    }

    /// Queues an answer, or breaks the connection the way its fault says.
    private func deliver(_ conn: Connection, _ response: Response, isHead: Bool, keepAlive: Bool, http10: Bool = false) {
        switch response.fault {
        case nil:
            ResponseWriter.serialize(response, into: &conn.out, isHead: isHead, keepAlive: keepAlive, http10: http10, date: currentDate())
            if !keepAlive { conn.closeAfterWrite = true }
        case .connectionReset:
            resetNow(conn)
        case .emptyResponse:
            conn.closeAfterWrite = true
        case .malformedResponse:
            conn.out.append(contentsOf: ResponseWriter.garbage)
            conn.closeAfterWrite = true
        case .truncatedBody:
            ResponseWriter.serialize(response, into: &conn.out, isHead: false, keepAlive: true, http10: false, date: currentDate(), lieAboutLength: true)
            conn.closeAfterWrite = true
        case .hang:
            conn.waiting = true
        }
    }

    // MARK: - Writing

    private func flush(_ conn: Connection) {
        while conn.unsentBytes > 0 {
            let n = conn.out.withUnsafeBytes { raw in
                Socket.send(conn.fd, UnsafeRawBufferPointer(rebasing: raw[conn.outSent...]))
            }
            if n < 0 {
                closeNow(conn)
                return
            }
            if n == 0 {
                setInterest(conn, EPOLLOUT.rawValue | (conn.peerClosed ? 0 : EPOLLIN.rawValue))
                return
            }
            conn.outSent += n
            conn.lastActivity = MonotonicTime.now()
        }
        conn.out.removeAll(keepingCapacity: conn.out.capacity <= 64 * 1024)
        conn.outSent = 0
        if conn.closeAfterWrite && !conn.waiting {
            beginGracefulClose(conn)
            return
        }
        setInterest(conn, conn.peerClosed ? 0 : EPOLLIN.rawValue)
    }

    private func onWritable(_ conn: Connection) {
        flush(conn)
        guard isOpen(conn), conn.unsentBytes == 0, !conn.draining else { return }
        if conn.peerClosed && !conn.waiting {
            closeNow(conn)
            return
        }
        process(conn)
    }

    // MARK: - Time

    private func fireTimers(now: Double) {
        while let timer = timers.popDue(now: now) {
            guard let conn = connection(timer.fd), conn.generation == timer.generation, conn.waiting,
                  let pending = conn.pending else { continue }
            conn.waiting = false
            conn.pending = nil
            var response = pending.response
            response.delayMilliseconds = 0
            deliver(conn, response, isHead: pending.isHead, keepAlive: pending.keepAlive && !stopping)
            resume(conn)
        }
    }

    /// Timeouts (checklist item 31): idle keep-alive closes silently; a started request that stalls gets 408.
    private func sweep(now: Double) {
        for case let conn? in connections {
            if conn.draining {
                if now >= conn.drainDeadline { closeNow(conn) }
            } else if conn.waiting {
                continue
            } else if conn.unsentBytes > 0 {
                if now - conn.lastActivity > limits.idleTimeoutSeconds { closeNow(conn) }
            } else if conn.parser.hasPartialRequest {
                if let started = conn.requestStartedAt, now - started > limits.readTimeoutSeconds {
                    conn.out.append(contentsOf: ResponseWriter.protocolError(408, date: currentDate()))
                    conn.closeAfterWrite = true
                    flush(conn)
                }
            } else if stopping || now - conn.lastActivity > limits.idleTimeoutSeconds {
                closeNow(conn)
            }
        }
    }

    private func beginStop() {
        stopping = true
        stopDeadline = MonotonicTime.now() + shared.configuration.shutdownGraceSeconds
        epoll_ctl(epfd, EPOLL_CTL_DEL, shared.listener, nil)
        sweep(now: MonotonicTime.now())
    }
}
