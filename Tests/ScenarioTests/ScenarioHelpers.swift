import Foundation
import TestSupport

/// A tenant of its own, with the headers its Fleetio calls need.
struct FleetioTenant {
    let id: String
    let headers: [(String, String)]
}

extension TestApp {
    /// Adds a scenario through the admin API; anything but 201 fails the test.
    func addScenario(_ json: String) throws {
        let r = try post("/__admin/scenarios", json)
        guard r.status == 201 else { throw TestFailure("scenario rejected: \(r.status) \(r.text)") }
    }

    func fleetioTenant() throws -> FleetioTenant {
        let t = try createTenant()
        guard let id = t["id"] as? String, let h = dig(t, "fleetio", "headers") as? [String: String] else {
            throw TestFailure("tenant object without fleetio headers")
        }
        return FleetioTenant(id: id, headers: h.map { ($0.key, $0.value) })
    }

    /// The statuses of `count` GETs of a Fleetio path as one tenant.
    func fleetioStatuses(_ path: String, as tenant: FleetioTenant, count: Int, extra: [(String, String)] = []) throws -> [Int] {
        try (0..<count).map { _ in try get("/fleetio" + path, headers: tenant.headers + extra).status }
    }
}
