/// `multipart/form-data` bodies (RFC 7578 over RFC 2046): the parts of a browser form or `curl -F` upload.
public enum Multipart {
    /// Most parts one body may have.
    public static let maxParts = 64
    /// Longest header block of one part.
    public static let maxPartHeaderBytes = 8 * 1024

    public struct Part: Sendable {
        /// The form field name (`Content-Disposition: form-data; name="…"`).
        public let name: String
        /// The file name, for file parts.
        public let filename: String?
        public let contentType: String?
        public let data: [UInt8]

        public init(name: String, filename: String?, contentType: String?, data: [UInt8]) {
            self.name = name
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The `boundary` parameter of a `multipart/form-data` content type; nil when the type is not that.
    public static func boundary(ofContentType value: String) -> String? {
        let parts = splitParameters(value)
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for p in parts.dropFirst() {
            guard let eq = p.firstIndex(of: "=") else { continue }
            if String(p[..<eq]).trimmed.lowercased() == "boundary" {
                let b = unquote(String(p[p.index(after: eq)...]).trimmed)
                return (1...70).contains(b.utf8.count) ? b : nil
            }
        }
        return nil
    }

    /// The parts of a body, in order. Preamble and epilogue are ignored; a missing closing delimiter is an error.
    public static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        let dash = Array("--\(boundary)".utf8)
        let delimiter = [13, 10] + dash
        guard var at = find(dash, in: body, from: 0), at == 0 || (at >= 2 && body[at - 2] == 13 && body[at - 1] == 10) else {
            throw Failure(reason: "no opening boundary")
        }
        at += dash.count
        var parts: [Part] = []
        while true {
            // After a delimiter: `--` ends the body, CRLF starts a part (transport padding before it is allowed).
            if at + 1 < body.count, body[at] == 45, body[at + 1] == 45 { return parts }
            while at < body.count, body[at] == 32 || body[at] == 9 { at += 1 }
            guard at + 1 < body.count, body[at] == 13, body[at + 1] == 10 else { throw Failure(reason: "malformed boundary line") }
            at += 2
            guard let headEnd = find([13, 10, 13, 10], in: body, from: at) ?? (body[at...].starts(with: [13, 10]) ? at - 2 : nil) else {
                throw Failure(reason: "part without a header block")
            }
            guard headEnd - at <= maxPartHeaderBytes else { throw Failure(reason: "part headers too long") }
            let headers = headEnd > at ? String(decoding: body[at..<headEnd], as: UTF8.self) : ""
            let dataStart = headEnd + 4
            guard let end = find(delimiter, in: body, from: dataStart - 2) else { throw Failure(reason: "no closing boundary") }
            guard parts.count < maxParts else { throw Failure(reason: "more than \(maxParts) parts") }
            parts.append(try part(headers: headers, data: Array(body[min(dataStart, end)..<end])))
            at = end + delimiter.count
        }
    }

    static func part(headers: String, data: [UInt8]) throws -> Part {
        var name: String?, filename: String?, contentType: String?
        for line in headers.split(separator: "\r\n", omittingEmptySubsequences: true) {
            // A part header with a control character (a file name with NUL, a type with a bare CR) is malformed: its
            // values end up in answer headers and XML, which cannot carry them (RFC 9110 §5.5).
            guard !HeaderValue.hasControlCharacter(String(line)) else { throw Failure(reason: "control character in a part header") }
            guard let colon = line.firstIndex(of: ":") else { throw Failure(reason: "malformed part header") }
            let field = String(line[..<colon]).trimmed.lowercased()
            let value = String(line[line.index(after: colon)...]).trimmed
            if field == "content-type" { contentType = value }
            guard field == "content-disposition" else { continue }
            let params = splitParameters(value)
            guard params.first?.lowercased() == "form-data" else { throw Failure(reason: "part is not form-data") }
            for p in params.dropFirst() {
                guard let eq = p.firstIndex(of: "=") else { continue }
                let key = String(p[..<eq]).trimmed.lowercased()
                let v = unquote(String(p[p.index(after: eq)...]).trimmed)
                if key == "name" { name = v } else if key == "filename" { filename = v }
            }
        }
        guard let name else { throw Failure(reason: "part without a name") }
        return Part(name: name, filename: filename, contentType: contentType, data: data)
    }

    /// `a; b="x;y"; c=d` → `["a", "b=\"x;y\"", "c=d"]` (semicolons inside quotes kept).
    static func splitParameters(_ s: String) -> [String] {
        var out: [String] = [], current = "", quoted = false, escaped = false
        for ch in s {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quoted { current.append(ch); escaped = true; continue }
            if ch == "\"" { quoted.toggle() }
            if ch == ";" && !quoted { out.append(current.trimmed); current = ""; continue }
            current.append(ch)
        }
        out.append(current.trimmed)
        return out.filter { !$0.isEmpty }
    }

    /// A quoted-string's content (backslash escapes undone); other text as it is.
    static func unquote(_ s: String) -> String {
        guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else { return s }
        var out = "", escaped = false
        for ch in s.dropFirst().dropLast() {
            if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
        }
        return out
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var i = max(0, from)
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
