import Dispatch
import Foundation
import Glibc
import Testing
import TestSupport
import UnderstudyApp
import UnderstudyCore

@Suite struct CommandLineOptionTests {
    @Test func defaultsMatchTheInterface() throws {
        let o = try CommandLineOptions.parse([], environment: [:])
        #expect(o.host == "127.0.0.1")
        #expect(o.port == 7780)
        #expect(o.journalLimit == 10_000)
        #expect(o.journalBytes == 64 << 20)
        #expect(o.showSecrets == false)
        #expect(o.dataDirectory == nil)
        #expect(o.logFormat == .text)
        #expect(o.logLevel == .info)
    }

    @Test func flagsWinOverEnvironment() throws {
        let o = try CommandLineOptions.parse(["--port", "9000", "--host=0.0.0.0"],
                                             environment: ["UNDERSTUDY_PORT": "8000", "UNDERSTUDY_HOST": "10.0.0.1", "UNDERSTUDY_DATA_DIR": "/tmp/d"])
        #expect(o.port == 9000)
        #expect(o.host == "0.0.0.0")
        #expect(o.dataDirectory == "/tmp/d")
    }

    @Test func everyFlagIsRead() throws {
        let o = try CommandLineOptions.parse([
            "--data-dir", "/d", "--fixtures", "/f", "--ready-file", "/r", "--now", "2030-01-01T00:00:00Z",
            "--journal-limit", "5", "--admin-token", "t", "--log-format", "json", "--log-level", "debug",
            "--journal-bytes", "3MiB", "--show-secrets",
        ], environment: [:])
        #expect(o.journalBytes == 3 << 20)
        #expect(o.showSecrets)
        #expect(o.dataDirectory == "/d")
        #expect(o.fixturesDirectory == "/f")
        #expect(o.readyFile == "/r")
        #expect(o.startAt == ISO8601.parse("2030-01-01T00:00:00Z"))
        #expect(o.journalLimit == 5)
        #expect(o.adminToken == "t")
        #expect(o.logFormat == .json)
        #expect(o.logLevel == .debug)
    }

    @Test func scenariosFlagRepeats() throws {
        let o = try CommandLineOptions.parse(["--scenarios", "a.json", "--scenarios", "dir"], environment: ["UNDERSTUDY_SCENARIOS": "x:y"])
        #expect(o.scenarioPaths == ["a.json", "dir"])
        #expect(try CommandLineOptions.parse([], environment: ["UNDERSTUDY_SCENARIOS": "x:y"]).scenarioPaths == ["x", "y"])
    }

    @Test(arguments: [
        (["--port", "http"], "--port: expected a port from 0 to 65535, got 'http'"),
        (["--port", "70000"], "--port: expected a port from 0 to 65535, got '70000'"),
        (["--port"], "--port: needs a value"),
        (["--now", "tomorrow"], "--now: expected an ISO-8601 date-time from 1970 to 9999 such as 2026-01-31T12:00:00Z, got 'tomorrow'"),
        (["--now", "1969-12-31T23:59:59Z"], "--now: expected an ISO-8601 date-time from 1970 to 9999 such as 2026-01-31T12:00:00Z, got '1969-12-31T23:59:59Z'"),
        (["--log-format", "xml"], "--log-format: expected text or json, got 'xml'"),
        (["--journal-limit", "-3"], "--journal-limit: expected a whole number ≥ 0, got '-3'"),
        (["--journal-bytes", "lots"], "--journal-bytes: expected a size such as 64MiB (N, NKiB, NMiB or NGiB), got 'lots'"),
        (["--journal-bytes", "9999999GiB"], "--journal-bytes: expected a size such as 64MiB (N, NKiB, NMiB or NGiB), got '9999999GiB'"),
        (["--show-secrets=yes"], "--show-secrets: takes no value"),
        (["--frobnicate"], "unknown flag --frobnicate (see --help)"),
    ])
    func badFlagsNameThemselves(_ args: [String], _ message: String) {
        do {
            _ = try CommandLineOptions.parse(args, environment: [:])
            Issue.record("expected a usage error")
        } catch {
            #expect("\(error)" == message)
        }
    }
}

