import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import UnderstudyCore

/// `CombiningLock`: work runs at once when the lock is free, else is queued for the holder, and every queued job
/// runs exactly once with its result handed to its own "loop".
@Suite struct CombiningLockTests {
    /// A "loop" for `home`: a serial queue that counts what was posted to it.
    final class Home: Sendable {
        let queue = DispatchQueue(label: "home")
        let posts = Atomic<Int>(0)
        var post: CombiningLock.Home {
            { [self] work in
                posts.add(1, ordering: .relaxed)
                queue.async(execute: work)
            }
        }
    }

    /// State only touched while the lock is held (so a lost exclusion shows as a wrong count).
    final class Guarded: @unchecked Sendable {
        var count = 0
        var ranOn: [pthread_t] = []
    }

    /// Runs `submit` on another thread while this thread holds the lock, and returns after it has queued.
    private func whileHeld(_ lock: CombiningLock, queued expected: Int, _ submit: @escaping @Sendable () -> Void) {
        lock.withLock {
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async { submit(); done.signal() }
            done.wait()
            #expect(lock.waiting == expected)
        }
    }

    @Test func workRunsAtOnceWhenTheLockIsFree() {
        let lock = CombiningLock()
        let home = Home()
        let result = lock.perform({ 7 }, home: home.post, then: { _ in Issue.record("then called for an inline run") })
        #expect(result == 7)
        #expect(home.posts.load(ordering: .relaxed) == 0)
    }

    @Test func workQueuedWhileHeldRunsOnTheHoldersThreadWhenItLetsGo() {
        let lock = CombiningLock()
        let home = Home()
        let guarded = Guarded()
        let delivered = DispatchSemaphore(value: 0)
        let answer = Mutex<Int?>(nil)
        whileHeld(lock, queued: 1) {
            let now = lock.perform({ guarded.ranOn.append(pthread_self()); return 42 }, home: home.post,
                                   then: { value in answer.withLock { $0 = value }; delivered.signal() })
            #expect(now == nil)
        }
        // `withLock` has returned: the job ran before the lock was let go, on this thread.
        #expect(guarded.ranOn == [pthread_self()])
        #expect(lock.waiting == 0)
        #expect(delivered.wait(timeout: .now() + 5) == .success)
        #expect(answer.withLock { $0 } == 42)
    }

