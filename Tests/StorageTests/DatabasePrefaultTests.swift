import Glibc
@testable import Storage
import Testing

/// `Database.prefault`: the room an in-memory image grows into is made resident ahead of the commits that need it.
@Suite struct DatabasePrefaultTests {
    /// An in-memory database grown by inserts to a few MB, so memdb holds room past the image's end.
    private func grown() throws -> Database {
        let db = try Database()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        let body = String(repeating: "x", count: 1_000)
        try db.transaction { for i in 1...4_000 { try db.run("INSERT INTO t (id, body) VALUES (?, ?)", [i, body]) } }
        return db
    }

    /// Whether every page of `buffer[from..<to]` is in memory (mincore).
    private func resident(_ buffer: UnsafeMutableRawPointer, _ from: Int, _ to: Int) -> Bool {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: buffer) + from) / page * page
        let end = Int(bitPattern: buffer) + to
        var flags = [UInt8](repeating: 0, count: (end - start + page - 1) / page)
        guard mincore(UnsafeMutableRawPointer(bitPattern: start), end - start, &flags) == 0 else { return false }
        return flags.allSatisfy { $0 & 1 == 1 }
    }

    @Test func theRoomAheadOfTheImageBecomesResidentInSteps() throws {
        let db = try grown()
        let (buffer, used, _) = try #require(db.imageRoom())
        var total = 0
        var mark = PrefaultMark()
        while true {
            let n = db.prefault(&mark)
            #expect(n <= Database.prefaultStepBytes)
            if n == 0 { break }
            total += n
        }
        #expect(total > 0)
        #expect(total <= min(Database.prefaultAheadMaxBytes, used / 8))
        #expect(resident(buffer, used, used + total))
    }

    @Test func prefaultingLeavesTheImageAsItWas() throws {
        let db = try grown()
        var mark = PrefaultMark()
        while db.prefault(&mark) > 0 {}
        #expect(try db.first("PRAGMA integrity_check")?.string("integrity_check") == "ok")
        #expect(try db.first("SELECT count(*) AS n, sum(length(body)) AS b FROM t")?.int("n") == 4_000)
        try db.run("INSERT INTO t (id, body) VALUES (?, ?)", [4_001, "after"])
        #expect(try db.first("SELECT body FROM t WHERE id = 4001")?.string("body") == "after")
    }

    @Test func aFileDatabaseHasNothingToPrefault() throws {
        let path = "/tmp/prefault-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let db = try Database(.file(path))
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        var mark = PrefaultMark()
        #expect(db.prefault(&mark) == 0)
    }
}
