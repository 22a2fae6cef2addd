import CLinux
import HTTP1

/// Credentials as the journal and the logs show them by default: the scheme and the last four characters
/// (`Token ****-key`), so a shared log or a dashboard screenshot leaks no usable secret. `--show-secrets` turns it off.
public enum SecretMask {
    /// Headers whose whole value is a credential (compared without case).
    public static let secretHeaders: Set<String> = [
        "authorization", "proxy-authorization", "account-token", "cookie", "set-cookie", "x-api-key",
        "x-understudy-admin-token",
    ]

    /// Body members and query or form parameters that hold a secret (JSON `"name": "…"`, form `name=…`).
    public static let secretFields: [String] = [
        "client_secret", "access_token", "refresh_token", "api_key", "password", "password_confirmation", "secret",
    ]

    /// Characters of a secret left showing at its end.
    public static let keptCharacters = 4

    /// `****` and the last four characters (all of it hidden when it is that short).
    public static func mask(_ secret: Substring) -> String {
        secret.count > keptCharacters * 2 ? "****" + secret.suffix(keptCharacters) : "****"
    }

    /// A header value with its credential masked: `Scheme ****abcd`, `Token token="****abcd"`, or the bare value's mask.
    public static func headerValue(_ value: String) -> String {
        guard let space = value.firstIndex(of: " ") else { return mask(value[...]) }
        let scheme = value[..<space]
        var rest = value[value.index(after: space)...].drop { $0 == " " }
        if let eq = rest.firstIndex(of: "="), rest[rest.index(after: eq)...].first == "\"", rest.count >= 2, rest.last == "\"",
           rest.index(eq, offsetBy: 2) <= rest.index(before: rest.endIndex) {
            let name = rest[...eq]
            rest = rest[rest.index(eq, offsetBy: 2)..<rest.index(before: rest.endIndex)]
            return "\(scheme) \(name)\"\(mask(rest))\""
        }
        return "\(scheme) \(mask(rest))"
    }

    /// The headers with every credential masked.
    public static func headers(_ h: HTTPHeaders) -> HTTPHeaders {
        func secret(_ name: String) -> Bool { secretHeaders.contains { HTTPHeaders.sameName($0, name) } }
        guard h.contains(where: { secret($0.name) }) else { return h }
        var out = HTTPHeaders()
        for (name, value) in h { out.add(name, secret(name) ? headerValue(value) : value) }
        return out
    }

    /// A query string or form body with its secret parameters' values masked.
    public static func query(_ q: String) -> String {
        var q = q
        guard q.withUTF8({ mayHoldSecret(UnsafeRawBufferPointer($0)) }) else { return q }
        return q.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "="), secretFields.contains(QueryString.decode(String(pair[..<eq]), plusIsSpace: true)) else {
                return String(pair)
            }
            return "\(pair[...eq])\(mask(pair[pair.index(after: eq)...]))"
        }.joined(separator: "&")
    }

    /// A body with its secrets masked: JSON string members named in ``secretFields`` (found in the text, so a body
    /// cut short is masked too) and form parameters. Other bodies come back unchanged.
    public static func body(_ b: [UInt8]) -> [UInt8] {
        guard mayHoldSecret(b) else { return b }
        let first = b.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first != 0x7B && first != 0x5B {
            guard let text = String(validating: b, as: UTF8.self) else { return b }
            return Array(query(text).utf8)
        }
        return maskJSONMembers(b)
    }

    /// ``secretFields`` as the bytes of their JSON keys' insides.
    private static let fieldBytes: [[UInt8]] = secretFields.map { Array($0.utf8) }

    /// Every `"field"<blanks>:<blanks>"value"` with `field` in ``secretFields`` has its value masked (escapes inside
    /// it kept whole). One pass over the bytes, no copies of what it compares.
    static func maskJSONMembers(_ u: [UInt8]) -> [UInt8] {
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            guard u[i] == 0x22, let field = fieldBytes.first(where: { f in
                i + f.count + 1 < u.count && u[i + f.count + 1] == 0x22 && u[(i + 1)...].starts(with: f)
            }) else {
                out.append(u[i]); i += 1; continue
            }
            var j = i + field.count + 2
            while j < u.count, blank(u[j]) { j += 1 }
            guard j < u.count, u[j] == 0x3A else { out.append(contentsOf: u[i..<j]); i = j; continue }
            j += 1
            while j < u.count, blank(u[j]) { j += 1 }
            guard j < u.count, u[j] == 0x22 else { out.append(contentsOf: u[i..<j]); i = j; continue }
            var end = j + 1
            while end < u.count, u[end] != 0x22 { end += u[end] == 0x5C ? 2 : 1 }
            let value = String(decoding: u[(j + 1)..<min(end, u.count)], as: UTF8.self)
            out.append(contentsOf: u[i...j])
            out.append(contentsOf: mask(value[...]).utf8)
            if end < u.count { out.append(0x22) }
            i = end + 1
        }
        return out
    }

    /// Words every name in ``secretFields`` contains one of: a body without any of them has nothing to mask.
    private static let stems: [[UInt8]] = ["secret", "token", "password", "api_key"].map { Array($0.utf8) }

    /// Whether the bytes contain a stem of a secret's name (`memmem`: most bodies are ruled out in a few µs).
    static func mayHoldSecret(_ b: [UInt8]) -> Bool { b.withUnsafeBytes(mayHoldSecret) }

    static func mayHoldSecret(_ hay: UnsafeRawBufferPointer) -> Bool {
        guard hay.count > 0 else { return false }
        return stems.contains { stem in stem.withUnsafeBytes { memmem(hay.baseAddress, hay.count, $0.baseAddress, $0.count) != nil } }
    }
}
