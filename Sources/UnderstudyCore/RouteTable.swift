/// A method + path-pattern table (see `PathPattern`). Earlier routes win; HEAD falls back to GET (RFC 9110 §9.3.2).
public struct RouteTable<Handler: Sendable>: Sendable {
    private struct Route: Sendable {
        let method: String
        let pattern: PathPattern
        let handler: Handler
    }

    /// The outcome of a lookup.
    public enum Match {
        case found(Handler, parameters: [String: String])
        /// The path exists under other methods (for 405 + `Allow`).
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var routes: [Route] = []
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

    public init() {}

    /// Adds a route.
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        let p = PathPattern(pattern)
        let index = routes.count
        routes.append(Route(method: method, pattern: p, handler: handler))
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
        func visit(_ n: Int, _ depth: Int) {
            let node = nodes[n]
            found += node.rests
            if depth == parts.count { found += node.ends; return }
            if let next = node.literals[parts[depth]] { visit(next, depth + 1) }
            if let next = node.parameter { visit(next, depth + 1) }
        }
        visit(0, 0)
        return found.count > 1 ? found.sorted() : found
    }

    /// Finds the route for a method and raw path.
    public func match(method: String, path: String) -> Match {
        let parts = PathPattern.segments(of: path)
        var allowed: [String] = []
        var headFallback: (Handler, [String: String])?
        for index in candidates(parts) {
            let route = routes[index]
            guard let params = route.pattern.match(segments: parts) else { continue }
            if route.method == method { return .found(route.handler, parameters: params) }
            if method == "HEAD" && route.method == "GET" && headFallback == nil { headFallback = (route.handler, params) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let (h, p) = headFallback { return .found(h, parameters: p) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }
}
