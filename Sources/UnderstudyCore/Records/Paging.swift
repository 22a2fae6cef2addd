import Storage

/// Page-number pagination (`page`, `per_page`), shared by the APIs that use it.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let perPage: Int
    public var offset: Int { (page - 1) * perPage }

    public init(page: Int, perPage: Int) {
        self.page = page
        self.perPage = perPage
    }

    /// Reads `page` (1-based; missing, unreadable or < 1 means 1) and `per_page`, clamped into `allowed`
    /// (missing or unreadable means `defaultPerPage`).
    public static func clamped(_ query: QueryString, defaultPerPage: Int, allowed: ClosedRange<Int>) -> PageRequest {
        let page = max(1, query["page"].flatMap { Int($0.trimmed) } ?? 1)
        let per = query["per_page"].flatMap { Int($0.trimmed) }.map { min(max($0, allowed.lowerBound), allowed.upperBound) } ?? defaultPerPage
        return PageRequest(page: page, perPage: per)
    }

    /// Total pages for a count (0 when there is nothing).
    public func totalPages(_ total: Int) -> Int { (total + perPage - 1) / perPage }
}

/// Opaque keyset cursors: the position after the last record of a page, base64url JSON.
public enum Cursor {
    /// Encodes a keyset.
    public static func encode(_ k: Keyset) -> String {
        let values: [JSON] = k.values.map { v in
            switch v {
            case .null: return .null
            case .integer(let i): return .int(Int(i))
            case .real(let d): return .double(d)
            case .text(let s): return .string(s)
            case .blob(let b): return .string(Base64.encode(b))
            }
        }
        let json: JSON = ["v": .array(values), "s": .int(k.seq)]
        return Base64.encode(json.bytes, url: true)
    }

    /// Decodes a cursor made by ``encode(_:)``; nil when it is not one.
    public static func decode(_ text: String) -> Keyset? {
        guard let bytes = Base64.decode(text, url: true), let json = try? JSONParser.parse(bytes),
              let seq = json["s"]?.int, let values = json["v"]?.array else { return nil }
        var out: [SQLValue] = []
        for v in values {
            switch v {
            case .null: out.append(.null)
            case .int(let i): out.append(.integer(Int64(i)))
            case .double(let d): out.append(.real(d))
            case .string(let s): out.append(.text(s))
            case .bool(let b): out.append(.integer(b ? 1 : 0))
            default: return nil
            }
        }
        return Keyset(values: out, seq: seq)
    }
}
