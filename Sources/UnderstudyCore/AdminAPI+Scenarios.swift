import HTTP1

/// `/__admin/scenarios`: list, add (optionally scoped to a tenant), remove one or all.
extension AdminAPI {
    func listScenarios() -> Response {
        JSONResponse.make(200, simulator.scenarios.listing())
    }

    func addScenario(_ req: AdminRequest) throws -> Response {
        let scenario: Scenario
        do { scenario = try ScenarioParser.parse(try req.body()) } catch let e as ScenarioError {
            throw AdminError.badRequest(e.description)
        }
        if let id = scenario.tenant, simulator.registry.tenant(id) == nil {
            throw AdminError.badRequest("tenant: no such tenant: \(id)")
        }
        simulator.scenarios.add(scenario)
        var response = JSONResponse.make(201, ["name": .string(scenario.name), "tenant": .from(scenario.tenant),
                                               "rules": .int(scenario.rules.count)])
        response.headers.set("Location", "/__admin/scenarios/\(scenario.name)")
        return response
    }

    func removeAllScenarios() -> Response {
        simulator.scenarios.removeAll()
        return Response(status: 204)
    }

    func removeScenario(_ name: String) throws -> Response {
        guard simulator.scenarios.remove(named: name) else { throw AdminError.notFound("no such scenario: \(name)") }
        return Response(status: 204)
    }
}
