/// A decoded `application/x-www-form-urlencoded` query or form body, keeping order and repeats.
public struct QueryString: Sendable {
    /// Decoded name/value pairs in order.
    public let items: [(name: String, value: String)]

    /// Parses `a=1&b=two+words&c%5Bd%5D=3`; `+` is a space; a name without `=` has an empty value.
    public init(_ raw: String) {
        var items: [(String, String)] = []
        for part in raw.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                items.append((Self.decode(part[..<eq]), Self.decode(part[part.index(after: eq)...])))
            } else {
                items.append((Self.decode(part), ""))
            }
        }
        self.items = items
    }

    public init(items: [(String, String)]) { self.items = items.map { (name: $0.0, value: $0.1) } }

    /// The first value of a name.
    public subscript(_ name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value of a name.
    public func all(_ name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }

    /// Whether the name is present (even with an empty value).
    public func has(_ name: String) -> Bool { items.contains { $0.name == name } }

    /// Percent-decoding with `+` as space; invalid escapes are kept as they are, invalid UTF-8 becomes U+FFFD.
    public static func decode<S: StringProtocol>(_ s: S, plusIsSpace: Bool = true) -> String {
        guard s.utf8.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else { return String(s) }
        let u = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            let b = u[i]
            if b == 0x25, i + 2 < u.count, let h = hexValue(u[i + 1]), let l = hexValue(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else if b == 0x2B && plusIsSpace {
                out.append(0x20)
                i += 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986 §2.3).
    public static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
