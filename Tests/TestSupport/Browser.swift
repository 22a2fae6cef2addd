import Foundation
import Glibc

/// A headless Chromium driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`: requests on fd 3,
/// answers on fd 4, each a JSON message ended by NUL), for tests of the dashboard in a real browser.
public final class Browser: @unchecked Sendable {
    /// The browser found on this machine (Debian's `chromium`), or nil: tests that need it are skipped.
    public static let path: String? = {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
                let p = "\(dir)/\(name)"
                if access(p, X_OK) == 0 { return p }
            }
        }
        return nil
    }()

    private let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    private var session = ""
    private let profile: String

    /// Starts the browser with one page open at `url`.
    public init(_ url: String, width: Int = 1280, height: Int = 800) throws {
        guard let path = Self.path else { throw TestFailure("no chromium on this machine") }
        profile = NSTemporaryDirectory() + "understudy-browser-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var requests: [Int32] = [0, 0], answers: [Int32] = [0, 0]
        guard pipe(&requests) == 0, pipe(&answers) == 0 else { throw TestFailure("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, requests[0], 3)
        posix_spawn_file_actions_adddup2(&actions, answers[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let args = [path, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--remote-debugging-pipe", "--user-data-dir=\(profile)", "--window-size=\(width),\(height)", "about:blank"]
        var argv = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var child: pid_t = 0
        guard posix_spawn(&child, path, &actions, nil, &argv, environ) == 0 else { throw TestFailure("cannot start \(path)") }
        pid = child
        close(requests[0])
        close(answers[1])
        toBrowser = requests[1]
        fromBrowser = answers[0]
        let target = try call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = (target["targetId"] as? String) else { throw TestFailure("no target") }
        session = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true])["sessionId"] as? String ?? ""
        _ = try call("Page.navigate", ["url": url], inSession: true)
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(toBrowser)
        close(fromBrowser)
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Runs JavaScript in the page (promises awaited) and returns its value.
    public func evaluate(_ expression: String) throws -> Any? {
        let r = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true], inSession: true)
        if let e = r["exceptionDetails"] { throw TestFailure("script failed: \(e)") }
        return (r["result"] as? [String: Any])?["value"]
    }

    /// Waits until `expression` is truthy in the page (at most `seconds`); its last value.
    @discardableResult
    public func wait(for expression: String, seconds: Double = 20) throws -> Any? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let v = try? evaluate(expression)
            if let b = v as? Bool, b { return v }
            if let v, !(v is Bool), !(v is NSNull) { return v }
            if Date() > deadline { throw TestFailure("timed out waiting for \(expression)") }
            usleep(100_000)
        }
    }

    /// A PNG of the page as shown.
    public func screenshot() throws -> Data {
        let r = try call("Page.captureScreenshot", ["format": "png"], inSession: true)
        guard let b64 = r["data"] as? String, let data = Data(base64Encoded: b64) else { throw TestFailure("no screenshot") }
        return data
    }

    /// Resizes the page's window (for narrow layouts).
    public func resize(width: Int, height: Int) throws {
        _ = try call("Emulation.setDeviceMetricsOverride", ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false],
                     inSession: true)
    }

    private func call(_ method: String, _ params: [String: Any], inSession: Bool = false) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if inSession { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestFailure("browser gone") }
            sent += n
        }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let answer = try nextMessage()
            guard answer["id"] as? Int == id else { continue }
            if let e = answer["error"] { throw TestFailure("\(method): \(e)") }
            return answer["result"] as? [String: Any] ?? [:]
        }
        throw TestFailure("\(method): no answer")
    }

    private func nextMessage() throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeFirst(end + 1)
                return (try? JSONSerialization.jsonObject(with: Data(message)) as? [String: Any]) ?? [:]
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var p = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 30_000) > 0 else { throw TestFailure("browser silent") }
            let n = chunk.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestFailure("browser closed its pipe") }
            buffer += chunk[0..<n]
        }
    }
}
