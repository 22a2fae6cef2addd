import Foundation
import Testing
import TestSupport

/// A body over `HTTPLimits.maxBodyBytes` is refused after the head with 413 and `Connection: close`, worded in the
/// format of the vendor the request was for, and journaled like any other request.
@Suite struct TooLargeTests {
    static func send(_ app: TestApp, _ head: String) throws -> (WireResponse, Bool) {
        let c = try RawClient(port: app.port)
        c.send(head + "Content-Length: 99999999999\r\n\r\n")
        let r = try c.readResponse()
        return (r, c.waitForClose(seconds: 2))
    }

    @Test func fleetioAnswersItsOwnProblem() throws {
        let app = try TestApp()
        let (r, closed) = try Self.send(app, "POST /fleetio/api/v1/issues HTTP/1.1\r\nHost: x\r\nAuthorization: Token demo-fleetio-key\r\nAccount-Token: demo-fleetio-account\r\n")
        #expect(r.status == 413)
        #expect(r.header("Connection") == "close" && closed)
        #expect(dig(r.json, "status") as? Int == 413)
        #expect(dig(r.json, "instance") as? String == "/api/v1/issues")
    }

    @Test func stackOneAnswersItsEnvelope() throws {
        let app = try TestApp()
        let (r, _) = try Self.send(app, "POST /stackone/unified/ticketing/tickets HTTP/1.1\r\nHost: x\r\n")
        #expect(r.status == 413)
        #expect(dig(r.json, "statusCode") as? Int == 413)
        #expect(dig(r.json, "timestamp") is String)
    }

    @Test func bossDeskAnswersRailsErrors() throws {
        let app = try TestApp()
        let (r, _) = try Self.send(app, "POST /bossdesk/api/v1/tickets HTTP/1.1\r\nHost: x\r\n")
        #expect(r.status == 413)
        #expect(dig(r.json, "errors") != nil)
    }

    @Test(arguments: ["POST /bossdesk/s3/any-bucket", "PUT /jifeline/storage/c/n/file.pdf"])
    func theUploadEndpointsAnswerS3XML(_ line: String) throws {
        let app = try TestApp()
        let (r, _) = try Self.send(app, "\(line) HTTP/1.1\r\nHost: x\r\n")
        #expect(r.status == 413)
        #expect(r.header("Content-Type") == "application/xml")
        #expect(r.text.contains("<Code>EntityTooLarge</Code>"))
    }

    @Test func theAdminAPIAndUnknownPathsAnswerTheAdminShape() throws {
        let app = try TestApp()
        for line in ["POST /__admin/tenants", "POST /nowhere/at/all"] {
            let (r, _) = try Self.send(app, "\(line) HTTP/1.1\r\nHost: x\r\n")
            #expect(r.status == 413)
            #expect((dig(r.json, "error") as? String)?.contains("larger than") == true)
        }
    }

    @Test func aRefusedRequestIsJournaled() throws {
        let app = try TestApp()
        _ = try Self.send(app, "POST /stackone/unified/ticketing/tickets HTTP/1.1\r\nHost: x\r\n")
        let entries = try #require(dig(try app.get("/__admin/requests").json, "requests") as? [[String: Any]])
        #expect(entries.last?["status"] as? Int == 413)
        #expect(entries.last?["path"] as? String == "/unified/ticketing/tickets")
    }
}
