/// S3-style browser uploads (POST policy): the fields a client sends with its file in a `multipart/form-data` POST,
/// a base64 policy naming the bucket, key prefix and expiry, signed with HMAC-SHA256 of a tenant secret. Expiry follows
/// the simulated clock. The simulator serves the POST itself, so the whole flow works offline.
public struct PostPolicy: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The field the client's file name replaces in `key` (S3's own convention).
    public static let filenameVariable = "${filename}"

    let secret: [UInt8]
    let credentialID: String

    public init(secret: String, credentialID: String) {
        self.secret = Array(secret.utf8)
        self.credentialID = credentialID
    }

    /// Why an upload was refused, with S3's status, code and message.
    public enum Failure: Error, Equatable {
        case missingField(String)
        case signatureMismatch
        case expired
        case keyOutsidePolicy
        case noFile
        case tooLarge(Int)
        /// The object key holds a control character (it could not be written into a header or XML as stored).
        case controlCharacterInKey

        public var status: Int {
            switch self {
            case .missingField, .noFile, .tooLarge, .controlCharacterInKey: return 400
            case .signatureMismatch, .expired, .keyOutsidePolicy: return 403
            }
        }

        public var code: String {
            switch self {
            case .missingField, .noFile, .controlCharacterInKey: return "InvalidArgument"
            case .signatureMismatch: return "SignatureDoesNotMatch"
            case .expired, .keyOutsidePolicy: return "AccessDenied"
            case .tooLarge: return "EntityTooLarge"
            }
        }

        public var message: String {
            switch self {
            case .missingField(let f): return "Bucket POST must contain a field named '\(f)'."
            case .signatureMismatch: return "The request signature we calculated does not match the signature you provided."
            case .expired: return "Invalid according to Policy: Policy expired."
            case .keyOutsidePolicy: return "Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", …]"
            case .noFile: return "POST requires exactly one file upload per request."
            case .controlCharacterInKey: return "Object key must not contain control characters."
            case .tooLarge(let max): return "Your proposed upload exceeds the maximum allowed size of \(max) bytes."
            }
        }
    }

    /// The `post_fields` for one upload under `keyPrefix`, valid `lifetime` seconds from `now`.
    public func fields(bucket: String, keyPrefix: String, now: Double, lifetime: Int, maxBytes: Int) -> [(String, String)] {
        let date = URLSigner.amzDate(now)
        let credential = "\(credentialID)/\(date.prefix(8))/us-east-1/s3/aws4_request"
        let policy: JSON = [
            "expiration": .string(ISO8601.format(now + Double(lifetime), fractionDigits: 3)),
            "conditions": [
                ["bucket": .string(bucket)], ["starts-with", "$key", .string(keyPrefix)], ["acl": "private"],
                ["success_action_status": "201"], ["content-length-range", 0, .int(maxBytes)],
                ["x-amz-credential": .string(credential)], ["x-amz-algorithm": .string(Self.algorithm)], ["x-amz-date": .string(date)],
            ],
        ]
        let encoded = Base64.encode(policy.bytes)
        return [
            ("key", keyPrefix + Self.filenameVariable), ("acl", "private"), ("success_action_status", "201"), ("policy", encoded),
            ("x-amz-credential", credential), ("x-amz-algorithm", Self.algorithm), ("x-amz-date", date),
            ("x-amz-signature", sign(encoded)),
        ]
    }

    /// Checks an upload's form fields against its signed policy at simulated time `now`.
    /// Answers the object key (with `${filename}` replaced) and the file part.
    public func verify(_ parts: [Multipart.Part], bucket: String, now: Double) -> Result<(key: String, file: Multipart.Part), Failure> {
        var fields: [String: String] = [:]
        for p in parts where p.filename == nil { fields[p.name.lowercased()] = String(decoding: p.data, as: UTF8.self) }
        for required in ["key", "policy", "x-amz-signature", "x-amz-credential", "x-amz-algorithm", "x-amz-date"] where fields[required] == nil {
            return .failure(.missingField(required))
        }
        let encoded = fields["policy"] ?? ""
        guard fields["x-amz-signature"] == sign(encoded), let bytes = Base64.decode(encoded), let policy = try? JSONParser.parse(bytes) else {
            return .failure(.signatureMismatch)
        }
        guard let expiration = policy["expiration"]?.string.flatMap(ISO8601.parse), now < expiration else { return .failure(.expired) }
        let conditions = policy["conditions"]?.array ?? []
        if let b = conditions.compactMap({ $0["bucket"]?.string }).first, b != bucket { return .failure(.signatureMismatch) }
        for c in conditions {
            guard let members = c.object, members.count == 1, let (name, value) = members.first, let expected = value.string,
                  name != "bucket" else { continue }
            if fields[name.lowercased()] != expected { return .failure(.signatureMismatch) }
        }
        let files = parts.filter { $0.filename != nil }
        guard files.count == 1, let file = files.first, file.name == "file" else { return .failure(.noFile) }
        let max = conditions.first { $0[0]?.string == "content-length-range" }?[2]?.int ?? Int.max
        guard file.data.count <= max else { return .failure(.tooLarge(max)) }
        let name = file.filename ?? ""
        let key = (fields["key"] ?? "").replacingOccurrences(of: Self.filenameVariable, with: name)
        let prefix = conditions.first { $0[0]?.string == "starts-with" && $0[1]?.string == "$key" }?[2]?.string ?? ""
        guard key.hasPrefix(prefix), !key.contains("/../"), !name.contains("/"), !name.isEmpty else { return .failure(.keyOutsidePolicy) }
        guard !HeaderValue.hasControlCharacter(key) else { return .failure(.controlCharacterInKey) }
        return .success((key, file))
    }

    func sign(_ encodedPolicy: String) -> String { SHA256.hex(SHA256.hmac(key: secret, Array(encodedPolicy.utf8))) }
}
