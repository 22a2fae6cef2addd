import Dashboard
import HTTP1

/// `/__admin/ui`: the dashboard's page and its two files, served to anyone (they hold no data: everything the page
/// shows it reads through the admin API, sending the admin token when one is set).
enum DashboardPage {
    static let path = "/__admin/ui"

    /// The file a path names under `/__admin/ui`, or nil for any other path.
    static func answer(_ requestPath: String) -> Response? {
        guard requestPath == path || requestPath.hasPrefix(path + "/") else { return nil }
        let rest = requestPath.dropFirst(path.count).drop { $0 == "/" }
        let name = rest.isEmpty ? "index.html" : String(rest)
        guard let file = DashboardFiles.file(name) else {
            return AdminError.notFound("no such dashboard file: \(name)").response
        }
        var h = HTTPHeaders()
        h.set("Content-Type", file.contentType)
        h.set("Cache-Control", "no-cache")
        return Response(status: 200, headers: h, body: file.bytes)
    }
}
