import HTTP1

/// S3-style presigned URLs served by the simulator itself: `X-Amz-Date`, `X-Amz-Expires` and `X-Amz-Signature`
/// query parameters, the signature an HMAC-SHA256 over method, path, date, lifetime and (when bound) content type.
/// Expiry follows the simulated clock. Shared by every API that hands out upload or download links.
public struct URLSigner: Sendable {
    /// The signing key (a tenant secret, so links of one tenant never open another's).
    let key: [UInt8]

    public init(key: String) { self.key = Array(key.utf8) }

    /// Why a presented URL was refused.
    public enum Failure: Error, Equatable {
        /// Past `X-Amz-Date` + `X-Amz-Expires`.
        case expired
        /// Missing parameters, or a signature that does not match (a tampered URL or a different content type).
        case signatureMismatch
    }

    /// The query string (without `?`) that signs `method path` for `lifetime` seconds from `now`.
    /// With `contentType`, the request must carry exactly that `Content-Type`.
    public func query(method: String, path: String, now: Double, lifetime: Int, contentType: String?) -> String {
        let date = Self.amzDate(now)
        let signature = sign(method: method, path: path, date: date, lifetime: lifetime, contentType: contentType)
        var items = [("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Date", date), ("X-Amz-Expires", String(lifetime))]
        items.append(("X-Amz-SignedHeaders", contentType == nil ? "host" : "content-type;host"))
        items.append(("X-Amz-Signature", signature))
        return items.map { "\($0.0)=\(QueryString.encode($0.1))" }.joined(separator: "&")
    }

    /// Checks a request against its signing parameters at simulated time `now`.
    public func verify(method: String, path: String, query: QueryString, contentType: String?, now: Double) -> Result<Void, Failure> {
        guard let date = query["X-Amz-Date"], let lifetimeText = query["X-Amz-Expires"], let lifetime = Int(lifetimeText),
              let signature = query["X-Amz-Signature"], let signedAt = Self.parseAmzDate(date) else { return .failure(.signatureMismatch) }
        let bindsType = query["X-Amz-SignedHeaders"]?.contains("content-type") == true
        let expected = sign(method: method, path: path, date: date, lifetime: lifetime, contentType: bindsType ? (contentType ?? "") : nil)
        guard Self.constantTimeEqual(expected, signature) else { return .failure(.signatureMismatch) }
        if now > signedAt + Double(lifetime) { return .failure(.expired) }
        return .success(())
    }

    private func sign(method: String, path: String, date: String, lifetime: Int, contentType: String?) -> String {
        let canonical = [method, path, date, String(lifetime), contentType ?? "-"].joined(separator: "\n")
        return SHA256.hex(SHA256.hmac(key: key, Array(canonical.utf8)))
    }

    /// `20260131T120000Z`.
    public static func amzDate(_ t: Double) -> String {
        let iso = ISO8601.format(t)  // 2026-01-31T12:00:00Z
        return iso.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    static func parseAmzDate(_ s: String) -> Double? {
        let u = Array(s)
        guard u.count == 16, u[8] == "T", u[15] == "Z" else { return nil }
        let iso = "\(String(u[0..<4]))-\(String(u[4..<6]))-\(String(u[6..<8]))T\(String(u[9..<11])):\(String(u[11..<13])):\(String(u[13..<15]))Z"
        return ISO8601.parse(iso)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// An S3 error document (`<Error><Code>…</Code><Message>…</Message>…</Error>`), as the signed-URL endpoints answer.
public enum S3Error {
    /// S3's answer to a body over the limit (`EntityTooLarge`), for the upload endpoints the simulated APIs serve.
    public static func tooLarge(resource: String, requestID: Int) -> Response {
        response(413, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size", resource: resource, requestID: requestID)
    }

    public static func response(_ status: Int, code: String, message: String, resource: String, requestID: Int) -> Response {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(escape(code))</Code><Message>\(escape(message))</Message><Resource>\(escape(resource))</Resource><RequestId>\(requestID)</RequestId></Error>
            """
        var h = HTTPHeaders()
        h.set("Content-Type", "application/xml")
        return Response(status: status, headers: h, body: Array(xml.utf8))
    }

    /// The answer for a refused signed URL: 403 `AccessDenied` (expired) or `SignatureDoesNotMatch`.
    public static func response(for failure: URLSigner.Failure, resource: String, requestID: Int) -> Response {
        switch failure {
        case .expired: return response(403, code: "AccessDenied", message: "Request has expired", resource: resource, requestID: requestID)
        case .signatureMismatch:
            return response(403, code: "SignatureDoesNotMatch",
                            message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                            resource: resource, requestID: requestID)
        }
    }

    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Content types from file extensions, for signed uploads that bind the type.
public enum MediaType {
    static let byExtension: [String: String] = [
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "svg": "image/svg+xml", "txt": "text/plain", "log": "text/plain", "csv": "text/csv",
        "json": "application/json", "xml": "application/xml", "html": "text/html", "zip": "application/zip",
        "mp4": "video/mp4", "mov": "video/quicktime", "mp3": "audio/mpeg", "wav": "audio/wav",
        "doc": "application/msword", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    public static let fallback = "application/octet-stream"

    /// The type a file name's extension implies.
    public static func forFilename(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return fallback }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? fallback
    }
}
