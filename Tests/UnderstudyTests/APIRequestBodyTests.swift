import HTTP1
import Testing
import UnderstudyCore

private func request(_ method: String = "POST", body: String, contentType: String? = "application/json") -> APIRequest {
    var headers = HTTPHeaders()
    if let contentType { headers.set("Content-Type", contentType) }
    return APIRequest(http: Request(method: method, target: "/x", headers: headers, body: Array(body.utf8)),
                      api: "t", path: "/x", tenant: nil, now: 0, id: 1)
}

/// A request's body read as JSON (parsed before the request waits for its tenant, or when asked).
@Suite struct APIRequestBodyTests {
    @Test func aJSONBodyReadsAsItsValue() throws {
        #expect(try request(body: #"{"a":[1,"b"]}"#).bodyJSON() == ["a": [1, "b"]])
    }

    @Test func aBodyOfAnotherMediaTypeIsStillReadWhenAsked() throws {
        #expect(try request(body: #"{"a":1}"#, contentType: "text/plain").bodyJSON() == ["a": 1])
    }

    @Test func aBodyWithoutAMediaTypeReadsAsJSON() throws {
        #expect(try request(body: "[true]", contentType: nil).strictBodyJSON() == [true])
    }

    @Test func anEmptyBodyIsAnEmptyObjectUnlessStrict() throws {
        #expect(try request(body: "  \n").bodyJSON() == [:])
        #expect(throws: JSONParseError.self) { try request(body: "").strictBodyJSON() }
    }

    @Test func aBodyThatIsNotJSONIsAnErrorEitherWay() {
        #expect(throws: JSONParseError.self) { try request(body: "{nope").bodyJSON() }
        #expect(throws: JSONParseError.self) { try request(body: "{nope").strictBodyJSON() }
    }
}
