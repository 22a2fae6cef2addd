import UnderstudyCore

/// A bad flag or value: the one-line message the command prints before exiting with code 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Everything the command line and environment say (docs/INTERFACE.md, "Running it").
public struct CommandLineOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 7780
    public var dataDirectory: String?
    public var fixturesDirectory: String?
    public var scenarioPaths: [String] = []
    public var readyFile: String?
    public var startAt: Double?
    public var journalLimit = 10_000
    public var journalBytes = Journal.defaultMaxBytes
    public var showSecrets = false
    public var adminToken: String?
    public var logFormat: Logger.Format = .text
    public var logLevel: Logger.Level = .info
    public var showHelp = false
    public var showVersion = false

    public init() {}

    public static let usage = """
    usage: understudy [options]
           understudy coverage --url URL [--tenant ID] [--api NAME]   (see understudy coverage --help)
    Simulates Fleetio, Jifeline, StackOne and BOSSDesk on one port.

      --host H              address to bind (default 127.0.0.1; env UNDERSTUDY_HOST)
      --port N              port to bind, 0 picks a free one (default 7780; env UNDERSTUDY_PORT)
      --data-dir DIR        keep every tenant in SQLite files there (default: in memory; env UNDERSTUDY_DATA_DIR)
      --fixtures DIR        the seed world each new tenant starts from (default: the shipped seeds; env UNDERSTUDY_FIXTURES)
      --scenarios PATH      scenario file or folder, repeatable (env UNDERSTUDY_SCENARIOS, ':'-separated)
      --ready-file PATH     write the ready JSON there once listening
      --now ISO8601         start the clock frozen at this instant
      --journal-limit N     requests kept in the journal (default 10000)
      --journal-bytes N     bytes the journal may hold: N, NKiB, NMiB or NGiB (default 64MiB)
      --show-secrets        keep credentials unmasked in the journal and logs (default: masked)
      --admin-token T       require X-Understudy-Admin-Token: T on /__admin (env UNDERSTUDY_ADMIN_TOKEN)
      --log-format F        text or json (default text)
      --log-level L         debug, info, warning or error (default info)
      --help, --version
    """

    /// Reads the environment first, then the flags (which win). `--flag value` and `--flag=value` both work.
    public static func parse(_ arguments: [String], environment: [String: String]) throws -> CommandLineOptions {
        var o = CommandLineOptions()
        if let v = environment["UNDERSTUDY_HOST"], !v.isEmpty { o.host = v }
        if let v = environment["UNDERSTUDY_PORT"], !v.isEmpty { o.port = try port(v, source: "UNDERSTUDY_PORT") }
        if let v = environment["UNDERSTUDY_DATA_DIR"], !v.isEmpty { o.dataDirectory = v }
        if let v = environment["UNDERSTUDY_FIXTURES"], !v.isEmpty { o.fixturesDirectory = v }
        if let v = environment["UNDERSTUDY_SCENARIOS"], !v.isEmpty { o.scenarioPaths = v.split(separator: ":").map(String.init) }
        if let v = environment["UNDERSTUDY_ADMIN_TOKEN"], !v.isEmpty { o.adminToken = v }

        var i = 0
        var scenariosFromFlags: [String] = []
        while i < arguments.count {
            var flag = arguments[i]
            var inline: String?
            if flag.hasPrefix("--"), let eq = flag.firstIndex(of: "=") {
                inline = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            }
            func value() throws -> String {
                if let inline { return inline }
                i += 1
                guard i < arguments.count else { throw UsageError("\(flag): needs a value") }
                return arguments[i]
            }
            switch flag {
            case "--help", "-h": o.showHelp = true
            case "--version": o.showVersion = true
            case "--host":
                let v = try value()
                guard !v.isEmpty else { throw UsageError("--host: needs an address") }
                o.host = v
            case "--port": o.port = try port(try value(), source: "--port")
            case "--data-dir": o.dataDirectory = try nonEmpty(try value(), flag)
            case "--fixtures": o.fixturesDirectory = try nonEmpty(try value(), flag)
            case "--scenarios": scenariosFromFlags.append(try nonEmpty(try value(), flag))
            case "--ready-file": o.readyFile = try nonEmpty(try value(), flag)
            case "--now":
                let v = try value()
                guard let t = ISO8601.parse(v), ClockState.range.contains(t) else { throw UsageError("--now: expected an ISO-8601 date-time from 1970 to 9999 such as 2026-01-31T12:00:00Z, got '\(v)'") }
                o.startAt = t
            case "--journal-limit":
                let v = try value()
                guard let n = Int(v), n >= 0 else { throw UsageError("--journal-limit: expected a whole number ≥ 0, got '\(v)'") }
                o.journalLimit = n
            case "--journal-bytes":
                let v = try value()
                guard let n = byteCount(v) else { throw UsageError("--journal-bytes: expected a size such as 64MiB (N, NKiB, NMiB or NGiB), got '\(v)'") }
                o.journalBytes = n
            case "--show-secrets":
                guard inline == nil else { throw UsageError("--show-secrets: takes no value") }
                o.showSecrets = true
            case "--admin-token": o.adminToken = try nonEmpty(try value(), flag)
            case "--log-format":
                let v = try value()
                guard let f = Logger.Format(rawValue: v) else { throw UsageError("--log-format: expected text or json, got '\(v)'") }
                o.logFormat = f
            case "--log-level":
                let v = try value()
                guard let l = Logger.Level(name: v) else { throw UsageError("--log-level: expected debug, info, warning or error, got '\(v)'") }
                o.logLevel = l
            default:
                throw UsageError("unknown flag \(flag) (see --help)")
            }
            i += 1
        }
        if !scenariosFromFlags.isEmpty { o.scenarioPaths = scenariosFromFlags }
        return o
    }

    /// The most `--journal-bytes` accepts (the budget is counted in an `Int`).
    public static let maxJournalBytes = 1 << 40

    /// `N`, `NKiB`, `NMiB` or `NGiB` as bytes, at most ``maxJournalBytes``; nil when not one.
    static func byteCount(_ v: String) -> Int? {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1)]
        guard let (suffix, scale) = units.first(where: { v.hasSuffix($0.0) }),
              let n = ClientNumber.int(String(v.dropLast(suffix.count)), in: 0...maxJournalBytes) else { return nil }
        let bytes = ClientNumber.product(n, scale)
        return bytes <= maxJournalBytes ? bytes : nil
    }

    private static func port(_ v: String, source: String) throws -> Int {
        guard let p = Int(v), (0...65535).contains(p) else { throw UsageError("\(source): expected a port from 0 to 65535, got '\(v)'") }
        return p
    }

    private static func nonEmpty(_ v: String, _ flag: String) throws -> String {
        guard !v.isEmpty else { throw UsageError("\(flag): needs a value") }
        return v
    }
}
