import Foundation

/// A scenario file that cannot be loaded: `file: json.path: reason`, the one line `understudy` prints before exiting 2.
public struct ScenarioFileError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let path: String
    public let reason: String
    public var description: String { "\(file): \(path): \(reason)" }
}

/// Reads `--scenarios` arguments: each a scenario file or a folder whose `*.json` files are read in name order.
public enum ScenarioFiles {
    public static func load(_ paths: [String]) throws -> [Scenario] {
        var scenarios: [Scenario] = []
        var origin: [String: String] = [:]
        for file in try paths.flatMap(files(in:)) {
            let scenario = try parse(file)
            if let first = origin[scenario.name] {
                throw ScenarioFileError(file: file, path: "name", reason: "'\(scenario.name)' is already used by \(first)")
            }
            origin[scenario.name] = file
            scenarios.append(scenario)
        }
        return scenarios
    }

    static func files(in path: String) throws -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ScenarioFileError(file: path, path: "$", reason: "no such file or folder")
        }
        guard isDir.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(path)/\($0)" }
    }

    static func parse(_ file: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioFileError(file: file, path: "$", reason: "cannot be read")
        }
        let json: JSON
        do { json = try JSONParser.parse([UInt8](data)) } catch {
            throw ScenarioFileError(file: file, path: "$", reason: "not valid JSON (\(error))")
        }
        do { return try ScenarioParser.parse(json) } catch let e as ScenarioError {
            throw ScenarioFileError(file: file, path: e.path, reason: e.reason)
        }
    }
}
