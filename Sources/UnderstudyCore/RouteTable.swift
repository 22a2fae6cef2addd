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

    public init() {}

    /// Adds a route.
    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        routes.append(Route(method: method, pattern: PathPattern(pattern), handler: handler))
    }

    /// Finds the route for a method and raw path.
    public func match(method: String, path: String) -> Match {
        let parts = PathPattern.segments(of: path)
        var allowed: [String] = []
        var headFallback: (Handler, [String: String])?
        for route in routes {
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