/// The built `understudy` binary, run as a user would.
/// Serialized: children spawned at the same moment inherit each other's pipe ends, so a
/// concurrently running server would hold another test's stdout open and its read would never end.
@Suite(.serialized) struct CommandProcessTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("understudy").path
    }

    private func launch(_ args: [String], environment: [String: String]? = nil) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    /// How long a child may take to print its ready line before the test fails (instead of hanging the run).
    static let readySeconds: Int32 = 30

    /// Reads the first line of a pipe (the ready line); empty when nothing arrives in time.
    private func firstLine(_ pipe: Pipe) -> String {
        var bytes: [UInt8] = []
        let fd = pipe.fileHandleForReading.fileDescriptor
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            guard poll(&pfd, 1, Self.readySeconds * 1000) == 1 else {
                Issue.record("no ready line within \(Self.readySeconds) s")
                break
            }
            var byte: UInt8 = 0
            if read(fd, &byte, 1) != 1 || byte == 10 { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How long a child may take to exit before the test kills it and fails (instead of hanging the run).
    static let exitSeconds = 20.0

    /// Waits for the child to exit; a child still running after `exitSeconds` is killed and the test fails.
    private func waitForExit(_ p: Process) {
        let deadline = Date().addingTimeInterval(Self.exitSeconds)
        while p.isRunning && Date() < deadline { usleep(5_000) }
        if p.isRunning {
            Issue.record("pid \(p.processIdentifier) still running after \(Self.exitSeconds) s")
            kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
    }

    @Test func readyLineComesFirstOnStdoutAndMatchesTheReadyFile() throws {
        let readyFile = NSTemporaryDirectory() + "ready-\(UUID().uuidString).json"
        let (p, out, _) = try launch(["--port", "0", "--ready-file", readyFile, "--log-level", "error"])
        defer { p.terminate(); waitForExit(p) }
        let line = firstLine(out)
        let ready = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(ready["event"] as? String == "ready")
        let port = try #require(ready["port"] as? Int)
        #expect(ready["url"] as? String == "http://127.0.0.1:\(port)")
        #expect(ready["admin_url"] as? String == "http://127.0.0.1:\(port)/__admin")
        #expect(ready["pid"] as? Int == Int(p.processIdentifier))
        #expect(ready["version"] as? String == UnderstudyVersion.current)
        #expect((try String(contentsOfFile: readyFile, encoding: .utf8)).trimmingCharacters(in: .newlines) == line)
        let health = try roundTrip(port: port, "GET /__admin/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(health.status == 200)
        #expect(health.text.contains("\"status\":\"ok\""))
    }

    /// SIGTERM sent the instant the ready line appears is never lost (it once was: the handler came after the line).
    @Test(arguments: 1...5) func sigtermRightAfterTheReadyLineExitsZero(_ attempt: Int) throws {
        let (p, out, _) = try launch(["--port", "0", "--log-level", "error"])
        _ = firstLine(out)
        p.terminate()
        waitForExit(p)
        #expect(p.terminationStatus == 0)
        #expect(p.terminationReason == .exit)
    }

    @Test func portInUseExitsTwoWithOneLine() throws {
        let (first, out, _) = try launch(["--port", "0", "--log-level", "error"])
        defer { first.terminate(); waitForExit(first) }
        let port = try #require((try JSONSerialization.jsonObject(with: Data(firstLine(out).utf8)) as? [String: Any])?["port"] as? Int)
        let (second, _, err) = try launch(["--port", String(port)])
        waitForExit(second)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(second.terminationStatus == 2)
        #expect(message == "understudy: --port \(port): cannot listen on 127.0.0.1: address already in use\n")
    }

    @Test func badFlagExitsTwoWithOneLine() throws {
        let (p, _, err) = try launch(["--port", "nope"])
        waitForExit(p)
        #expect(p.terminationStatus == 2)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "understudy: --port: expected a port from 0 to 65535, got 'nope'\n")
    }

    @Test func missingFixturesFolderExitsTwo() throws {
        let (p, _, err) = try launch(["--port", "0", "--fixtures", "/no/such/folder"])
        waitForExit(p)
        #expect(p.terminationStatus == 2)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("/no/such/folder"))
    }

    @Test func badScenarioFileExitsTwoNamingFileFieldAndReason() throws {
        let file = NSTemporaryDirectory() + "bad-scenario-\(UUID().uuidString).json"
        try #"{"name":"x","rules":[{"match":{},"when":{"nth":0},"delay_ms":1}]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let (p, _, err) = try launch(["--port", "0", "--scenarios", file])
        waitForExit(p)
        #expect(p.terminationStatus == 2)
        #expect(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            == "understudy: \(file): rules[0].when.nth: expected a whole number ≥ 1\n")
    }

    @Test func scenarioFilesGivenAtStartAct() throws {
        let file = NSTemporaryDirectory() + "scenario-\(UUID().uuidString).json"
        try #"{"name":"down","rules":[{"match":{"api":"fleetio"},"respond":{"error":"unavailable"}}]}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let (p, out, _) = try launch(["--port", "0", "--log-level", "error", "--scenarios", file])
        defer { p.terminate(); waitForExit(p) }
        let port = try #require((try JSONSerialization.jsonObject(with: Data(firstLine(out).utf8)) as? [String: Any])?["port"] as? Int)
        let r = try roundTrip(port: port, "GET /fleetio/api/v1/issues HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(r.status == 503)
    }

    @Test func versionPrintsTheVersion() throws {
        let (p, out, _) = try launch(["--version"])
        waitForExit(p)
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "understudy \(UnderstudyVersion.current)\n")
    }

    @Test func helpListsEveryFlag() throws {
        let (p, out, _) = try launch(["--help"])
        waitForExit(p)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for flag in ["--host", "--port", "--data-dir", "--fixtures", "--scenarios", "--ready-file", "--now", "--journal-limit",
                     "--journal-bytes", "--show-secrets", "--admin-token", "--log-format", "--log-level"] {
            #expect(text.contains(flag))
        }
    }
}
