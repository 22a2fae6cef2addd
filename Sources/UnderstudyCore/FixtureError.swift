import Synchronization
import Foundation
import HTTP1
import Storage

/// A fixture file that could not be read or understood.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    /// The file (or folder) at fault.
    public let file: String
    public let reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }

    /// Reads and parses `folder/file.json`, naming the file in any failure.
    public static func readJSON(_ folder: String, _ file: String) throws -> JSON {
        let path = "\(folder)/\(file).json"
        guard let data = FileManager.default.contents(atPath: path) else { throw FixtureError(file: path, reason: "cannot be read") }
        do { return try JSONParser.parse([UInt8](data)) } catch { throw FixtureError(file: path, reason: "\(error)") }
    }
}
