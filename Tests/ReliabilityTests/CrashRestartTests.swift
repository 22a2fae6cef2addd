import Foundation
import Testing
import TestSupport
import Storage
import UnderstudyCore

/// `kill -9` at any moment, with `--data-dir`: the next start starts, and every write that was answered is there.
/// Serialized: each test runs a server that other tests' load would slow.
@Suite(.serialized) struct CrashRestartTests {
    static func scratch() -> String { NSTemporaryDirectory() + "understudy-crash-\(UUID().uuidString)" }

    /// Creates tickets on demo and tenants, each on its own connection, until stopped or refused; keeps what was answered.
    final class Load: @unchecked Sendable {
        let tickets = Locked<[String]>([])
        let tenants = Locked<[String]>([])
        private let group = DispatchGroup()

        init(port: Int) {
            group.enter()
            DispatchQueue.global().async { [self] in
                defer { group.leave() }
                guard let c = try? RawClient(port: port, timeout: 5) else { return }
                for i in 0..<1_000_000 {
                    let body = #"{"title":"crash \#(i)","creator_id":"user-005"}"#
                    c.send("POST /stackone/unified/ticketing/tickets HTTP/1.1\r\nHost: x\r\n\(StackOneDemo.headers)Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                    guard let r = try? c.readResponse(), r.status == 201, let id = dig(r.json, "data", "id") as? String else { return }
                    tickets.withLock { $0.append(id) }
                }
            }
            group.enter()
            DispatchQueue.global().async { [self] in
                defer { group.leave() }
                guard let c = try? RawClient(port: port, timeout: 5) else { return }
                for _ in 0..<100_000 {
                    c.send("POST /__admin/tenants HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    guard let r = try? c.readResponse(), r.status == 201, let id = dig(r.json, "id") as? String else { return }
                    tenants.withLock { $0.append(id) }
                }
            }
        }

        /// Waits (at most `seconds`) until both loops have had this many answers.
        func waitFor(tickets n: Int, tenants m: Int, seconds: Double = 30) {
            let deadline = Date().addingTimeInterval(seconds)
            while (tickets.current.count < n || tenants.current.count < m) && Date() < deadline { usleep(5_000) }
        }

        func finish() { _ = group.wait(timeout: .now() + 30) }
    }

    @Test func fiveKillsDuringCreatesAndTenantCreatesLoseNothingAnswered() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var tickets: [String] = []
        var tenants: [String] = []
        for round in 1...5 {
            let server = try ChildServer(["--data-dir", "\(dir)/data", "--log-level", "error"], scratch: dir)
            // Everything answered in the rounds before is there.
            let c = try RawClient(port: server.port)
            var missing: [String] = []
            for id in tickets {
                c.send("GET /stackone/unified/ticketing/tickets/\(id)?fields=id HTTP/1.1\r\nHost: x\r\n\(StackOneDemo.headers)\r\n")
                if try c.readResponse().status != 200 { missing.append(id) }
            }
            for id in tenants {
                c.send("GET /__admin/tenants/\(id) HTTP/1.1\r\nHost: x\r\n\r\n")
                if try c.readResponse().status != 200 { missing.append(id) }
            }
            #expect(missing.isEmpty, "round \(round): \(missing.count) of \(tickets.count) tickets and \(tenants.count) tenants answered before were lost: \(missing.prefix(5))")
            let load = Load(port: server.port)
            load.waitFor(tickets: 20 * round, tenants: 3)
            server.kill9()
            load.finish()
            tickets += load.tickets.current
            tenants += load.tenants.current
            #expect(load.tenants.current.count >= 3, "round \(round): the tenant creates never got going")
        }
        // The last round's writes, after one more restart.
        let server = try ChildServer(["--data-dir", "\(dir)/data", "--log-level", "error"], scratch: dir)
        defer { server.stop() }
        for id in tenants { #expect(try server.request("GET", "/__admin/tenants/\(id)").status == 200, "tenant \(id)") }
        let c = try RawClient(port: server.port)
        var lost = 0
        for id in tickets {
            c.send("GET /stackone/unified/ticketing/tickets/\(id)?fields=id HTTP/1.1\r\nHost: x\r\n\(StackOneDemo.headers)\r\n")
            if try c.readResponse().status != 200 { lost += 1 }
        }
        #expect(lost == 0, "\(lost) of \(tickets.count) answered tickets lost")
        #expect(!server.log.contains("skipping"), "\(server.log)")
    }

    @Test func aTenantFileLeftHalfMadeByACrashIsRemovedAtStart() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/data/tenants", withIntermediateDirectories: true)
        let leftover = "\(dir)/data/tenants/t_half\(TenantRegistry.buildingSuffix)"
        _ = FileManager.default.createFile(atPath: leftover, contents: Data(repeating: 0, count: 4096))
        let server = try ChildServer(["--data-dir", "\(dir)/data"], scratch: dir)
        defer { server.stop() }
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(dig(try server.request("GET", "/__admin/health").json, "tenants") as? Int == 1)
    }

    @Test(arguments: [("garbage", Data("not a database at all".utf8)), ("empty", Data())])
    func aFileThatIsNoTenantIsSkippedWithAWarningNamingIt(_ name: String, _ contents: Data) throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/data/tenants", withIntermediateDirectories: true)
        let file = "\(dir)/data/tenants/\(name).sqlite"
        _ = FileManager.default.createFile(atPath: file, contents: contents)
        let server = try ChildServer(["--data-dir", "\(dir)/data"], scratch: dir)
        defer { server.stop() }
        #expect(try server.request("GET", "/__admin/health").status == 200)
        #expect(server.log.contains("warning skipping \(file)"), "\(server.log)")
        #expect(FileManager.default.fileExists(atPath: file), "a file the server did not make is left where it is")
    }

    /// What a `kill -9` in the middle of the old tenant create left: a 4,096-byte SQLite file without `_tenant`.
    @Test func aDatabaseWithoutATenantTableIsSkippedWithAWarning() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/data/tenants", withIntermediateDirectories: true)
        let file = "\(dir)/data/tenants/t_old.sqlite"
        let db = try Database(.file(file))
        try db.execute("CREATE TABLE x (y)")
        let server = try ChildServer(["--data-dir", "\(dir)/data"], scratch: dir)
        defer { server.stop() }
        #expect(dig(try server.request("GET", "/__admin/health").json, "tenants") as? Int == 1)
        #expect(server.log.contains("skipping \(file)"), "\(server.log)")
    }
}

/// StackOne credentials of the demo tenant as raw header lines.
enum StackOneDemo {
    static let headers = "Authorization: Basic " + Data("demo-stackone-key:".utf8).base64EncodedString() + "\r\nx-account-id: demo-stackone-account\r\n"
}
