import HTTP1

/// Reading the credentials vendors put in `Authorization`.
public enum Authorization {
    /// `Token abc` or `Token token="abc"` (Rails' token scheme), case-insensitive scheme.
    public static func token(_ request: Request) -> String? {
        guard var value = request.headers["Authorization"] else { return nil }
        // On the header's bytes in place: one String is made, for the token itself.
        return value.withUTF8 { v -> String? in
            guard var (start, end) = credentials("Token", in: v) else { return nil }
            if hasPrefix(v, from: start, end: end, tokenParameter) {
                start += tokenParameter.count
                end = v[start..<end].firstIndex(of: UInt8(ascii: ",")) ?? end
                while start < end, v[start] == 0x20 { start += 1 }
                if end - start >= 2, v[start] == 0x22, v[end - 1] == 0x22 {
                    start += 1
                    end -= 1
                }
            }
            return start < end ? String(decoding: v[start..<end], as: UTF8.self) : nil
        }
    }

    /// `Bearer abc`.
    public static func bearer(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"] else { return nil }
        return afterScheme("Bearer", in: value).flatMap { $0.isEmpty ? nil : $0 }
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
        var value = value
        return value.withUTF8 { v in credentials(scheme, in: v).map { String(decoding: v[$0.start..<$0.end], as: UTF8.self) } }
    }

    /// `token=`, the parameter Rails' token scheme names the token with.
    private static let tokenParameter = Array("token=".utf8)

    /// Whether `v[from..<end]` starts with `prefix`, ASCII letters in either case (the prefix written in lower case,
    /// or compared with both folded).
    private static func hasPrefix<P: Collection<UInt8>>(_ v: UnsafeBufferPointer<UInt8>, from: Int, end: Int, _ prefix: P) -> Bool {
        guard end - from >= prefix.count else { return false }
        var i = from
        for p in prefix {
            guard v[i] | 0x20 == p | 0x20 else { return false }
            i += 1
        }
        return true
    }

    /// Where the credentials after `<scheme> ` lie in a header value's bytes (scheme case-insensitive, then one
    /// space), without surrounding spaces and tabs.
    private static func credentials(_ scheme: String, in v: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int)? {
        var scheme = scheme
        let length = scheme.utf8.count
        guard v.count > length, scheme.withUTF8({ hasPrefix(v, from: 0, end: v.count, $0) }), v[length] == 0x20 else { return nil }
        var start = length + 1, end = v.count
        while start < end, v[start] == 0x20 || v[start] == 0x09 { start += 1 }
        while end > start, v[end - 1] == 0x20 || v[end - 1] == 0x09 { end -= 1 }
        return (start, end)
    }
}
