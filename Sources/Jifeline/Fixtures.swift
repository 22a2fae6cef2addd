import Foundation
import Storage
import UnderstudyCore

/// The seed world (`seeds/jifeline/*.json`): the API client (author of notes), tickets in every state, a few notes.
enum Fixtures {
    static let clientKind = "client"

    static func load(into db: TenantDatabase, from directory: String) throws {
        let folder = directory + "/jifeline"
        let store = RecordStore(db, table: JifelineAPI.table)
        let client = try FixtureError.readJSON(folder, "client")
        try store.insert(clientKind, seq: 1, key: "1", doc: client)
        for kind in RecordKinds.all { try kind.loadSeedFile(folder, into: db) }
    }

}
