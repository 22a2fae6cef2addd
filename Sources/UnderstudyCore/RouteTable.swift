/// A method + path-pattern table (see `PathPattern`). Earlier routes win; HEAD falls back to GET (RFC 9110 §9.3.2).
public struct RouteTable<Handler: Sendable>: Sendable {
    /// The outcome of a lookup.
    public enum Match {
        case found(Handler, parameters: [String: String], fresh: Freshness?)
        /// The path exists under other methods (for 405 + `Allow`).
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// Everything but the handlers, in code that is not generic (so it is compiled once, optimised, in this module).
    private var index = RouteIndex()
    private var handlers: [Handler] = []
    private var freshness: [Freshness?] = []

    public init() {}

    /// Adds a route; `fresh` says for how long its answer to a GET may be served again from the tenant's response
    /// cache (nil: never), `pages` that it answers a list in pages (the coverage report asks whether a later page
    /// was ever requested).
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler, fresh: Freshness? = nil, pages: Bool = false) {
        index.add(method, PathPattern(pattern), pages: pages)
        handlers.append(handler)
        freshness.append(fresh)
    }

    /// Every route's method and pattern as written, in table order.
    public var operations: [APIOperation] { index.operations }

    /// Finds the route for a method and raw path.
    public func match(method: String, path: String) -> Match {
        switch index.match(method: method, path: path) {
        case .found(let i, let parameters): return .found(handlers[i], parameters: parameters, fresh: freshness[i])
        case .methodNotAllowed(let allowed): return .methodNotAllowed(allowed: allowed)
        case .notFound: return .notFound
        }
    }
}

/// The routes of a ``RouteTable`` by number: their methods and patterns, and the patterns as a tree of segments.
struct RouteIndex: Sendable {
    enum Match {
        case found(Int, parameters: [String: String])
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [(method: String, pattern: PathPattern, pages: Bool)] = []
    /// The patterns as a tree of segments (node 0 is the root): a lookup walks the path's literals and parameters
    /// down it and tries only the routes whose patterns it reaches, in table order, not the whole table.
    private var nodes: [Node] = [Node()]

    private struct Node: Sendable {
        /// The next node for a literal segment, and for a parameter.
        var literals: [String: Int] = [:]
        var parameter: Int?
        /// Routes whose pattern ends here, and those whose `*` stands here (taking the rest, even nothing).
        var ends: [Int] = []
        var rests: [Int] = []
    }

    var operations: [APIOperation] { routes.map { APIOperation(method: $0.method, pattern: $0.pattern.text, pages: $0.pages) } }

    mutating func add(_ method: String, _ p: PathPattern, pages: Bool = false) {
        let index = routes.count
        routes.append((method, p, pages))
        var node = 0
        for segment in p.segments {
            switch segment {
            case .rest:
                // Matches only as the last segment (else nothing, as the pattern itself says).
                if p.fixedLength == nil, case .rest = p.segments.last { nodes[node].rests.append(index) }
                return
            case .literal(let l):
                if let next = nodes[node].literals[l] { node = next } else {
                    nodes.append(Node())
                    nodes[node].literals[l] = nodes.count - 1
                    node = nodes.count - 1
                }
            case .parameter:
                if let next = nodes[node].parameter { node = next } else {
                    nodes.append(Node())
                    nodes[node].parameter = nodes.count - 1
                    node = nodes.count - 1
                }
            }
        }
        nodes[node].ends.append(index)
    }

    /// The routes whose patterns a path's segments reach, in table order.
    private func candidates(_ parts: [String]) -> [Int] {
        var found: [Int] = []
        // The nodes reached at this depth and the next, in two halves of one buffer on the stack: a node has at
        // most two children a segment can follow (its literal and its parameter), and no level holds a node twice.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * nodes.count) { buffer in
            var level = 0, levelCount = 1, next = nodes.count, nextCount = 0
            buffer[0] = 0
            for depth in 0...parts.count {
                nextCount = 0
                for k in 0..<levelCount {
                    let n = buffer[level + k]
                    if !nodes[n].rests.isEmpty { found += nodes[n].rests }
                    if depth == parts.count {
                        if !nodes[n].ends.isEmpty { found += nodes[n].ends }
                    } else {
                        if let child = nodes[n].literals[parts[depth]] { buffer[next + nextCount] = child; nextCount += 1 }
                        if let child = nodes[n].parameter { buffer[next + nextCount] = child; nextCount += 1 }
                    }
                }
                if nextCount == 0 { break }
                swap(&level, &next)
                levelCount = nextCount
            }
        }
        return found.count > 1 ? found.sorted() : found
    }

    func match(method: String, path: String) -> Match {
        let parts = PathPattern.segments(of: path)
        var allowed: [String] = []
        var headFallback: (Int, [String: String])?
        for index in candidates(parts) {
            let route = routes[index]
            guard let params = route.pattern.match(segments: parts) else { continue }
            if route.method == method { return .found(index, parameters: params) }
            if method == "HEAD" && route.method == "GET" && headFallback == nil { headFallback = (index, params) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let (i, p) = headFallback { return .found(i, parameters: p) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }
}

/// One operation an API serves: a method and the vendor path template (`:name` for a segment, `*` for the rest).
public struct APIOperation: Sendable, Hashable, CustomStringConvertible {
    public let method: String
    public let pattern: String
    /// Whether it answers a list in pages.
    public let pages: Bool
    public init(method: String, pattern: String, pages: Bool = false) {
        self.method = method
        self.pattern = pattern
        self.pages = pages
    }
    public var description: String { "\(method) \(pattern)" }
}
