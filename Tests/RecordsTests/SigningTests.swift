import Testing
import UnderstudyCore

@Suite struct SigningTests {
    @Test func sha256MatchesTheFIPSVector() {
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256OfTwoBlocks() {
        let m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(SHA256.hex(SHA256.hash(Array(m.utf8))) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hmacMatchesRFC4231CaseTwo() {
        let mac = SHA256.hmac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8))
        #expect(SHA256.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    private let signer = URLSigner(key: "k")

    @Test func signedQueryVerifiesWithinItsLifetime() {
        let q = QueryString(signer.query(method: "PUT", path: "/p", now: 1000, lifetime: 60, contentType: "text/plain"))
        #expect((try? signer.verify(method: "PUT", path: "/p", query: q, contentType: "text/plain", now: 1060).get()) != nil)
    }

    @Test func signedQueryExpires() {
        let q = QueryString(signer.query(method: "PUT", path: "/p", now: 1000, lifetime: 60, contentType: nil))
        guard case .failure(let f) = signer.verify(method: "PUT", path: "/p", query: q, contentType: nil, now: 1061) else {
            Issue.record("expected expiry")
            return
        }
        #expect(f == .expired)
    }

    @Test func anotherPathOrMethodDoesNotVerify() {
        let q = QueryString(signer.query(method: "GET", path: "/p", now: 1000, lifetime: 60, contentType: nil))
        guard case .failure(let a) = signer.verify(method: "GET", path: "/q", query: q, contentType: nil, now: 1000),
              case .failure(let b) = signer.verify(method: "PUT", path: "/p", query: q, contentType: nil, now: 1000) else {
            Issue.record("expected mismatches")
            return
        }
        #expect(a == .signatureMismatch && b == .signatureMismatch)
    }

    @Test func anotherKeyDoesNotVerify() {
        let q = QueryString(signer.query(method: "GET", path: "/p", now: 1000, lifetime: 60, contentType: nil))
        guard case .failure(let f) = URLSigner(key: "other").verify(method: "GET", path: "/p", query: q, contentType: nil, now: 1000) else {
            Issue.record("expected a mismatch")
            return
        }
        #expect(f == .signatureMismatch)
    }

    @Test func mediaTypeFollowsTheExtension() {
        #expect(MediaType.forFilename("Report.PDF") == "application/pdf")
        #expect(MediaType.forFilename("noext") == "application/octet-stream")
    }
}
