/// Values copied from a request or a stored record into an answer's header: what may go there as it is, and how
/// the rest is written (RFC 9110 §5.5: a field value carries no CR, LF or NUL; HTTP1 answers an empty 500 rather
/// than write one, so a value a client chose must never reach a header unchecked).
public enum HeaderValue {
    /// Whether the text holds a C0 control character other than HTAB, or DEL (also what XML 1.0 cannot carry).
    public static func hasControlCharacter(_ s: String) -> Bool {
        s.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
    }

    /// The request's `Host` for a URL in an answer; `localhost` when missing or not a plain host[:port].
    public static func host(_ value: String?) -> String {
        guard let value, !value.isEmpty, value.utf8.allSatisfy({ b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x3A || b == 0x5B || b == 0x5D
        }) else { return "localhost" }
        return value
    }

    /// `attachment; filename="…"` (RFC 6266 §4.1): the name as a quoted string with only printable ASCII (anything
    /// else becomes `_`, quotes and backslashes escaped), plus `filename*=UTF-8''…` (RFC 8187) carrying the exact
    /// name when it is not plain ASCII.
    public static func attachment(filename: String) -> String {
        var plain = ""
        var exact = true
        for b in filename.utf8 {
            switch b {
            case 0x22, 0x5C: plain += "\\" + String(UnicodeScalar(b))
            case 0x20...0x7E: plain.unicodeScalars.append(UnicodeScalar(b))
            default: plain += "_"; exact = false
            }
        }
        var value = "attachment; filename=\"\(plain)\""
        if !exact { value += "; filename*=UTF-8''" + QueryString.encode(filename) }
        return value
    }
}
