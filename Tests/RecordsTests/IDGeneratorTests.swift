import Testing
import UnderstudyCore

/// Random ids: shapes, and the same sequence from the same seed.
@Suite struct IDGeneratorTests {
    private func isVersion4UUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, b) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) { if b != UInt8(ascii: "-") { return false } } else if !(b >= 0x30 && b <= 0x39) && !(b >= 0x61 && b <= 0x66) { return false }
        }
        return u[14] == UInt8(ascii: "4") && "89ab".utf8.contains(u[19])
    }

    @Test func uuidsAreLowercaseVersion4WithTheRFCVariant() {
        let g = RandomIDGenerator()
        for _ in 0..<1000 { #expect(isVersion4UUID(g.uuid())) }
    }

    @Test func hexHasExactlyTheDigitsAskedFor() {
        let g = RandomIDGenerator()
        for n in [0, 1, 15, 16, 17, 20, 32, 40] {
            let h = g.hex(n)
            #expect(h.utf8.count == n)
            #expect(h.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        }
    }

    @Test func hexTakesTheTopDigitsOfEachDraw() {
        let g = SeededIDGenerator(seed: 7), h = SeededIDGenerator(seed: 7)
        let first = h.next(), second = h.next()
        let expected = String(String(first, radix: 16).leftPadded(16) + String(second, radix: 16).leftPadded(16)).prefix(20)
        #expect(g.hex(20) == String(expected))
    }

    @Test func theSameSeedGivesTheSameUUIDs() {
        let a = SeededIDGenerator(seed: 42), b = SeededIDGenerator(seed: 42)
        #expect((0..<5).map { _ in a.uuid() } == (0..<5).map { _ in b.uuid() })
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }

    @Test func secretHexIsHexOfTheLengthAskedStartingWithALetter() {
        let ids = SeededIDGenerator(seed: 7)
        for n in [1, 10, 40] {
            for _ in 0..<200 {
                let s = ids.secretHex(n)
                #expect(s.count == n)
                #expect(s.allSatisfy { $0.isHexDigit && !$0.isUppercase })
                #expect(("a"..."f").contains(String(s.first ?? "0")))
                #expect(Double(s) == nil)
            }
        }
        #expect(ids.secretHex(0) == "")
    }
}
