import Testing
import UnderstudyCore

@Suite struct PathPatternTests {
    @Test func literalsAndParametersMatchSegmentForSegment() {
        #expect(PathPattern("/v1/notes/:id").match("/v1/notes/42") == ["id": "42"])
        #expect(PathPattern("/v1/notes/:id").match("/v1/tickets/42") == nil)
    }

    @Test func aPathWithMoreOrFewerSegmentsDoesNotMatch() {
        #expect(PathPattern("/v1/notes/:id").match("/v1/notes") == nil)
        #expect(PathPattern("/v1/notes/:id").match("/v1/notes/42/extra") == nil)
    }

    @Test func aTrailingStarTakesTheRestIncludingNothing() {
        #expect(PathPattern("/files/*").match("/files/a/b%20c") == ["*": "a/b c"])
        #expect(PathPattern("/files/*").match("/files") == ["*": ""])
        #expect(PathPattern("/files/*").match("/other/a") == nil)
    }

    @Test func aStarBeforeTheEndMatchesNothing() {
        #expect(PathPattern("/files/*/x").match("/files/a/x") == nil)
        #expect(PathPattern("/files/*/x").match("/files") == nil)
    }

    @Test func segmentsArePercentDecodedBeforeComparing() {
        #expect(PathPattern("/v1/:name").match("/v1/a%2Fb") == ["name": "a/b"])
        #expect(PathPattern("/v1/caf\u{E9}").match("/v1/caf%C3%A9") == [:])
    }

    @Test func aRouteTableAnswers405WithEveryMethodThePathHas() {
        var t = RouteTable<Int>()
        t.add("GET", "/v1/notes/:id", 1)
        t.add("PUT", "/v1/notes/:id", 2)
        t.add("POST", "/v1/notes", 3)
        guard case .methodNotAllowed(let allowed) = t.match(method: "DELETE", path: "/v1/notes/7") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed == ["GET", "PUT", "HEAD"])
        guard case .found(let h, let p, _) = t.match(method: "PUT", path: "/v1/notes/7") else { Issue.record("expected PUT"); return }
        #expect(h == 2 && p == ["id": "7"])
        guard case .notFound = t.match(method: "GET", path: "/v1/notes/7/x") else { Issue.record("expected 404"); return }
    }

    @Test func aRouteEndingInAStarAddedBeforeAFixedRouteStillWins() {
        var t = RouteTable<Int>()
        t.add("GET", "/v1/*", 1)
        t.add("GET", "/v1/notes/:id", 2)
        guard case .found(let h, let p, _) = t.match(method: "GET", path: "/v1/notes/7") else { Issue.record("expected a route"); return }
        #expect(h == 1 && p == ["*": "notes/7"])
    }

    @Test func aRouteEndingInAStarAddedAfterAFixedRouteCatchesWhatItLeaves() {
        var t = RouteTable<Int>()
        t.add("GET", "/v1/notes/:id", 1)
        t.add("GET", "/v1/notes/:id/extra", 2)
        t.add("GET", "/v1/*", 3)
        guard case .found(let a, _, _) = t.match(method: "GET", path: "/v1/notes/7") else { Issue.record("expected a route"); return }
        guard case .found(let b, _, _) = t.match(method: "GET", path: "/v1/notes/7/other") else { Issue.record("expected a route"); return }
        guard case .found(let c, _, _) = t.match(method: "GET", path: "/v1/a/b/c/d/e") else { Issue.record("expected a route"); return }
        #expect([a, b, c] == [1, 3, 3])
    }

    @Test func routesOfOtherLengthsDoNotMatch() {
        var t = RouteTable<Int>()
        t.add("GET", "/v1/notes", 1)
        t.add("GET", "/v1/notes/:id/x/y", 2)
        guard case .notFound = t.match(method: "GET", path: "/v1/notes/7") else { Issue.record("expected 404"); return }
        guard case .found(let h, _, _) = t.match(method: "GET", path: "/v1/notes/") else { Issue.record("expected a route"); return }
        #expect(h == 1)
    }
}
