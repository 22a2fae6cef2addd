import HTTP1
import Storage
import UnderstudyCore

/// Parsed lookup tables, kept across requests: no endpoint changes them and every tenant starts from the same
/// seed world, so one copy serves all tenants of a process. Thread-safe.
final class LookupCache: Sendable {
    private let tables = Locked<[String: [Int: JSON]]>([:])

    func table(_ kind: String) -> [Int: JSON]? { tables.withLock { $0[kind] } }
    /// The tables of these kinds, in their order, as `keepBundle` last kept them for these kinds (tables are never
    /// dropped): a ticket's answer needs the same eight on every request, found with one look, not eight, and then
    /// each by its place in the list rather than by hashing its name.
    func bundle(_ kinds: [String]) -> [[Int: JSON]]? { bundled.withLock { $0?.kinds == kinds ? $0?.tables : nil } }
    /// The tables of `kinds` (which must all be kept by now; one missing is empty), remembered as their bundle.
    func keepBundle(_ kinds: [String]) -> [[Int: JSON]] {
        let kept = tables.withLock { all in kinds.map { all[$0] ?? [:] } }
        bundled.withLock { $0 = (kinds, kept) }
        return kept
    }
    private let bundled = Locked<(kinds: [String], tables: [[Int: JSON]])?>(nil)
    func store(_ kind: String, _ table: [Int: JSON]) { tables.withLock { $0[kind] = table } }
}
