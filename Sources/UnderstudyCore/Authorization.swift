import HTTP1

/// Reading the credentials vendors put in `Authorization`.
public enum Authorization {
    /// `Token abc` or `Token token="abc"` (Rails' token scheme), case-insensitive scheme.
    public static func token(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Token", in: value) else { return nil }
        let v = rest.utf8
        guard v.count >= 6, v.prefix(6).elementsEqual("token=".utf8, by: { $0 | 0x20 == $1 }) else {
            return rest.isEmpty ? nil : rest
        }
        var start = v.index(v.startIndex, offsetBy: 6)
        var end = v[start...].firstIndex(of: UInt8(ascii: ",")) ?? v.endIndex
        while start < end, v[start] == 0x20 { start = v.index(after: start) }
        if v.distance(from: start, to: end) >= 2, v[start] == 0x22, v[v.index(before: end)] == 0x22 {
            start = v.index(after: start)
            end = v.index(before: end)
        }
        return start < end ? String(rest[start..<end]) : nil
    }

    /// `Bearer abc`.
    public static func bearer(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Bearer", in: value), !rest.isEmpty else { return nil }
        return rest
    }

    /// `Basic base64(user:password)` → (user, password).
    public static func basic(_ request: Request) -> (user: String, password: String)? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Basic", in: value),
              let bytes = Base64.decode(rest), String(validating: bytes, as: UTF8.self) != nil else { return nil }
        // Split at the first colon on bytes (a colon is never part of a longer UTF-8 sequence).
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return (String(decoding: bytes, as: UTF8.self), "") }
        return (String(decoding: bytes[..<colon], as: UTF8.self), String(decoding: bytes[(colon + 1)...], as: UTF8.self))
    }

    /// The header value for Basic credentials.
    public static func basicHeader(user: String, password: String) -> String { "Basic " + Base64.encode("\(user):\(password)") }

    /// The credentials after `<scheme> ` (scheme case-insensitive), without surrounding spaces and tabs.
    private static func afterScheme(_ scheme: String, in value: String) -> String? {
        let v = value.utf8, s = scheme.utf8
        guard v.count > s.count else { return nil }
        var i = v.startIndex
        for c in s {
            guard v[i] | 0x20 == c | 0x20 else { return nil }
            i = v.index(after: i)
        }
        guard v[i] == 0x20 else { return nil }
        var start = v.index(after: i), end = v.endIndex
        while start < end, v[start] == 0x20 || v[start] == 0x09 { start = v.index(after: start) }
        while end > start, v[v.index(before: end)] == 0x20 || v[v.index(before: end)] == 0x09 { end = v.index(before: end) }
        return String(value[start..<end])
    }
}
