import Testing
import UnderstudyCore

/// S3-style POST policies: what `fields` signs, `verify` accepts, and every way it refuses.
@Suite struct PostPolicyTests {
    static let policy = PostPolicy(secret: "s3cr3t", credentialID: "TEST")
    static let now = 1_800_000_000.0

    static func parts(_ fields: [(String, String)], file: [UInt8]? = [1, 2, 3], filename: String = "a.pdf",
                      override: [String: String] = [:]) -> [Multipart.Part] {
        var out = fields.map { Multipart.Part(name: $0.0, filename: nil, contentType: nil, data: Array((override[$0.0] ?? $0.1).utf8)) }
        if let file { out.append(Multipart.Part(name: "file", filename: filename, contentType: "application/pdf", data: file)) }
        return out
    }

    static var fields: [(String, String)] { policy.fields(bucket: "bkt", keyPrefix: "uploads/tmp/1/", now: now, lifetime: 3600, maxBytes: 10) }

    @Test func aFreshUploadIsAcceptedAndTheFilenameFillsTheKey() throws {
        let result = Self.policy.verify(Self.parts(Self.fields), bucket: "bkt", now: Self.now + 60)
        let (key, file) = try result.get()
        #expect(key == "uploads/tmp/1/a.pdf")
        #expect(file.data == [1, 2, 3])
    }

    @Test func theFieldsAreTheSeedsOnes() {
        #expect(Self.fields.map(\.0) == ["key", "acl", "success_action_status", "policy", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-signature"])
        #expect(Self.fields[0].1 == "uploads/tmp/1/${filename}")
    }

    @Test(arguments: [
        ([:], Self.now + 3601, PostPolicy.Failure.expired),
        (["x-amz-signature": "00"], Self.now, .signatureMismatch),
        (["acl": "public-read"], Self.now, .signatureMismatch),
        (["key": "elsewhere/${filename}"], Self.now, .keyOutsidePolicy),
    ])
    func refusals(_ override: [String: String], _ at: Double, _ failure: PostPolicy.Failure) {
        #expect(throws: failure) { try Self.policy.verify(Self.parts(Self.fields, override: override), bucket: "bkt", now: at).get() }
    }

    @Test func anotherBucketIsRefused() {
        #expect(throws: PostPolicy.Failure.signatureMismatch) { try Self.policy.verify(Self.parts(Self.fields), bucket: "other", now: Self.now).get() }
    }

    @Test func aMissingFieldIsNamed() {
        let fields = Self.fields.filter { $0.0 != "x-amz-date" }
        #expect(throws: PostPolicy.Failure.missingField("x-amz-date")) { try Self.policy.verify(Self.parts(fields), bucket: "bkt", now: Self.now).get() }
    }

    @Test func noFileIsRefused() {
        #expect(throws: PostPolicy.Failure.noFile) { try Self.policy.verify(Self.parts(Self.fields, file: nil), bucket: "bkt", now: Self.now).get() }
    }

    @Test func aFileOverTheLimitIsRefused() {
        #expect(throws: PostPolicy.Failure.tooLarge(10)) {
            try Self.policy.verify(Self.parts(Self.fields, file: [UInt8](repeating: 0, count: 11)), bucket: "bkt", now: Self.now).get()
        }
    }

    @Test func aFilenameThatClimbsOutIsRefused() {
        #expect(throws: PostPolicy.Failure.keyOutsidePolicy) {
            try Self.policy.verify(Self.parts(Self.fields, filename: "../../etc"), bucket: "bkt", now: Self.now).get()
        }
    }
}
