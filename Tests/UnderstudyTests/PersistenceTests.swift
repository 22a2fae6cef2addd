import Foundation
import Storage
import Testing
import TestSupport
import UnderstudyCore

@Suite struct PersistenceTests {
    private func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "understudy-data-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func tenantsSecretsClocksAndSnapshotsSurviveARestart() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var created: [String: Any] = [:]
        do {
            let app = try TestApp { $0.dataDirectory = dir }
            created = try app.createTenant(#"{"id":"durable"}"#)
            try app.simulator.registry.tenant("durable")!.withDatabase { try $0.execute("CREATE TABLE kept (v); INSERT INTO kept VALUES ('yes')") }
            _ = try app.post("/__admin/tenants/durable/clock", #"{"advance_s":777}"#)
            _ = try app.post("/__admin/tenants/durable/snapshots", #"{"name":"s"}"#)
        }
        let again = try TestApp { $0.dataDirectory = dir }
        let o = try again.get("/__admin/tenants/durable")
        #expect(o.status == 200)
        #expect(dig(o.json, "fleetio", "api_key") as? String == dig(created, "fleetio", "api_key") as? String)
        let key = try #require(dig(created, "fleetio", "api_key") as? String)
        #expect(again.simulator.registry.tenantID(api: "fleetio", secret: key) == "durable")
        let value = try again.simulator.registry.tenant("durable")!.withDatabase { try $0.scalar("SELECT v FROM kept").string }
        #expect(value == "yes")
        #expect(abs(((dig(try again.get("/__admin/tenants/durable/clock").json, "offset_s") as? Double) ?? 0) - 777) < 1)
        #expect(try again.post("/__admin/tenants/durable/restore", #"{"name":"s"}"#).status == 200)
        #expect(dig(try again.get("/__admin/health").json, "tenants") as? Int == 2)
    }

    @Test func deletedTenantLeavesNoFiles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let app = try TestApp { $0.dataDirectory = dir }
        _ = try app.createTenant(#"{"id":"temp"}"#)
        #expect(FileManager.default.fileExists(atPath: "\(dir)/tenants/temp.sqlite"))
        _ = try app.delete("/__admin/tenants/temp")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/tenants/temp.sqlite"))
    }

    /// A tenant file another version made (its schema version differs) is refused at start, naming the file and
    /// what to do; nothing in it is changed.
    @Test func aTenantFileFromAnotherSchemaVersionIsRefusedAtStartNamingTheFile() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let app = try TestApp { $0.dataDirectory = dir }
            _ = try app.createTenant(#"{"id":"old"}"#)
        }
        let path = "\(dir)/tenants/old.sqlite"
        do {
            let db = try Database(.file(path))
            try db.run("UPDATE _migrations SET version = version - 1 WHERE grp = 'bossdesk'")
        }
        do {
            _ = try TestApp { $0.dataDirectory = dir }
            Issue.record("a file from another schema version was opened")
        } catch {
            let message = String(describing: error)
            #expect(message.contains(path), "\(message)")
            #expect(message.contains("bossdesk schema is version"), "\(message)")
            #expect(message.contains("delete it"), "\(message)")
        }
        let db = try Database(.file(path))
        #expect(try db.scalar("SELECT version FROM _migrations WHERE grp = 'bossdesk'").int == 8)
    }
}
