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
    /// The routes a path of n segments can match, by n, in table order: those of exactly n segments and those
    /// ending in `*` (a lookup tries a handful of patterns, not the whole table).
    private var byLength: [Int: [Int]] = [:]
    /// The routes ending in `*`, in table order (they go into every length's list, including lengths added later).
    private var open: [Int] = []

    public init() {}

    /// Adds a route.
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        let p = PathPattern(pattern)
        let index = routes.count
        routes.append(Route(method: method, pattern: p, handler: handler))
        if let n = p.fixedLength {
            if byLength[n] == nil { byLength[n] = open }
            byLength[n]?.append(index)
        } else {
            open.append(index)
            for n in byLength.keys { byLength[n]?.append(index) }
        }
    }

    /// Finds the route for a method and raw path.
    public func match(method: String, path: String) -> Match {
        let parts = PathPattern.segments(of: path)
        var allowed: [String] = []
        var headFallback: (Handler, [String: String])?
        for index in byLength[parts.count] ?? open {
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
