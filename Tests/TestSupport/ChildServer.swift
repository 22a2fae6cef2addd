import Foundation
import Glibc

/// The built `understudy` binary run as a separate process, as a user runs it: for tests that kill it, restart it or
/// read its log. Its ready line comes through `--ready-file` and its stderr goes to a file, so no pipe of one test's
/// child is held open by another's.
public final class ChildServer: @unchecked Sendable {
    /// The `understudy` executable next to the test binary.
    public static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("understudy").path
    }

    /// How long the child may take to be ready, or to exit, before the test fails instead of hanging the run.
    public static let readySeconds = 30.0
    public static let exitSeconds = 20.0

    public let process: Process
    public let port: Int
    /// Where the child's stderr (its log) goes.
    public let logPath: String

    /// Starts `understudy --port 0` with `arguments` and waits for its ready file.
    public init(_ arguments: [String], scratch: String) throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let id = UUID().uuidString
        let ready = "\(scratch)/ready-\(id).json"
        logPath = "\(scratch)/log-\(id).txt"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = ["--port", "0", "--ready-file", ready] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        p.standardInput = FileHandle.nullDevice
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(Self.readySeconds)
        var port: Int?
        while port == nil && Date() < deadline && p.isRunning {
            if let data = FileManager.default.contents(atPath: ready), !data.isEmpty,
               let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                port = o["port"] as? Int
            } else {
                usleep(10_000)
            }
        }
        guard let port else {
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw TestFailure("understudy \(arguments) was not ready within \(Self.readySeconds) s: \(log)")
        }
        self.port = port
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// What the child has logged so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `kill -9` and wait for it to be gone.
    public func kill9() {
        kill(process.processIdentifier, SIGKILL)
        waitForExit()
    }

    /// SIGTERM and wait for the exit.
    public func stop() {
        if process.isRunning { process.terminate() }
        waitForExit()
    }

    /// Waits for the exit; a child still running after `exitSeconds` is killed (and the wait fails).
    @discardableResult
    public func waitForExit() -> Bool {
        let deadline = Date().addingTimeInterval(Self.exitSeconds)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGKILL)
        return false
    }

    /// Sends one request on a new connection and reads the answer.
    public func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil,
                        timeout: Double = 10) throws -> WireResponse {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        let c = try RawClient(port: port, timeout: timeout)
        c.send(text)
        return try c.readResponse()
    }
}
