import Testing
import TestSupport

@Suite struct AuthTests {
    @Test func missingAuthorizationIs401WithProblemBody() throws {
        let f = try Fleet()
        let r = try f.call("GET", "/api/v1/issues", headers: [("Account-Token", "x")])
        #expect(r.status == 401)
        #expect(r.object["status"] as? Int == 401)
        #expect(r.object["title"] as? String == "Unauthorized")
        #expect(r.object["detail"] as? String == "Request could not be authenticated")
        #expect(r.object["instance"] as? String == "/api/v1/issues")
    }

    @Test func wrongAccountTokenIs401() throws {
        let f = try Fleet()
        let r = try f.call("GET", "/api/v1/issues", headers: [f.headers[0], ("Account-Token", "someone-else")])
        #expect(r.status == 401)
    }

    @Test func missingAccountTokenIs401() throws {
        let f = try Fleet()
        #expect(try f.call("GET", "/api/v1/issues", headers: [f.headers[0]]).status == 401)
    }

    @Test func unknownKeyIs401() throws {
        let f = try Fleet()
        #expect(try f.call("GET", "/api/v1/issues", headers: [("Authorization", "Token nope"), f.headers[1]]).status == 401)
    }

    @Test func olderTokenEqualsFormIsAccepted() throws {
        let f = try Fleet()
        let key = (f.headers[0].1).dropFirst("Token ".count)
        let r = try f.call("GET", "/api/v1/vehicles", headers: [("Authorization", "Token token=\"\(key)\""), f.headers[1]])
        #expect(r.status == 200)
    }

    @Test func readOnlyKeyCanRead() throws {
        let f = try Fleet()
        #expect(try f.call("GET", "/api/v1/issues", headers: f.readOnlyHeaders).status == 200)
    }

    @Test func readOnlyKeyGets403OnWrite() throws {
        let f = try Fleet()
        let r = try f.call("POST", "/api/v1/faults", "{}", headers: f.readOnlyHeaders)
        #expect(r.status == 403)
        #expect(r.object["detail"] as? String == "Insufficient permission to perform this operation")
    }

    @Test func tenantsDoNotSeeEachOthersRecords() throws {
        let a = try Fleet(), b = try Fleet()
        let issue = try a.createIssue()
        let id = issue["id"] as! Int
        #expect(try a.get("/api/v1/issues/\(id)").status == 200)
        #expect(try b.get("/api/v1/issues/\(id)").status == 404)
    }

    @Test func demoCredentialsWork() throws {
        let r = try sharedApp.request("GET", "/fleetio/api/v1/vehicles", headers: [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")])
        #expect(r.status == 200)
    }

    @Test func tenantObjectListsFixtureIDs() throws {
        let f = try Fleet()
        #expect(f.vehicleIDs.count >= 3)
        #expect(f.contactIDs.count >= 3)
        #expect(f.labelIDs.count >= 3)
        #expect(f.priorityIDs.count >= 3)
        #expect(f.ruleCodes.count >= 3)
        #expect(try f.get("/api/v1/vehicles/\(f.vehicleIDs[0])").status == 200)
    }
}
