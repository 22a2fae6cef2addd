/// A path pattern: `/`-separated literal segments, `:name` for one segment, and a final `*` for the rest.
/// Shared by the route tables, the journal filter and scenario rules.
public struct PathPattern: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest
    }

    let segments: [Segment]
    /// The pattern as written.
    public let text: String
    /// Where `*` stands. A `*` anywhere but last matches nothing (`match` relies on that to index `parts` safely).
    private let restIndex: Int?
    private let matchesNothing: Bool

    public init(_ pattern: String) {
        text = pattern
        let segments: [Segment] = pattern.split(separator: "/").map { s in
            if s == "*" { return .rest }
            if s.hasPrefix(":") && s.count > 1 { return .parameter(String(s.dropFirst())) }
            return .literal(String(s))
        }
        self.segments = segments
        let rests = segments.indices.filter { segments[$0] == .rest }
        restIndex = rests.first
        matchesNothing = rests.contains { $0 != segments.count - 1 }
    }

    /// How many segments every path it matches has; nil when it ends in `*` (or matches nothing).
    var fixedLength: Int? { restIndex == nil && !matchesNothing ? segments.count : nil }

    /// Splits a raw path into decoded segments (empty segments dropped; `+` stays `+` in a path).
    public static func segments(of path: String) -> [String] {
        // Split on bytes: splitting a String on a Character walks grapheme clusters.
        var parts: [String] = []
        parts.reserveCapacity(8)
        var path = path
        path.withUTF8 { bytes in
            var start = 0
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                if i > start {
                    let segment = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    parts.append(bytes[start..<i].contains(UInt8(ascii: "%")) ? QueryString.decode(segment, plusIsSpace: false) : segment)
                }
                start = i + 1
            }
        }
        return parts
    }

    /// The captured parameters when the path matches (`*` captures the rest under the key `*`).
    public func match(_ path: String) -> [String: String]? { match(segments: Self.segments(of: path)) }

    /// Like `match(_:)`, for a path already split by `segments(of:)`.
    public func match(segments parts: [String]) -> [String: String]? {
        // Rejects on length and literals first: a route table tries many patterns per request.
        if matchesNothing { return nil }
        if let r = restIndex { if parts.count < r { return nil } } else if parts.count != segments.count { return nil }
        for (k, seg) in segments.enumerated() {
            if case .literal(let l) = seg, parts[k] != l { return nil }
        }
        var params: [String: String] = [:]
        var i = 0
        for (k, seg) in segments.enumerated() {
            switch seg {
            case .rest:
                params["*"] = parts[min(i, parts.count)...].joined(separator: "/")
                return k == segments.count - 1 ? params : nil
            case .literal(let l):
                guard i < parts.count, parts[i] == l else { return nil }
            case .parameter(let name):
                guard i < parts.count else { return nil }
                params[name] = parts[i]
            }
            i += 1
        }
        return i == parts.count ? params : nil
    }
}
