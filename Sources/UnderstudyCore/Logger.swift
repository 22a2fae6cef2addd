import Glibc

/// One line per event on stderr, as text or JSON.
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        public var name: String { ["debug", "info", "warning", "error"][rawValue] }
        public init?(name: String) {
            guard let l = Level.allCases.first(where: { $0.name == name || (name == "warn" && $0 == .warning) }) else { return nil }
            self = l
        }
    }

    public enum Format: String, Sendable { case text, json }

    public let level: Level
    public let format: Format
    private let clock: SimClock
    private let lock = Lock()

    public init(level: Level = .info, format: Format = .text, clock: SimClock) {
        self.level = level
        self.format = format
        self.clock = clock
    }

    /// Whether a message at this level would be written.
    public func enabled(_ l: Level) -> Bool { l >= level }

    /// Writes one line: the message and ordered fields.
    public func log(_ l: Level, _ message: String, _ fields: [(String, JSON)] = []) {
        guard enabled(l) else { return }
        let at = ISO8601.format(clock.realNow(), fractionDigits: 3)
        var line: String
        switch format {
        case .json:
            line = JSON.object([("at", .string(at)), ("level", .string(l.name)), ("msg", .string(message))] + fields).text
        case .text:
            line = "\(at) \(l.name) \(message)"
            for (k, v) in fields {
                let value: String
                if case .string(let s) = v { value = s.contains(" ") ? "\"\(s)\"" : s } else { value = v.text }
                line += " \(k)=\(value)"
            }
        }
        line += "\n"
        lock.withLock {
            var bytes = Array(line.utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                written += n
            }
            bytes.removeAll()
        }
    }
}
