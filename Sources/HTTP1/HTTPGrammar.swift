/// Character classes and small productions of RFC 9110 / RFC 9112.
public enum HTTPGrammar {
    /// Methods the server routes; any other well-formed token is answered 501 (RFC 9110 §9.1).
    static let supportedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// `tchar` (RFC 9110 §5.6.2).
    static func isTokenChar(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }

    /// Whether a whole string is a `token` (a valid method or header field name).
    public static func isToken(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy(isTokenChar) }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    enum VersionCheck { case ok(HTTPVersion), unsupported, invalid }

    /// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT` (RFC 9112 §2.3): case-sensitive; major 1 only.
    static func parseVersion<C: Collection>(_ bytes: C) -> VersionCheck where C.Element == UInt8 {
        // Eight bytes in a value of their own (an array would be an allocation per request).
        var b = SIMD8<UInt8>(), n = 0
        for byte in bytes {
            guard n < 8 else { return .invalid }
            b[n] = byte
            n += 1
        }
        guard n == 8, b[0] == 0x48, b[1] == 0x54, b[2] == 0x54, b[3] == 0x50, b[4] == 0x2F,
              (0x30...0x39).contains(b[5]), b[6] == 0x2E, (0x30...0x39).contains(b[7]) else { return .invalid }
        let major = Int(b[5] - 0x30), minor = Int(b[7] - 0x30)
        // A higher 1.x minor is handled as HTTP/1.1 (RFC 9110 §2.5).
        return major == 1 ? .ok(HTTPVersion(major: 1, minor: minor)) : .unsupported
    }

    /// Splits a request-target into path and query (RFC 9112 §3.2): origin-form, absolute-form, or `*` for OPTIONS.
    /// Authority-form and anything else is nil.
    static func splitTarget(_ target: String, method: String) -> (String, String)? {
        if target == "*" { return method == "OPTIONS" ? ("*", "") : nil }
        var rest = Substring(target)
        if target.utf8.first != 0x2F {
            let lower = target.lowercased()
            let scheme = lower.hasPrefix("http://") ? 7 : lower.hasPrefix("https://") ? 8 : 0
            guard scheme > 0 else { return nil }
            let afterScheme = target.dropFirst(scheme)
            let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
            guard authorityEnd > afterScheme.startIndex else { return nil }
            rest = afterScheme[authorityEnd...]
            if rest.isEmpty || rest.first == "?" { rest = "/" + rest }
        }
        if let q = rest.utf8.firstIndex(of: 0x3F) {
            return (String(rest[..<q]), String(rest[rest.utf8.index(after: q)...]))
        }
        return (String(rest), "")
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6), checked by hand: `Int("+5")` would accept a sign.
    static func parseContentLength(_ value: String) -> Int? {
        let u = Array(value.utf8)
        guard !u.isEmpty, u.count <= 18, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return u.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// `Host = uri-host [ ":" port ]` (RFC 9110 §7.2), checked by its character set; an empty value is allowed.
    static func isValidHost(_ value: String) -> Bool {
        value.utf8.allSatisfy { b in
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case 0x2D, 0x2E, 0x5F, 0x7E, 0x25, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x3A, 0x5B, 0x5D: return true
            default: return false
            }
        }
    }

    /// Field values are UTF-8 when valid; other obs-text bytes are kept as ISO-8859-1 characters.
    static func decodeFieldValue<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
