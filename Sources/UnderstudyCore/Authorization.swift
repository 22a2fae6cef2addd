import HTTP1

/// Reading the credentials vendors put in `Authorization`.
public enum Authorization {
    /// `Token abc` or `Token token="abc"` (Rails' token scheme), case-insensitive scheme.
    public static func token(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Token", in: value) else { return nil }
        if rest.lowercased().hasPrefix("token=") {
            var v = rest.dropFirst(6)
            if let comma = v.firstIndex(of: ",") { v = v[..<comma] }
            v = v.drop(while: { $0 == " " })
            if v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 { v = v.dropFirst().dropLast() }
            return v.isEmpty ? nil : String(v)
        }
        return rest.isEmpty ? nil : rest
    }

    /// `Bearer abc`.
    public static func bearer(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Bearer", in: value), !rest.isEmpty else { return nil }
        return rest
    }

    /// `Basic base64(user:password)` → (user, password).
    public static func basic(_ request: Request) -> (user: String, password: String)? {
        guard let value = request.headers["Authorization"], let rest = afterScheme("Basic", in: value),
              let bytes = Base64.decode(rest), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The header value for Basic credentials.
    public static func basicHeader(user: String, password: String) -> String { "Basic " + Base64.encode("\(user):\(password)") }

    private static func afterScheme(_ scheme: String, in value: String) -> String? {
        guard value.count > scheme.count, value.prefix(scheme.count).lowercased() == scheme.lowercased(),
              value.dropFirst(scheme.count).first == " " else { return nil }
        return value.dropFirst(scheme.count + 1).trimmingCharacters(inSet: " \t")
    }
}

extension StringProtocol {
    func trimmingCharacters(inSet set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
