import Dispatch
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
