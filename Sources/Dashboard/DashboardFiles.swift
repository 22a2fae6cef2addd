import Foundation

/// The dashboard's page, style sheet and script (`files/`), shipped with the binary as package resources and read
/// once: plain HTML, CSS and JavaScript, no third-party assets, working offline.
public enum DashboardFiles {
    /// A file by name (`index.html`, `dashboard.css`, `dashboard.js`): its media type and bytes; nil for any other.
    public static func file(_ name: String) -> (contentType: String, bytes: [UInt8])? {
        files[name]
    }

    static let types = ["index.html": "text/html; charset=utf-8", "dashboard.css": "text/css; charset=utf-8",
                        "dashboard.js": "text/javascript; charset=utf-8"]

    private static let files: [String: (contentType: String, bytes: [UInt8])] = {
        let folder = (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("files")
        var out: [String: (String, [UInt8])] = [:]
        for (name, type) in types {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { out[name] = (type, Array(data)) }
        }
        return out
    }()
}
