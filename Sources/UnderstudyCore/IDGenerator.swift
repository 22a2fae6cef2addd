import Synchronization

/// Where random-looking identifiers come from: injected, so tests can make them deterministic.
public protocol IDGenerator: Sendable {
    /// 64 fresh bits.
    func next() -> UInt64
}

extension IDGenerator {
    /// `count` lowercase hex digits.
    public func hex(_ count: Int) -> String {
        var s = ""
        while s.count < count {
            let h = String(next(), radix: 16)
            s += String(repeating: "0", count: 16 - h.count) + h
        }
        return String(s.prefix(count))
    }

    /// A version-4 UUID string.
    public func uuid() -> String {
        var h = Array(hex(32))
        h[12] = "4"
        h[16] = Array("89ab")[Int(h[16].hexDigitValue ?? 0) & 3]
        let s = String(h)
        func part(_ a: Int, _ b: Int) -> Substring { s.dropFirst(a).prefix(b - a) }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// A prefixed token such as `t_8f3a2b1c9d0e`.
    public func token(_ prefix: String, length: Int = 12) -> String { prefix + hex(length) }
}

/// Unpredictable identifiers from the system's random source.
public struct RandomIDGenerator: IDGenerator {
    public init() {}
    public func next() -> UInt64 {
        var g = SystemRandomNumberGenerator()
        return g.next()
    }
}

/// A repeatable sequence (SplitMix64 from a seed), for tests that want the same ids every run.
public final class SeededIDGenerator: IDGenerator {
    private let state: Mutex<UInt64>
    public init(seed: UInt64) { state = Mutex(seed) }
    public func next() -> UInt64 {
        state.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
