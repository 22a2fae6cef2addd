import Foundation
import Testing
import UnderstudyCore

/// `--scenarios FILE|DIR`: the shipped examples load, and a bad file names itself, the field and the reason.
@Suite struct ScenarioFileTests {
    /// The repository's `scenarios/` folder.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios").path

    static func folder(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "scenarios-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func everyShippedExampleLoads() throws {
        let scenarios = try ScenarioFiles.load([Self.examples])
        #expect(Set(scenarios.map(\.name)) == ["fleetio-429-bursts", "stackone-provider-outage",
                                               "bossdesk-conflicts-and-plan-limits", "jifeline-expired-tokens"])
    }

    @Test func aFolderLoadsItsJSONFilesInNameOrder() throws {
        let dir = try Self.folder([
            "b.json": #"{"name":"second","rules":[{"match":{},"delay_ms":1}]}"#,
            "a.json": #"{"name":"first","rules":[{"match":{},"delay_ms":1}]}"#,
            "notes.txt": "not a scenario",
        ])
        #expect(try ScenarioFiles.load([dir]).map(\.name) == ["first", "second"])
    }

    @Test func aBadFileNamesTheFileTheFieldAndTheReason() throws {
        let dir = try Self.folder(["bad.json": #"{"name":"x","rules":[{"match":{},"fault":"explode"}]}"#])
        #expect {
            try ScenarioFiles.load(["\(dir)/bad.json"])
        } throws: { error in
            "\(error)".hasPrefix("\(dir)/bad.json: rules[0].fault: unknown fault 'explode'")
        }
    }

    @Test func invalidJSONIsNamed() throws {
        let dir = try Self.folder(["broken.json": #"{"name":"#])
        #expect {
            try ScenarioFiles.load([dir])
        } throws: { error in
            "\(error)".hasPrefix("\(dir)/broken.json: $: not valid JSON")
        }
    }

    @Test func aNameUsedTwiceIsRejected() throws {
        let dir = try Self.folder([
            "a.json": #"{"name":"same","rules":[{"match":{},"delay_ms":1}]}"#,
            "b.json": #"{"name":"same","rules":[{"match":{},"delay_ms":1}]}"#,
        ])
        #expect {
            try ScenarioFiles.load([dir])
        } throws: { error in
            "\(error)" == "\(dir)/b.json: name: 'same' is already used by \(dir)/a.json"
        }
    }

    @Test func aMissingPathIsNamed() {
        #expect {
            try ScenarioFiles.load(["/no/such/scenarios.json"])
        } throws: { error in
            "\(error)" == "/no/such/scenarios.json: $: no such file or folder"
        }
    }
}
