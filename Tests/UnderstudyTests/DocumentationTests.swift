import Foundation
import Testing

/// The repository's own documents: the README a newcomer reads first, and the rule that nothing in the repository
/// points outside it.
@Suite struct DocumentationTests {
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every text file of the repository's own folders (not build output).
    static func files() throws -> [String] {
        var out: [String] = []
        for top in ["README.md", "docs", "Sources", "Tests", "bench", "clients", "fuzz", "scenarios", "seeds", "Dockerfile", ".ci"] {
            let url = root.appendingPathComponent(top)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue { out.append(top); continue }
            let walker = FileManager.default.enumerator(atPath: url.path)
            while let item = walker?.nextObject() as? String {
                let ext = (item as NSString).pathExtension
                if ["swift", "md", "json", "py", "lua", ""].contains(ext) && !item.hasPrefix("out/") { out.append(top + "/" + item) }
            }
        }
        return out
    }

    @Test func theReadmeOpensWithTheTwoCommandsCIRuns() throws {
        let readme = try Self.text("README.md")
        let firstBlock = readme.components(separatedBy: "```")[1]
        #expect(firstBlock.contains("swift run understudy"))
        #expect(firstBlock.contains("swift test"))
        #expect(try Self.text(".ci/run").split(separator: "\n").last == "swift test")
    }

    @Test func theReadmeStaysAUsersPage() throws {
        #expect(try Self.text("README.md").split(separator: "\n", omittingEmptySubsequences: false).count <= 150)
    }

    @Test func everyDocumentTheReadmeNamesExists() throws {
        let readme = try Self.text("README.md")
        let named = readme.components(separatedBy: "`").filter { $0.hasPrefix("docs/") && $0.hasSuffix(".md") && !$0.contains("*") }
        #expect(named.count >= 5)
        for path in named { #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(path)") }
    }

    @Test func noFileInTheRepositoryPointsOutsideIt() throws {
        // Made from pieces, so that this file does not hold the references it looks for.
        let guidance = "sha" + "red", design = "des" + "ign"
        let outside = ["../" + guidance, guidance + "/" + design, design + "/INTERFACE", design + "/ARCHITECTURE", "HTTP-" + "CHECKLIST"]
        var offenders: [String] = []
        for path in try Self.files() {
            guard let text = try? Self.text(path) else { continue }
            for needle in outside where text.contains(needle) { offenders.append("\(path): \(needle)") }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
