import Foundation
import TestSupport
import UnderstudyCore

/// One simulator for the whole Jifeline suite; each test takes a fresh tenant.
let sharedApp: TestApp = {
    do { return try TestApp() } catch { fatalError("cannot start the simulator: \(error)") }
}()

/// A Jifeline client for one new tenant.
struct Jifeline {
    let app = sharedApp
    let tenantID: String
    let tenant: [String: Any]
    let clientID: String
    let clientSecret: String
    /// The tenant object's non-expiring convenience header.
    let bearer: (String, String)

    init() throws {
        tenant = try app.createTenant()
        tenantID = tenant["id"] as! String
        clientID = dig(tenant, "jifeline", "client_id") as! String
        clientSecret = dig(tenant, "jifeline", "client_secret") as! String
        bearer = ("Authorization", dig(tenant, "jifeline", "headers", "Authorization") as! String)
    }

    var ticketIDs: [String] { dig(tenant, "fixtures", "jifeline", "ticket_ids") as! [String] }

    func call(_ method: String, _ path: String, _ body: String? = nil, headers: [(String, String)]? = nil) throws -> WireResponse {
        try app.request(method, "/jifeline" + path, headers: headers ?? [bearer], body: body)
    }

    /// `POST /oauth2/token` with a form body.
    func token(_ form: String) throws -> WireResponse {
        let c = try RawClient(port: app.port)
        c.send("POST /jifeline/oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)")
        return try c.readResponse()
    }

    func accessToken() throws -> String {
        let r = try token("grant_type=client_credentials&client_id=\(clientID)&client_secret=\(clientSecret)")
        guard let t = (r.json as? [String: Any])?["access_token"] as? String else { throw TestFailure("no token: \(r.text)") }
        return t
    }

    func createNote(_ extra: String = "", ticket: String? = nil) throws -> [String: Any] {
        let r = try call("POST", "/v2/tickets/notes", #"{"ticket_id":"\#(ticket ?? ticketIDs[0])","value":"Checked the ABS module"\#(extra)}"#)
        guard r.status == 201, let o = r.json as? [String: Any] else { throw TestFailure("note: \(r.status) \(r.text)") }
        return o
    }

    func setClock(_ body: String) throws {
        let r = try app.post("/__admin/tenants/\(tenantID)/clock", body)
        guard r.status == 200 else { throw TestFailure("clock: \(r.status) \(r.text)") }
    }

    /// Sends a request to a signed URL (absolute, on this simulator).
    func signed(_ method: String, _ url: String, contentType: String? = nil, body: [UInt8] = []) throws -> WireResponse {
        let target = String(url.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.count)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        let c = try RawClient(port: app.port)
        c.send(Array((head + "\r\n").utf8) + body)
        return try c.readResponse()
    }
}

extension WireResponse {
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
}
