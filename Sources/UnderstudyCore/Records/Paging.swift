import Storage
import HTTP1

/// Page-number pagination (`page`, `per_page`), shared by the APIs that use it.
public struct PageRequest: Sendable, Equatable {
    public let page: Int
    public let perPage: Int
    /// Records before this page; a page too far for an `Int` offset skips everything (an empty page, as Rails answers).
    public var offset: Int { ClientNumber.product(page - 1, perPage) }

    public init(page: Int, perPage: Int) {
        self.page = page
        self.perPage = perPage
    }

    /// Reads `page` (1-based; missing or unreadable means 1, < 1 means 1, past `Int.max` means `Int.max`) and
    /// `per_page`, clamped into `allowed` (missing or unreadable means `defaultPerPage`).
    public static func clamped(_ query: QueryString, defaultPerPage: Int, allowed: ClosedRange<Int>) -> PageRequest {
        let page = ClientNumber.clamped(query["page"], into: 1...Int.max) ?? 1
        let per = ClientNumber.clamped(query["per_page"], into: allowed) ?? defaultPerPage
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

extension PageRequest {
    /// The api-pagination gem's headers: `Link` (first/prev/next/last, other query parameters kept), `Total`, `Per-Page`.
    /// `base` is the URL without query (e.g. `http://host/bossdesk/api/v1/tickets`). As the gem does with
    /// will_paginate: any page after the first names `first` and `prev` (the page before the one asked for, even past
    /// the end); any page before the last names `last` and `next`.
    public func linkHeaders(total: Int, base: String, query: QueryString) -> HTTPHeaders {
        var h = HTTPHeaders()
        let last = max(1, totalPages(total))
        let kept = query.items.filter { $0.0 != "page" && $0.0 != "per_page" }
        func url(_ page: Int) -> String {
            let params = kept + [("page", String(page)), ("per_page", String(perPage))]
            return base + "?" + params.map { "\(QueryString.encode($0.0))=\(QueryString.encode($0.1))" }.joined(separator: "&")
        }
        var links: [String] = []
        if page > 1 {
            links.append("<\(url(1))>; rel=\"first\"")
            links.append("<\(url(page - 1))>; rel=\"prev\"")
        }
        if page < last {
            links.append("<\(url(last))>; rel=\"last\"")
            links.append("<\(url(page + 1))>; rel=\"next\"")
        }
        if !links.isEmpty { h.set("Link", links.joined(separator: ", ")) }
        h.set("Total", String(total))
        h.set("Per-Page", String(perPage))
        return h
    }
}
