// libFuzzer target: the whole simulator behind its Router (every API's routes, the admin API, scenarios' override
// headers), fed requests built from the fuzz input: an operation from the route tables with its parameters filled,
// a query string, headers (credentials of several kinds, versions, overrides) and a body. A trap anywhere, an answer
// with a status outside 100...599, or a header the HTTP writer would refuse is a finding.
// Built by fuzz/run with UNDERSTUDY_FUZZ=1 (Package.swift adds this target only then).
import HTTP1
import UnderstudyApp
import UnderstudyCore

/// The simulator, built once per process (in memory, frozen clock, so runs repeat).
private let world: (router: Router, operations: [(api: String, op: APIOperation)]) = {
    var c = UnderstudyConfiguration(fixturesDirectory: Launcher.shippedFixtures)
    c.startAt = 1_780_000_000
    c.logLevel = .error
    c.journalLimit = 1_000
    let simulator = try! Simulator(configuration: c, apis: Launcher.standardAPIs())
    let ops = simulator.apis.flatMap { api in api.operations.map { (api.name, $0) } }
    return (Router(simulator: simulator), ops)
}()

/// Inputs run so far (libFuzzer calls the target from one thread).
nonisolated(unsafe) private var runs = 0

/// Reads the fuzz input a byte at a time (zero once it runs out).
private struct Input {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    mutating func byte() -> UInt8 { defer { at += 1 }; return at < bytes.count ? bytes[at] : 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(byte()) % items.count] }
    /// Up to `max` raw bytes, as text (invalid UTF-8 repaired) and percent-encoded where asked.
    mutating func text(max: Int, encoded: Bool) -> String {
        let n = min(Int(byte()) % (max + 1), bytes.count - min(at, bytes.count))
        let raw = Array(bytes[min(at, bytes.count)..<min(at + n, bytes.count)])
        at += n
        return encoded ? raw.map { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
                ? String(UnicodeScalar(b)) : "%" + String(b, radix: 16, uppercase: true).leftPad
        }.joined() : String(decoding: raw, as: UTF8.self)
    }
    var rest: [UInt8] { at < bytes.count ? Array(bytes[at...]) : [] }
}

private extension String { var leftPad: String { count < 2 ? "0" + self : self } }

private let ids = ["1", "2", "5", "0", "-1", "1100001", "2400001", "1000001", "ticket-001", "user-005", "attachment-002-2",
                   "6b0d549b-6f03-475a-9600-a35a099950d8", "92276658-1e27-41c0-8a6a-63ec24ede6a4", "9223372036854775807",
                   "99999999999999999999", "new", "by_barcode", "..", "%00", "demo", "bucket"]
private let hostile = ["1", "0", "-1", "30", "100", "1001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                       "99999999999999999999999", "1e308", "NaN", "1.5", "", "true", "null", "2026-01-01", "0000-01-01T00:00:00Z",
                       "99999-12-31", "eyJ2IjpbXSwicyI6OTIyMzM3MjAzNjg1NDc3NTgwN30", "a,b,c", "%FF%FE", "'; DROP TABLE x;--"]
private let parameters = ["page", "per_page", "limit", "offset", "page_size", "next", "start_cursor", "since_id", "ticket_id",
                          "note_id", "q[id_eq]", "q[id_gt]", "q[s]", "q[m]", "q[title_cont]", "q[status_in]", "q[created_at_gt]",
                          "q[priority_name_eq]", "filter[id][gt]", "filter[updated_at][lt]", "filter[updated_after]", "sort[id]",
                          "sort[updated_at]", "fields", "raw", "owner_class", "type_id", "updated_after", "status", "tenant"]
private let credentials: [String: [[(String, String)]]] = [
    "fleetio": [[("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")],
                [("Authorization", "Token demo-fleetio-readonly-key"), ("Account-Token", "demo-fleetio-account")]],
    "jifeline": [[("Authorization", "Bearer demo-jifeline-token")]],
    "stackone": [[("Authorization", "Basic ZGVtby1zdGFja29uZS1rZXk6"), ("x-account-id", "demo-stackone-account")],
                 [("Authorization", "Basic ZGVtby1zdGFja29uZS1rZXk6"), ("x-account-id", "demo-stackone-disabled-account")]],
    "bossdesk": [[("Authorization", "Token token=\"demo-bossdesk-agent-key\"")], [("Authorization", "Token token=\"demo-bossdesk-user-key\"")],
                 [("Authorization", "Token token=\"demo-bossdesk-limited-key\"")], [("Authorization", "Basic amFja3BvdDpkZW1vLXBhc3N3b3Jk")]],
]
private let extraHeaders = ["X-Api-Version", "X-Understudy-Error", "X-Understudy-Delay-Ms", "Content-Type", "Prefer", "If-Match", "Host"]
private let bodies = [#"{"ticket":{"title":"t","type_id":1,"priority_id":1,"lock_version":0}}"#,
                      #"{"title":"t","creator_id":"user-005","project_id":"project-1","component_ids":["a"]}"#,
                      #"{"summary":"s","vehicle_id":1000001,"reported_at":"2026-01-01","number":"9223372036854775807"}"#,
                      #"{"text":"n","ticket_id":"6b0d549b-6f03-475a-9600-a35a099950d8"}"#, #"{"advance_s":1e19}"#, "{}", "[]", "null"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRouter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = Input(bytes: UnsafeBufferPointer(start: data, count: size))
    let (api, op) = input.pick(world.operations)
    var path = "/" + api
    for segment in op.pattern.split(separator: "/") {
        if segment == "*" {
            path += "/" + input.text(max: 24, encoded: true)
        } else if segment.hasPrefix(":") {
            path += "/" + (input.byte() & 1 == 0 ? input.pick(ids) : input.text(max: 16, encoded: true))
        } else {
            path += "/" + segment
        }
    }
    let method = input.byte() < 230 ? op.method : input.pick(["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"])
    var query: [String] = []
    for _ in 0..<(Int(input.byte()) % 4) {
        let name = input.byte() & 3 == 0 ? input.text(max: 12, encoded: true) : input.pick(parameters)
        let value = input.byte() & 3 == 0 ? input.text(max: 16, encoded: true) : input.pick(hostile)
        query.append(name.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D") + "=" + value)
    }
    var headers = HTTPHeaders()
    headers.add("Host", "localhost")
    if input.byte() < 220, let sets = credentials[api] { for (k, v) in input.pick(sets) { headers.add(k, v) } }
    for _ in 0..<(Int(input.byte()) % 3) {
        let value = input.byte() & 1 == 0 ? input.pick(hostile) : input.text(max: 16, encoded: false)
        if !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) { headers.add(input.pick(extraHeaders), value) }
    }
    let body = input.byte() & 1 == 0 ? Array(input.pick(bodies).utf8) : input.rest
    if !body.isEmpty && headers["Content-Type"] == nil { headers.add("Content-Type", "application/json") }
    let target = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    let request = Request(method: method, target: target, headers: headers, body: body)
    var response = world.router.handle(request)
    response.settle()
    precondition((100...599).contains(response.status), "status \(response.status) for \(method) \(target)")
    for (name, value) in response.headers {
        precondition(!name.isEmpty && !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }),
                     "unsafe header \(name) for \(method) \(target)")
    }
    runs += 1
    if runs % 2_000 == 0 { _ = world.router.handle(Request(method: "POST", target: "/__admin/reset", headers: ["Host": "localhost"])) }
    return 0
}
