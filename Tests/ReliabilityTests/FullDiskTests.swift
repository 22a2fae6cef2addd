import Foundation
import Glibc
import Testing
import TestSupport

/// A real full disk: a small tmpfs as the data directory, filled up while the server runs. Needs root and a kernel
/// that lets this sandbox mount one; elsewhere the test is skipped (and says so).
@Suite(.serialized) struct FullDiskTests {
    /// A tmpfs of `megabytes` mounted at a fresh folder, or nil (with the reason) where mounting is not allowed.
    static func mountTmpfs(megabytes: Int) -> (path: String?, reason: String) {
        guard geteuid() == 0 else { return (nil, "not root") }
        let path = NSTemporaryDirectory() + "understudy-tmpfs-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard mount("tmpfs", path, "tmpfs", 0, "size=\(megabytes)m") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: path)
            return (nil, reason)
        }
        return (path, "")
    }

    static let canMount: Bool = {
        let (path, reason) = mountTmpfs(megabytes: 1)
        guard let path else {
            print("FullDiskTests skipped: cannot mount a tmpfs here (\(reason))")
            return false
        }
        umount(path)
        try? FileManager.default.removeItem(atPath: path)
        return true
    }()

    /// Writes zeros into `file` until the file system refuses (ENOSPC).
    static func fill(_ file: String) {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 64 * 1024)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        let small = [UInt8](repeating: 0, count: 512)
        while small.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    @Test(.enabled(if: canMount, "needs a tmpfs mount (root in a sandbox that allows it)"))
    func aFullDiskGivesTheVendors5xxAndAnErrorLogThenWritesWorkAgainOnceFreed() throws {
        let (mounted, reason) = Self.mountTmpfs(megabytes: 6)
        let path = try #require(mounted, "mount failed: \(reason)")
        defer {
            umount2(path, Int32(MNT_DETACH))
            try? FileManager.default.removeItem(atPath: path)
        }
        let scratch = NSTemporaryDirectory() + "understudy-full-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let server = try ChildServer(["--data-dir", "\(path)/data"], scratch: scratch)
        defer { server.stop() }
        let body = #"{"title":"\#(String(repeating: "f", count: 250))","creator_id":"user-005"}"#
        func create() throws -> WireResponse {
            try server.request("POST", "/stackone/unified/ticketing/tickets",
                               headers: [("Authorization", "Basic " + Data("demo-stackone-key:".utf8).base64EncodedString()),
                                         ("x-account-id", "demo-stackone-account")], body: body)
        }
        #expect(try create().status == 201)
        Self.fill("\(path)/filler")
        var refused: WireResponse?
        for _ in 0..<5_000 {  // the WAL may still have room for a while; a cap instead of a loop without end
            let r = try create()
            if r.status != 201 { refused = r; break }
        }
        let r = try #require(refused, "5,000 creates fitted on a full disk")
        #expect(r.status == 500)
        #expect(dig(r.json, "statusCode") as? Int == 500)
        #expect(try create().status == 500)
        let log = server.log
        #expect(log.contains(" error POST /stackone/unified/ticketing/tickets 500"), "\(log.suffix(2000))")
        #expect(log.contains("tenant=demo"))
        #expect(log.contains("full"), "the log names SQLite's error: \(log.suffix(2000))")
        // A tenant create that cannot be written leaves no file behind, not even its temporary one.
        let tenant = try server.request("POST", "/__admin/tenants")
        #expect(tenant.status == 500, "\(tenant.text)")
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(path)/data/tenants")
        #expect(files.allSatisfy { $0.hasPrefix("demo.sqlite") }, "\(files)")
        try FileManager.default.removeItem(atPath: "\(path)/filler")
        #expect(try create().status == 201)
        #expect(try server.request("POST", "/__admin/tenants/demo/reset").status == 200)
        #expect(try create().status == 201)
    }
}