    /// Queues `count` jobs (job i returns i and records that it ran) behind this thread, lets go, and returns
    /// what was handed back, in job order.
    private func queueBehind(_ lock: CombiningLock, _ count: Int, ran: Guarded, home: Home = Home()) -> [Int] {
        let answers = Mutex<[Int: Int]>([:])
        let delivered = DispatchSemaphore(value: 0)
        whileHeld(lock, queued: count) {
            for i in 0..<count {
                _ = lock.perform({ ran.count += 1; return i }, home: home.post,
                                 then: { value in answers.withLock { $0[i] = value }; delivered.signal() })
            }
        }
        for _ in 0..<count { #expect(delivered.wait(timeout: .now() + 5) == .success) }
        return answers.withLock { a in (0..<count).compactMap { a[$0] } }
    }

    @Test func queuedJobsRunAsOneBatchAndAreAnsweredAfterIt() {
        let ran = Guarded()
        let home = Home()
        let batches = Mutex<[Int]>([])
        let handedBackDuringBatch = Atomic<Int>(-1)
        let lock = CombiningLock(batch: { count, run in
            for i in 0..<count { run(i) }
            handedBackDuringBatch.store(home.posts.load(ordering: .relaxed), ordering: .relaxed)
            batches.withLock { $0.append(count) }
            return true
        })
        #expect(queueBehind(lock, 3, ran: ran, home: home) == [0, 1, 2])
        #expect(batches.withLock { $0 } == [3])
        #expect(ran.count == 3)
        #expect(handedBackDuringBatch.load(ordering: .relaxed) == 0)
    }

    @Test func idleWorkRunsAfterTheQueuedJobsBeforeTheHolderLetsGo() {
        let ran = Guarded()
        let seen = Mutex<[Int]>([])   // jobs run so far, each time the idle work ran
        let lock = CombiningLock(idle: { seen.withLock { $0.append(ran.count) } })
        #expect(queueBehind(lock, 3, ran: ran) == [0, 1, 2])
        // Once as the holder let go with the three jobs done (none before: they were queued while it held the lock).
        #expect(seen.withLock { $0 } == [3])
    }

    /// A lock, reachable from work given to its own initialiser.
    final class LockBox: @unchecked Sendable { var lock: CombiningLock? }

    @Test func idleWorkNeverRunsWhileAJobIsWaiting() {
        let box = LockBox()
        let waitingSeen = Mutex<[Int]>([])
        let lock = CombiningLock(idle: { waitingSeen.withLock { $0.append(box.lock?.waiting ?? -1) } })
        box.lock = lock
        let ran = Guarded()
        #expect(queueBehind(lock, 5, ran: ran) == [0, 1, 2, 3, 4])
        _ = lock.perform({ 1 }, home: Home().post, then: { _ in })   // run at once: idle work after it too
        #expect(waitingSeen.withLock { $0 } == [0, 0])
    }

    @Test func resultsAreHandedBackOnceTheLockIsFree() {
        let box = LockBox()
        let freeAtHandBack = Mutex<[Bool]>([])
        // A loop that, when a result comes back, asks from another thread whether the lock can be had at once.
        let home: CombiningLock.Home = { work in
            // A thread of its own (a sync dispatch may run on this very thread, which holds the lock reentrantly).
            let asked = DispatchSemaphore(value: 0)
            let thread = Thread {
                let free = box.lock?.perform({ true }, home: { _ in }, then: { _ in }) != nil
                freeAtHandBack.withLock { $0.append(free) }
                asked.signal()
            }
            thread.start()
            asked.wait()
            DispatchQueue.global().async(execute: work)
        }
        let lock = CombiningLock()
        box.lock = lock
        let delivered = DispatchSemaphore(value: 0)
        whileHeld(lock, queued: 2) {
            for _ in 0..<2 { _ = lock.perform({ 1 }, home: home, then: { _ in delivered.signal() }) }
        }
        for _ in 0..<2 { #expect(delivered.wait(timeout: .now() + 5) == .success) }
        #expect(freeAtHandBack.withLock { $0 } == [true, true])
    }

    @Test func jobsOfABatchThatFailedRunAgainOneByOneAndAreAnsweredOnce() {
        let ran = Guarded()
        let lock = CombiningLock(batch: { count, run in
            run(0)
            return false   // as if rolled back after the first job
        })
        #expect(queueBehind(lock, 3, ran: ran) == [0, 1, 2])
        #expect(ran.count == 1 + 3)
    }

    /// A "loop" that keeps what is posted to it until the test runs it (the end of its round).
    final class HeldHome: @unchecked Sendable {
        private let posted = Mutex<[@Sendable () -> Void]>([])
        var post: CombiningLock.Home { { [self] work in posted.withLock { $0.append(work) } } }
        /// Runs what was posted until nothing more is, as a loop's mailbox does.
        func endRound() {
            while case let work = posted.withLock({ p in defer { p.removeAll() }; return p }), !work.isEmpty {
                for w in work { w() }
            }
        }
    }

    @Test func gatheredWorkWaitsForTheEndOfTheRoundEvenWhenTheLockIsFree() {
        let home = HeldHome()
        let ran = Guarded()
        let answers = Mutex<[Int]>([])
        let lock = CombiningLock()
        let now = lock.perform({ ran.count += 1; return 5 }, home: home.post, gather: true, then: { v in answers.withLock { $0.append(v) } })
        #expect(now == nil)
        #expect(ran.count == 0)
        home.endRound()
        #expect(ran.count == 1)
        #expect(answers.withLock { $0 } == [5])
        #expect(lock.waiting == 0)
    }

    @Test func workGatheredInOneRoundRunsAsOneBatch() {
        let home = HeldHome()
        let batches = Mutex<[Int]>([])
        let answers = Mutex<[Int]>([])
        let lock = CombiningLock(batch: { count, run in
            batches.withLock { $0.append(count) }
            for i in 0..<count { run(i) }
            return true
        })
        for i in 0..<3 {
            _ = lock.perform({ i }, home: home.post, gather: true, then: { v in answers.withLock { $0.append(v) } })
        }
        home.endRound()
        #expect(batches.withLock { $0 } == [3])
        #expect(answers.withLock { $0 } == [0, 1, 2])
    }

    @Test func theHolderMayTakeTheLockAgain() {
        let lock = CombiningLock()
        let inner = lock.withLock { lock.withLock { 1 } + (lock.perform({ 2 }, home: { _ in }, then: { _ in }) ?? 0) }
        #expect(inner == 3)
    }

    @Test func aHolderRunsAtMostOneTurnOfQueuedJobsAndTheOldestJobsLoopRunsTheRest() {
        let lock = CombiningLock()
        let home = Home()
        let guarded = Guarded()
        let total = CombiningLock.jobsPerTurn + 5
        let delivered = DispatchSemaphore(value: 0)
        whileHeld(lock, queued: total) {
            for _ in 0..<total {
                _ = lock.perform({ guarded.ranOn.append(pthread_self()); return 0 }, home: home.post, then: { _ in delivered.signal() })
            }
        }
        let me = pthread_self()
        #expect(guarded.ranOn.filter { pthread_equal($0, me) != 0 }.count == CombiningLock.jobsPerTurn)
        for _ in 0..<total { #expect(delivered.wait(timeout: .now() + 5) == .success) }
        #expect(lock.withLock { guarded.ranOn.count } == total)
        // One post per answer, plus the hand-over to the oldest job's loop.
        #expect(home.posts.load(ordering: .relaxed) == total + 1)
    }

    @Test func manyThreadsPerformingAtOnceRunEveryJobExactlyOnceAndOneAtATime() {
        let lock = CombiningLock()
        let guarded = Guarded()
        let threads = 4, each = 2_000
        let homes = (0..<threads).map { _ in Home() }
        let finished = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for _ in 0..<each {
                let inline = lock.perform({ () -> Int in
                    let seen = guarded.count   // a read-modify-write that loses counts if two jobs overlap
                    for _ in 0..<50 { _ = getpid() }   // long enough that the threads collide
                    guarded.count = seen + 1
                    return 1
                }, home: homes[t].post, then: { finished.add($0, ordering: .relaxed) })
                if let inline { finished.add(inline, ordering: .relaxed) }
            }
        }
        let deadline = DispatchTime.now() + 10
        while finished.load(ordering: .relaxed) < threads * each && DispatchTime.now() < deadline { usleep(1_000) }
        #expect(finished.load(ordering: .relaxed) == threads * each)
        #expect(lock.withLock { guarded.count } == threads * each)
        #expect(lock.waiting == 0)
    }
}
