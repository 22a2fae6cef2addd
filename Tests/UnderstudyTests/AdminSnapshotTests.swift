import Foundation
import Storage
import Testing
import TestSupport
import UnderstudyCore

@Suite struct AdminSnapshotTests {
    private func mark(_ app: TestApp, _ id: String, _ value: String) throws {
        try app.simulator.registry.tenant(id)!.withDatabase { db in
            try db.execute("CREATE TABLE IF NOT EXISTS marks (v TEXT)")
            try db.run("DELETE FROM marks")
            try db.run("INSERT INTO marks VALUES (?)", [value])
        }
    }

    private func markOf(_ app: TestApp, _ id: String) throws -> String? {
        try app.simulator.registry.tenant(id)!.withDatabase { db in
            try db.query("SELECT name FROM sqlite_master WHERE name = 'marks'").isEmpty ? nil : db.scalar("SELECT v FROM marks").string
        }
    }

    @Test func restoreBringsBackTheSavedState() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        try mark(app, id, "saved")
        let save = try app.post("/__admin/tenants/\(id)/snapshots", #"{"name":"s1"}"#)
        #expect(save.status == 201)
        try mark(app, id, "changed")
        let restore = try app.post("/__admin/tenants/\(id)/restore", #"{"name":"s1"}"#)
        #expect(restore.status == 200)
        #expect(try markOf(app, id) == "saved")
    }

    @Test func restoreKeepsTheTenantsOwnCredentials() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(dig(o, "id") as? String)
        _ = try app.post("/__admin/tenants/\(id)/snapshots", #"{"name":"s1"}"#)
        _ = try app.post("/__admin/tenants/\(id)/restore", #"{"name":"s1"}"#)
        #expect(dig(try app.get("/__admin/tenants/\(id)").json, "fleetio", "api_key") as? String == dig(o, "fleetio", "api_key") as? String)
    }

    @Test func restoringAnUnknownSnapshotIs404() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants/demo/restore", #"{"name":"never"}"#)
        #expect(r.status == 404)
    }

    @Test func snapshotNeedsAName() throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/tenants/demo/snapshots", "{}").status == 400)
        #expect(try app.post("/__admin/tenants/demo/snapshots", #"{"name":"a/b"}"#).status == 400)
    }

    @Test func snapshotOfAnUnknownTenantIs404() throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/tenants/ghost/snapshots", #"{"name":"s"}"#).status == 404)
    }

    @Test func newTenantCanStartFromASnapshot() throws {
        let app = try TestApp()
        let source = try app.newTenantID()
        try mark(app, source, "inherited")
        _ = try app.post("/__admin/tenants/\(source)/snapshots", #"{"name":"golden"}"#)
        let copy = try #require(dig(try app.createTenant(#"{"from_snapshot":"\#(source)/golden"}"#), "id") as? String)
        #expect(try markOf(app, copy) == "inherited")
        try mark(app, copy, "diverged")
        #expect(try markOf(app, source) == "inherited")
    }

    @Test func bareSnapshotNameUsedByTwoTenantsIsAmbiguous() throws {
        let app = try TestApp()
        for _ in 0..<2 {
            let id = try app.newTenantID()
            _ = try app.post("/__admin/tenants/\(id)/snapshots", #"{"name":"same"}"#)
        }
        let r = try app.post("/__admin/tenants", #"{"from_snapshot":"same"}"#)
        #expect(r.status == 400)
    }

    @Test func snapshotsAreListed() throws {
        let app = try TestApp()
        _ = try app.post("/__admin/tenants/demo/snapshots", #"{"name":"b"}"#)
        _ = try app.post("/__admin/tenants/demo/snapshots", #"{"name":"a"}"#)
        #expect(dig(try app.get("/__admin/tenants/demo/snapshots").json, "snapshots") as? [String] == ["a", "b"])
    }
}
