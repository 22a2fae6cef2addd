import Foundation
import HTTP1
import UnderstudyApp
import UnderstudyCore

/// The whole simulator on a free port, in process, for HTTP-level tests.
/// (`@unchecked Sendable`: its only state is the immutable `running` handle.)
public final class TestApp: @unchecked Sendable {
    public let running: Launcher.Running
    public var port: Int { running.port }
    public var simulator: Simulator { running.simulator }

    public init(_ configure: (inout UnderstudyConfiguration) -> Void = { _ in }) throws {
        var c = UnderstudyConfiguration(fixturesDirectory: Launcher.shippedFixtures)
        c.server.port = 0
        c.server.loopCount = 2
        c.server.shutdownGraceSeconds = 1
        c.logLevel = .error
        configure(&c)
        running = try Launcher.start(c)
    }

    deinit { running.stop() }

    /// Sends one request on a new connection and reads the answer.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil) throws -> WireResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let c = try RawClient(port: port)
        c.send(text)
        return try c.readResponse(head: method == "HEAD")
    }

    public func get(_ target: String, headers: [(String, String)] = []) throws -> WireResponse { try request("GET", target, headers: headers) }
    public func post(_ target: String, _ body: String? = nil, headers: [(String, String)] = []) throws -> WireResponse {
        try request("POST", target, headers: headers, body: body)
    }
    public func delete(_ target: String) throws -> WireResponse { try request("DELETE", target) }

    /// A new tenant's id.
    public func newTenantID() throws -> String {
        guard let id = try createTenant()["id"] as? String else { throw TestFailure("tenant without id") }
        return id
    }

    /// The registry's tenant object.
    public func tenant(_ id: String) throws -> Tenant {
        guard let t = simulator.registry.tenant(id) else { throw TestFailure("no tenant \(id)") }
        return t
    }

    /// A new tenant's object.
    public func createTenant(_ body: String? = nil) throws -> [String: Any] {
        let r = try post("/__admin/tenants", body)
        guard r.status == 201, let o = r.json as? [String: Any] else { throw TestFailure("tenant create failed: \(r.status) \(r.text)") }
        return o
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}

/// Walks a Foundation JSON value by keys and indexes, e.g. `dig(o, "fleetio", "headers", "Authorization")`.
public func dig(_ value: Any?, _ path: Any...) -> Any? {
    var v = value
    for p in path {
        if let k = p as? String { v = (v as? [String: Any])?[k] } else if let i = p as? Int, let a = v as? [Any], a.indices.contains(i) { v = a[i] } else { return nil }
    }
    return v
}
