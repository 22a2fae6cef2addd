import Testing
import TestSupport

@Suite struct TokenTests {
    @Test func clientCredentialsGiveABearerToken() throws {
        let j = try Jifeline()
        let r = try j.token("grant_type=client_credentials&client_id=\(j.clientID)&client_secret=\(j.clientSecret)")
        #expect(r.status == 200)
        #expect(r.object["token_type"] as? String == "Bearer")
        #expect(r.object["expires_in"] as? Int == 3600)
        let token = try #require(r.object["access_token"] as? String)
        #expect(try j.call("GET", "/v2/tickets/tickets", headers: [("Authorization", "Bearer \(token)")]).status == 200)
    }

    @Test func wrongSecretIsInvalidClient() throws {
        let j = try Jifeline()
        let r = try j.token("grant_type=client_credentials&client_id=\(j.clientID)&client_secret=nope")
        #expect(r.status == 400)
        #expect(r.object["error"] as? String == "invalid_client")
    }

    @Test func unknownClientIsInvalidClient() throws {
        let j = try Jifeline()
        #expect(try j.token("grant_type=client_credentials&client_id=who&client_secret=x").object["error"] as? String == "invalid_client")
    }

    @Test func otherGrantTypeIsUnsupported() throws {
        let j = try Jifeline()
        let r = try j.token("grant_type=password&client_id=\(j.clientID)&client_secret=\(j.clientSecret)")
        #expect(r.status == 400)
        #expect(r.object["error"] as? String == "unsupported_grant_type")
    }

    @Test func tokenExpiresAfterAnHourOfSimulatedTime() throws {
        let j = try Jifeline()
        try j.setClock(#"{"frozen":true}"#)
        let token = try j.accessToken()
        let auth = [("Authorization", "Bearer \(token)")]
        try j.setClock(#"{"advance_s":3599}"#)
        #expect(try j.call("GET", "/v2/tickets/tickets", headers: auth).status == 200)
        try j.setClock(#"{"advance_s":2}"#)
        let r = try j.call("GET", "/v2/tickets/tickets", headers: auth)
        #expect(r.status == 401)
        #expect(r.header("Content-Type") == "application/problem+json")
    }

    @Test func convenienceTokenDoesNotExpire() throws {
        let j = try Jifeline()
        try j.setClock(#"{"advance_s":864000}"#)
        #expect(try j.call("GET", "/v2/tickets/tickets").status == 200)
    }

    @Test func missingTokenIs401Problem() throws {
        let j = try Jifeline()
        let r = try j.call("GET", "/v2/tickets/tickets", headers: [])
        #expect(r.status == 401)
        #expect(r.object["status"] as? Int == 401)
        #expect(r.object["type"] as? String == "about:blank")
    }

    @Test func apiKeyHeaderIsAcceptedAlongside() throws {
        let j = try Jifeline()
        #expect(try j.call("GET", "/v2/tickets/tickets", headers: [j.bearer, ("x-api-key", "anything")]).status == 200)
    }

    @Test func anotherTenantsTokenSeesOnlyItsOwnTickets() throws {
        let a = try Jifeline(), b = try Jifeline()
        let note = try a.createNote()
        #expect(try b.call("GET", "/v2/tickets/notes/\(note["id"] as! String)").status == 404)
    }
}
