import Foundation
import Testing
import TestSupport

/// Every create/update endpoint of every API against hostile bodies: the answer is always a 4xx from the vendor
/// (or, for an update that names no known field, Rails' no-op 200), never a 500 or a dropped connection, and nothing
/// is written.
@Suite struct BadInputSweepTests {
    struct Endpoint: Sendable, CustomStringConvertible {
        let method: String
        let path: String
        let headers: [(String, String)]
        /// A list that shows whether anything was written.
        let probe: String
        var description: String { "\(method) \(path)" }
    }

    static let fleetio = Demo.fleetio
    static let jifeline = Demo.jifeline
    static let stackone = Demo.stackone
    static let bossdesk = Demo.bossdesk
    static let endUser = Demo.endUser
    static let note = "/jifeline/v2/tickets/notes/92276658-1e27-41c0-8a6a-63ec24ede6a4"

    static let endpoints: [Endpoint] = [
        Endpoint(method: "POST", path: "/fleetio/api/v1/issues", headers: fleetio, probe: "/fleetio/api/v1/issues"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/faults", headers: fleetio, probe: "/fleetio/api/v1/faults"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/contacts", headers: fleetio, probe: "/fleetio/api/v1/contacts"),
        Endpoint(method: "PATCH", path: "/fleetio/api/v1/issues/1100001", headers: fleetio, probe: "/fleetio/api/v1/issues/1100001"),
        Endpoint(method: "PATCH", path: "/fleetio/api/v1/faults/2400001", headers: fleetio, probe: "/fleetio/api/v1/faults/2400001"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/fault_rules", headers: fleetio, probe: "/fleetio/api/v1/fault_rules"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/vehicles", headers: fleetio, probe: "/fleetio/api/v1/vehicles"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/labels", headers: fleetio, probe: "/fleetio/api/v1/labels"),
        Endpoint(method: "POST", path: "/fleetio/api/v1/comments", headers: fleetio, probe: "/fleetio/api/v1/comments"),
        Endpoint(method: "POST", path: "/jifeline/v2/tickets/notes", headers: jifeline, probe: "/jifeline/v2/tickets/notes?ticket_id=6b0d549b-6f03-475a-9600-a35a099950d8&limit=1000"),
        Endpoint(method: "PUT", path: note, headers: jifeline, probe: note),
        Endpoint(method: "POST", path: "/jifeline/v2/tickets/note-attachments", headers: jifeline, probe: "/jifeline/v2/tickets/note-attachments?note_id=92276658-1e27-41c0-8a6a-63ec24ede6a4"),
        Endpoint(method: "POST", path: "/stackone/unified/ticketing/tickets", headers: stackone, probe: "/stackone/unified/ticketing/tickets?page_size=100"),
        Endpoint(method: "PATCH", path: "/stackone/unified/ticketing/tickets/ticket-001", headers: stackone, probe: "/stackone/unified/ticketing/tickets/ticket-001"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/tickets", headers: bossdesk, probe: "/bossdesk/api/v1/tickets?per_page=30"),
        Endpoint(method: "PATCH", path: "/bossdesk/api/v1/tickets/1", headers: bossdesk, probe: "/bossdesk/api/v1/tickets/1"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/users", headers: bossdesk, probe: "/bossdesk/api/v1/users?per_page=30"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/cis", headers: bossdesk, probe: "/bossdesk/api/v1/cis?per_page=30"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/tickets/1/comments", headers: bossdesk, probe: "/bossdesk/api/v1/tickets/1"),
        Endpoint(method: "PATCH", path: "/bossdesk/api/v1/users/2", headers: bossdesk, probe: "/bossdesk/api/v1/users/2"),
        Endpoint(method: "PATCH", path: "/bossdesk/api/v1/cis/1", headers: bossdesk, probe: "/bossdesk/api/v1/cis/1"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/cis/1/notes", headers: bossdesk, probe: "/bossdesk/api/v1/cis/1"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/cis/1/attachments", headers: bossdesk, probe: "/bossdesk/api/v1/cis/1"),
        Endpoint(method: "PATCH", path: "/bossdesk/api/v1/cis/1/attachments/1", headers: bossdesk, probe: "/bossdesk/api/v1/cis/1/attachments/1"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/tickets/2/tasks", headers: bossdesk, probe: "/bossdesk/api/v1/tickets/2"),
        Endpoint(method: "PATCH", path: "/bossdesk/api/v1/tickets/2/tasks/1", headers: bossdesk, probe: "/bossdesk/api/v1/tickets/2"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/tickets/2/time_entries", headers: bossdesk, probe: "/bossdesk/api/v1/tickets/2"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/my/tickets", headers: endUser, probe: "/bossdesk/api/v1/my/tickets"),
        Endpoint(method: "POST", path: "/bossdesk/api/v1/my/tickets/1/comments", headers: endUser, probe: "/bossdesk/api/v1/my/tickets/1"),
    ]

    /// Hostile bodies: broken JSON, wrong shapes and types, huge and deep values, invalid UTF-8, NUL bytes, injection text.
    static let bodies: [[UInt8]] = [
        Array("{".utf8), Array("nul".utf8), Array("[]".utf8), Array("\"text\"".utf8), Array("12".utf8),
        Array(#"{"ticket":[],"user":7,"ci":"x","comment":null,"title":{},"summary":[1]}"#.utf8),
        Array(#"{"title":123,"vehicle_id":"x","type_id":"'; DROP TABLE x;--","ticket":{"title":["a"],"type_id":{},"priority_id":true}}"#.utf8),
        Array(("{\"title\":\"" + String(repeating: "A", count: 200_000) + "\"}").utf8),
        Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8),
        Array(#"{"title":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8),
        Array("{\"title\":\"a\u{0}b\",\"ticket\":{\"title\":\"\u{0}\"}}".utf8),
        Array(#"{"ticket":{"title":"x","type_id":"1 OR 1=1","priority_id":1,"custom_fields":{"1":{"$gt":""}}},"q[s]":"id; DROP TABLE"}"#.utf8),
    ]

    @Test(arguments: endpoints)
    func hostileBodiesGetA4xxAndWriteNothing(_ e: Endpoint) throws {
        let app = try TestApp()
        // Frozen, so that answers naming the time (signed URLs) read the same before and after.
        #expect(try app.post("/__admin/clock", #"{"frozen":true}"#).status == 200)
        let before = try app.get(e.probe, headers: e.headers)
        #expect(before.status == 200, "probe \(e.probe): \(before.status)")
        for body in Self.bodies {
            var head = "\(e.method) \(e.path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
            for (k, v) in e.headers { head += "\(k): \(v)\r\n" }
            let c = try RawClient(port: app.port, timeout: 10)
            c.send(Array((head + "\r\n").utf8) + body)
            let r = try c.readResponse()
            // An update whose body names no known field is Rails' no-op 200 (the data check below still applies).
            let noOpUpdate = (e.method == "PATCH" || e.method == "PUT") && (r.status == 200 || r.status == 204)
            #expect((400..<500).contains(r.status) || noOpUpdate,
                    "\(e) with \(body.prefix(40).count)-byte-prefixed body answered \(r.status): \(r.text.prefix(200))")
        }
        #expect(try app.get(e.probe, headers: e.headers).body == before.body, "\(e) changed data")
    }
}
