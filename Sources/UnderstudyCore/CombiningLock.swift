import Glibc
import Synchronization

/// A mutex an event loop never waits on (flat combining).
///
/// `perform` runs its work at once when the lock is free. When another thread holds it, the work is queued and
/// `perform` returns nil at once, so the loop goes on with its other connections; the holder runs queued work before
/// it lets go (at most `jobsPerTurn` in one turn) and each job hands its result back to the loop it came from.
/// One thread then runs a busy tenant's work back to back instead of the loops taking turns through futex
/// sleeps and wake-ups, which cost more than a small write itself.
///
/// `withLock` is the ordinary blocking use (admin calls, tests). Both are reentrant on the holding thread, so a job
/// may call code that takes the lock again.
///
/// Queued jobs taken together may run as one batch (`Batch`, for a tenant: one transaction); their results are
/// handed back only after the batch has ended, and a batch that reports failure has its jobs run again one by one.
///
/// Nothing queued is ever left behind: whoever lets go of the lock looks at the queue afterwards and either takes
/// the lock again to run it or, when its turn is used up, asks the loop of the oldest job to take over.
///
/// `@unchecked Sendable`: `mutex` guards the holder's work; `queue` has its own mutex; `holder` and `queued`
/// are atomics.
public final class CombiningLock: @unchecked Sendable {
    /// Queued jobs one holder runs before it hands the rest to another loop (so its own connections are not starved).
    public static let jobsPerTurn = 32

    /// Runs a closure on the thread of the event loop a job came from.
    public typealias Home = @Sendable (@escaping @Sendable () -> Void) -> Void

    /// Runs `count` jobs (`run(i)` for each i) as one batch; false when their effects were undone and they must
    /// run again one by one. Called on the holding thread.
    public typealias Batch = (_ count: Int, _ run: (Int) -> Void) -> Bool

    private struct Job {
        /// Does the work and returns how to hand its result back (to the loop it came from).
        let run: @Sendable () -> @Sendable () -> Void
        let home: Home
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// `pthread_self()` of the thread holding `mutex`, 0 when free.
    private let holder = Atomic<UInt>(0)
    private let queue = Mutex<[Job]>([])
    /// `queue.count`, readable without the queue's mutex.
    private let queued = Atomic<Int>(0)

    private let batch: Batch?
    private let idle: (() -> Void)?

    /// `idle` is work the holder does before it lets go whenever nothing is waiting
    /// (a tenant readies memory its database will grow into); keep it short, as a job queued meanwhile waits for it.
    public init(batch: Batch? = nil, idle: (() -> Void)? = nil) {
        self.batch = batch
        self.idle = idle
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock, waiting for it if another thread holds it.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        let me = pthread_self()
        if holder.load(ordering: .relaxed) == me { return try body() }
        pthread_mutex_lock(mutex)
        holder.store(me, ordering: .relaxed)
        defer { release() }
        return try body()
    }

    /// Runs `work` now and returns its result if the lock is free (or held by this thread); else queues it and
    /// returns nil: the holder will run it, and `then` gets its result on the submitting loop's thread via `home`.
    ///
    /// With `gather`, work is queued even when the lock is free, and `home` is asked to run the queue once the
    /// loop has read what else is waiting: the writes a loop reads in one round then run as one batch (one
    /// commit) instead of each on its own.
    public func perform<T: Sendable>(_ work: @escaping @Sendable () -> T, home: @escaping Home, gather: Bool = false,
                                     then: @escaping @Sendable (T) -> Void) -> T? {
        let me = pthread_self()
        if holder.load(ordering: .relaxed) == me { return work() }
        if !gather, pthread_mutex_trylock(mutex) == 0 {
            holder.store(me, ordering: .relaxed)
            let result = work()
            release()
            return result
        }
        let job = Job(run: {
            let result = work()
            return { home { then(result) } }
        }, home: home)
        queue.withLock { q in
            q.append(job)
            queued.add(1, ordering: .sequentiallyConsistent)
        }
        if gather {
            // Nothing is lost meanwhile: a holder letting go runs this job; else `help` on this loop does.
            home { [self] in help() }
            return nil
        }
        // The holder may have looked at the queue just before this job went in: try to run it here.
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        help()
        return nil
    }

    /// Number of jobs waiting (for tests and diagnostics).
    public var waiting: Int { queued.load(ordering: .acquiring) }

    /// Takes the lock if it is free and runs what is queued.
    private func help() {
        guard queued.load(ordering: .sequentiallyConsistent) > 0, pthread_mutex_trylock(mutex) == 0 else { return }
        holder.store(pthread_self(), ordering: .relaxed)
        release()
    }

    /// Runs queued jobs (within this turn's budget), lets go, and makes sure any job queued meanwhile is run.
    /// Results go back to their loops only once the lock is free: handing one back may wake another loop (a
    /// system call), which the next jobs need not wait for.
    private func release() {
        var ran = 0
        var handBack: [@Sendable () -> Void] = []
        while true {
            while ran < Self.jobsPerTurn, let jobs = take(Self.jobsPerTurn - ran) {
                run(jobs, handingBackInto: &handBack)
                ran += jobs.count
            }
            if let idle, queued.load(ordering: .sequentiallyConsistent) == 0 { idle() }
            holder.store(0, ordering: .relaxed)
            pthread_mutex_unlock(mutex)
            for give in handBack { give() }
            handBack.removeAll(keepingCapacity: true)
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            guard queued.load(ordering: .sequentiallyConsistent) > 0 else { return }
            if ran >= Self.jobsPerTurn {
                // Turn used up: the oldest job's loop takes over when it next wakes (or whoever holds the lock then).
                if let first = queue.withLock({ $0.first }) { first.home { [self] in help() } }
                return
            }
            // A job came in just as the lock was let go; whoever holds it now runs it, else this thread does.
            guard pthread_mutex_trylock(mutex) == 0 else { return }
            holder.store(pthread_self(), ordering: .relaxed)
        }
    }

    /// Runs jobs (as one batch when there are several and a batch is set), then adds how to hand their results
    /// back to `handBack`, in the jobs' order.
    private func run(_ jobs: [Job], handingBackInto handBack: inout [@Sendable () -> Void]) {
        var results: [(@Sendable () -> Void)?] = Array(repeating: nil, count: jobs.count)
        if jobs.count < 2 || !(batch?(jobs.count, { results[$0] = jobs[$0].run() }) ?? false) {
            for (i, job) in jobs.enumerated() { results[i] = job.run() }
        }
        for give in results { if let give { handBack.append(give) } }
    }

    /// Up to `limit` queued jobs, oldest first; nil when none.
    private func take(_ limit: Int) -> [Job]? {
        guard queued.load(ordering: .sequentiallyConsistent) > 0 else { return nil }
        return queue.withLock { q -> [Job]? in
            guard !q.isEmpty else { return nil }
            let n = min(limit, q.count)
            let jobs = Array(q.prefix(n))
            q.removeFirst(n)
            queued.subtract(n, ordering: .sequentiallyConsistent)
            return jobs
        }
    }
}
