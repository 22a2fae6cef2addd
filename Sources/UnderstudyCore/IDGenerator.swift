import Synchronization

/// Where random-looking identifiers come from: injected, so tests can make them deterministic.
public protocol IDGenerator: Sendable {
    /// 64 fresh bits.
    func next() -> UInt64
}

extension IDGenerator {
    /// `count` lowercase hex digits.
    public func hex(_ count: Int) -> String {
        String(unsafeUninitializedCapacity: max(0, count)) { buffer in
            var i = 0
            while i < count {
                var bits = next()
                for _ in 0..<min(16, count - i) {
                    buffer[i] = hexDigits[Int(bits >> 60)]
                    bits <<= 4
                    i += 1
                }
            }
            return max(0, count)
        }
    }

    /// `count` lowercase hex digits whose first is a letter (`a`-`f`): a key, token or secret handed to a client. Plain
    /// hex can read as a number (`67349447e0` is 6.7e14 to Python's `ast.literal_eval`, which airbyte-cdk runs on
    /// interpolated header values), and a client that turns a secret into a number sends a wrong one.
    public func secretHex(_ count: Int) -> String {
        guard count > 0 else { return "" }
        let letters: [Character] = ["a", "b", "c", "d", "e", "f"]
        return String(letters[Int(next() % 6)]) + hex(count - 1)
    }

    /// A version-4 UUID string (8-4-4-4-12 lowercase hex digits, version nibble 4, variant bits 10).
    public func uuid() -> String {
        let high = next(), low = next()
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var out = 0
            for i in 0..<32 {
                if i == 8 || i == 12 || i == 16 || i == 20 {
                    buffer[out] = 0x2D
                    out += 1
                }
                var nibble = Int(((i < 16 ? high : low) >> UInt64(60 - (i % 16) * 4)) & 0xF)
                if i == 12 { nibble = 4 }
                if i == 16 { nibble = 8 | (nibble & 3) }
                buffer[out] = hexDigits[nibble]
                out += 1
            }
            return out
        }
    }

    /// A prefixed token such as `t_8f3a2b1c9d0e`.
    public func token(_ prefix: String, length: Int = 12) -> String { prefix + hex(length) }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

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
