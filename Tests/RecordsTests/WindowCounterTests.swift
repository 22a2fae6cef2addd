import Testing
import UnderstudyCore

@Suite struct WindowCounterTests {
    @Test func allowsUpToTheLimitInAWindow() {
        let w = WindowCounter()
        let answers = (0..<4).map { _ in w.hit("k", limit: 3, windowSeconds: 60, now: 120) }
        #expect(answers.map(\.allowed) == [true, true, true, false])
        #expect(answers.map(\.remaining) == [2, 1, 0, 0])
    }

    @Test func retryAfterIsTheSecondsLeftInTheWindow() {
        let w = WindowCounter()
        #expect(w.hit("k", limit: 1, windowSeconds: 60, now: 130.5).retryAfter == 50)
    }

    @Test func aNewWindowStartsAfresh() {
        let w = WindowCounter()
        _ = w.hit("k", limit: 1, windowSeconds: 60, now: 61)
        #expect(!w.hit("k", limit: 1, windowSeconds: 60, now: 62).allowed)
        #expect(w.hit("k", limit: 1, windowSeconds: 60, now: 120).allowed)
    }

    @Test func keysCountSeparately() {
        let w = WindowCounter()
        _ = w.hit("a", limit: 1, windowSeconds: 60, now: 0)
        #expect(w.hit("b", limit: 1, windowSeconds: 60, now: 0).allowed)
    }

    @Test func clearForgetsMatchingKeys() {
        let w = WindowCounter()
        _ = w.hit("t1/a", limit: 1, windowSeconds: 60, now: 0)
        _ = w.hit("t2/a", limit: 1, windowSeconds: 60, now: 0)
        w.clear(prefix: "t1/")
        #expect(w.hit("t1/a", limit: 1, windowSeconds: 60, now: 0).allowed)
        #expect(!w.hit("t2/a", limit: 1, windowSeconds: 60, now: 0).allowed)
    }
}
