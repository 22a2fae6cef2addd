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
        guard secretFields.contains(where: { q.contains($0) }) else { return q }
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
        guard mayHoldSecret(b), let text = String(validating: b, as: UTF8.self) else { return b }
        let first = text.first { $0 != " " && $0 != "\n" && $0 != "\r" && $0 != "\t" }
        if first != "{" && first != "[" { return Array(query(text).utf8) }
        var out = text
        for field in secretFields { out = maskJSONMember(field, in: out) }
        return Array(out.utf8)
    }

    /// Words every name in ``secretFields`` contains one of: a body without any of them has nothing to mask.
    private static let stems: [[UInt8]] = ["secret", "token", "password", "api_key"].map { Array($0.utf8) }

    /// Whether the bytes contain a stem of a secret's name (`memmem`: most bodies are ruled out in a few µs).
    static func mayHoldSecret(_ b: [UInt8]) -> Bool {
        guard !b.isEmpty else { return false }
        return b.withUnsafeBytes { hay in
            stems.contains { stem in stem.withUnsafeBytes { memmem(hay.baseAddress, hay.count, $0.baseAddress, $0.count) != nil } }
        }
    }

    /// Every `"field"<blanks>:<blanks>"value"` in a JSON text with the value masked (escapes inside it kept whole).
    static func maskJSONMember(_ field: String, in text: String) -> String {
        let u = Array(text.utf8)
        let key = Array("\"\(field)\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            guard i + key.count <= u.count, u[i] == 0x22, Array(u[i..<(i + key.count)]) == key else {
                out.append(u[i]); i += 1; continue
            }
            var j = i + key.count
            while j < u.count, u[j] == 0x20 || u[j] == 0x09 || u[j] == 0x0A || u[j] == 0x0D { j += 1 }
            guard j < u.count, u[j] == 0x3A else { out.append(u[i]); i += 1; continue }
            j += 1
            while j < u.count, u[j] == 0x20 || u[j] == 0x09 || u[j] == 0x0A || u[j] == 0x0D { j += 1 }
            guard j < u.count, u[j] == 0x22 else { out.append(contentsOf: u[i..<j]); i = j; continue }
            var end = j + 1
            while end < u.count, u[end] != 0x22 { end += u[end] == 0x5C ? 2 : 1 }
            let value = String(decoding: u[(j + 1)..<min(end, u.count)], as: UTF8.self)
            out.append(contentsOf: u[i...j])
            out.append(contentsOf: mask(value[...]).utf8)
            if end < u.count { out.append(0x22) }
            i = end + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
