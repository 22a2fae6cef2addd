import HTTP1
import Synchronization
import Testing
import UnderstudyCore

/// The response cache is opt-in per route: only a read whose route declares a ``Freshness`` is served again, and
/// only for as long as the declaration and what the handler read of the clock allow. A small API of our own counts
/// how often its handler really ran.
@Suite struct FreshnessTests {
    /// Answers `GET /counting/<route>` with how many answers it has given; the handlers of `clock` and `daily` read
    /// the simulated day.
    struct CountingAPI: SimulatedAPI {
        final class Counter: Sendable {
            let value = Mutex(0)
            func next() -> Int { value.withLock { $0 += 1; return $0 } }
        }

        let name = "counting"
        let answers = Counter()
        let routes: RouteTable<String>

        init() {
            var t = RouteTable<String>()
            t.add("GET", "/undeclared", "undeclared")
            t.add("GET", "/declared", "declared", fresh: .untilWrite)
            t.add("GET", "/clock", "clock", fresh: .untilWrite)
            t.add("GET", "/daily", "daily", fresh: .untilEndOfDay)
            routes = t
        }

        var operations: [APIOperation] { routes.operations }

        func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
            APICredentials(json: [:], secrets: [])
        }

        func fixtureIDs(in db: TenantDatabase) throws -> JSON { [:] }

        func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? { "demo" }

        func screen(_ request: APIRequest) -> Screening<String> {
            guard case .found(let route, let parameters, let fresh) = routes.match(method: request.method, path: request.path) else {
                return .answer(Response(status: 404))
            }
            return .matched(request, parameters: parameters, fresh: fresh, route)
        }

        func answer(_ request: APIRequest, screened route: String) -> Response {
            if route == "clock" || route == "daily" { _ = request.day() }
            return Response(status: 200, body: Array("answer \(answers.next())".utf8))
        }

        func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response { Response(status: kind.defaultStatus) }
    }

    private let api = CountingAPI()
    private let router: Router

    init() throws {
        var c = UnderstudyConfiguration(fixturesDirectory: "/nonexistent")
        c.logLevel = .error
        c.startAt = 1_800_000_000
        router = Router(simulator: try Simulator(configuration: c, apis: [api]))
    }

    private func get(_ route: String) -> String {
        String(decoding: router.handle(Request(method: "GET", target: "/counting/\(route)")).body, as: UTF8.self)
    }

    @Test func aReadWhoseRouteDeclaresNoFreshnessIsAnsweredAfreshEveryTime() {
        #expect(get("undeclared") == "answer 1")
        #expect(get("undeclared") == "answer 2")
    }

    @Test func aReadDeclaredFreshUntilAWriteIsServedAgainWithTheSameBytes() {
        #expect(get("declared") == "answer 1")
        #expect(get("declared") == "answer 1")
    }

    @Test func aReadDeclaredFreshUntilAWriteIsAnsweredAfreshAfterTheTenantChanged() throws {
        #expect(get("declared") == "answer 1")
        try #require(router.simulator.registry.tenant("demo")).withDatabase { try $0.execute("CREATE TABLE changed (x); INSERT INTO changed VALUES (1)") }
        #expect(get("declared") == "answer 2")
    }

    @Test func aReadDeclaredFreshUntilAWriteWhoseHandlerReadTheClockIsNotKept() {
        #expect(get("clock") == "answer 1")
        #expect(get("clock") == "answer 2")
    }

    @Test func aReadDeclaredFreshUntilTheEndOfTheDayIsServedAgainThatDayAndAnsweredAfreshTheNext() throws {
        // The global clock moves (a tenant's own clock change is a write, which ends every kept answer anyway).
        let clock = router.simulator.clock
        #expect(get("daily") == "answer 1")
        try clock.apply(now: nil, advance: 60, frozen: nil)
        #expect(get("daily") == "answer 1")
        try clock.apply(now: nil, advance: 86_400, frozen: nil)
        #expect(get("daily") == "answer 2")
    }
}
