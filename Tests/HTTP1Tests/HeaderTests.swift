import HTTP1
import Testing
import TestSupport

/// Header fields (RFC 9112 §5, RFC 9110 §5).
@Suite struct HeaderTests {
    @Test func bareCRInAHeaderIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Test: a\rb\r\n\r\n", status: 400)
    }

    @Test func bareLFLineEndsAreAccepted() throws {
        let (r, _) = try exchange("GET /lf HTTP/1.1\nHost: x\nX-Test: v\n\n")
        #expect(r.status == 200)
        #expect(r.header("X-Seen") == "v")
    }

    @Test func whitespaceBeforeTheFirstFieldIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\n Host: x\r\n\r\n", status: 400)
    }

    @Test func emptyFieldNameIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\n: value\r\n\r\n", status: 400)
    }

    @Test func fieldNameWithANonTokenCharacterIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX(Test): v\r\n\r\n", status: 400)
    }

    @Test func nonASCIIFieldNameIsRejected() throws {
        try expectRejected(Array("GET / HTTP/1.1\r\nHost: x\r\nX-T".utf8) + [0xC3, 0xA9] + Array(": v\r\n\r\n".utf8), status: 400)
    }

    @Test func lineWithoutAColonIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", status: 400)
    }

    @Test func whitespaceBetweenNameAndColonIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost : x\r\n\r\n", status: 400)
    }

    @Test func obsFoldContinuationIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Test: a\r\n  b\r\n\r\n", status: 400)
    }

    @Test func nulInAValueIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Test: a\u{0}b\r\n\r\n", status: 400)
    }

    @Test func delInAValueIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: x\r\nX-Test: a\u{7f}b\r\n\r\n", status: 400)
    }

    @Test func tabInsideAValueIsKept() throws {
        let (r, _) = try exchange(get(extra: "X-Test: a\tb\r\n"))
        #expect(r.header("X-Seen") == "a\tb")
    }

    @Test func obsTextInAValueIsAccepted() throws {
        let raw = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Test: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        let (r, _) = try exchange(raw)
        #expect(r.status == 200)
    }

    @Test func surroundingWhitespaceOfAValueIsTrimmed() throws {
        let (r, _) = try exchange(get(extra: "X-Test: \t  padded value \t \r\n"))
        #expect(r.header("X-Seen") == "padded value")
    }

    @Test func fieldLineOverTheLimitGets431() throws {
        try expectRejected(get(extra: "X-Test: " + String(repeating: "v", count: 9000) + "\r\n"), status: 431)
    }

    @Test func headerBlockOverTheLimitGets431() throws {
        let field = "X-Test: " + String(repeating: "v", count: 7000) + "\r\n"
        try expectRejected(get(extra: String(repeating: field, count: 5)), status: 431)
    }

    @Test func tooManyFieldsGets431() throws {
        try expectRejected(get(extra: String(repeating: "X-Test: v\r\n", count: 101)), status: 431)
    }

    @Test func hundredFieldsAreAccepted() throws {
        let (r, _) = try exchange(get(extra: String(repeating: "X-Test: v\r\n", count: 99)))
        #expect(r.status == 200)
    }

    @Test func http11WithoutHostIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nX-Test: v\r\n\r\n", status: 400)
    }

    @Test func twoHostFieldsAreRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400)
    }

    @Test func invalidHostIsRejected() throws {
        try expectRejected("GET / HTTP/1.1\r\nHost: a/b@c\r\n\r\n", status: 400)
    }

    @Test func hostWithPortAndIPv6LiteralIsAccepted() throws {
        let (r, _) = try exchange("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n")
        #expect(r.status == 200)
    }

    @Test func http10WithoutHostIsAccepted() throws {
        let (r, _) = try exchange("GET / HTTP/1.0\r\n\r\n")
        #expect(r.status == 200)
    }

    @Test func repeatedFieldsKeepEveryValueInOrder() throws {
        let (r, _) = try exchange(get(extra: "X-Test: 1\r\nx-test: 2\r\nX-TEST: 3\r\n"))
        #expect(r.header("X-Seen") == "1,2,3")
    }

    @Test func headerLookupIsCaseInsensitiveAndOrdered() {
        var h = HTTPHeaders()
        h.add("Content-Type", "a")
        h.add("X-One", "1")
        h.add("content-type", "b")
        #expect(h["CONTENT-TYPE"] == "a")
        #expect(h.values("Content-type") == ["a", "b"])
        #expect(h.fields.map(\.name) == ["Content-Type", "X-One", "content-type"])
    }

    @Test func fieldNamesDifferingInLengthOrLetterAreDifferentFields() {
        #expect(!HTTPHeaders.sameName("X-Test", "X-Tests"))
        #expect(!HTTPHeaders.sameName("X-Test", "X-Tesu"))
        #expect(!HTTPHeaders.sameName("", "a"))
        #expect(HTTPHeaders.sameName("", ""))
        #expect(HTTPHeaders.sameName("X-A-Rather-Long-Header-Name-Over-Fifteen", "x-a-rather-long-header-name-over-fifteen"))
    }

    @Test func onlyASCIILettersFoldCase() {
        #expect(!HTTPHeaders.sameName("X-\u{C9}", "x-\u{E9}"))  // É and é: no folding outside ASCII
        #expect(!HTTPHeaders.sameName("X-[", "x-{"))           // 0x5B and 0x7B differ only in bit 0x20 but are not letters
    }

    @Test func aNamePrefixIsFoundInAnyCaseAndOnlyAtTheStart() {
        let h: HTTPHeaders = ["Host": "x", "x-understudy-delay-ms": "5"]
        #expect(h.containsName(prefixed: "X-Understudy-"))
        #expect(!(["Host": "x", "X-Understudy": "1", "My-X-Understudy-Error": "1"] as HTTPHeaders).containsName(prefixed: "X-Understudy-"))
        #expect(!HTTPHeaders().containsName(prefixed: "X-"))
    }
}
