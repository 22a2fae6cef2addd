extension JSON {
    /// Compact UTF-8 JSON text.
    public var bytes: [UInt8] {
        var w = JSONWriter()
        defer { w.free() }
        w.value(self)
        return w.array
    }

    /// Compact JSON text.
    public var text: String {
        var w = JSONWriter()
        defer { w.free() }
        w.value(self)
        return w.string
    }
}

/// Writes JSON text into a buffer it grows itself: serialising is on every answer and every stored record, and
/// appending to an `[UInt8]` byte by byte checks capacity and uniqueness on each byte.
struct JSONWriter {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    /// A stored record or an answer fits without growing.
    static let initialCapacity = 1024

    init() {
        capacity = Self.initialCapacity
        base = .allocate(capacity: capacity)
    }

    /// Must be called once the text has been taken.
    func free() { base.deallocate() }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(n) }
    }

    private mutating func grow(_ n: Int) {
        let grown = max(capacity * 2, count + n)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        next.update(from: base, count: count)
        base.deallocate()
        base = next
        capacity = grown
    }

    @inline(__always)
    mutating func put(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    private mutating func put(_ literal: StaticString) {
        put(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func value(_ v: JSON) {
        switch v {
        case .null: put("null")
        case .bool(let b): put(b ? "true" : "false")
        case .int(let i): int(i)
        case .double(let d):
            if d.isNaN || d.isInfinite {
                put("null")
            } else if d.rounded() == d && abs(d) < 1e15 {
                int(Int(d))
                put(".0")
            } else {
                var s = String(d)
                s.withUTF8 { put($0) }
            }
        case .string(let s): string(s)
        // Elements are read in place by index (iterating would copy each, a retain and release per element).
        case .array(let items):
            put(UInt8(ascii: "["))
            items.withUnsafeBufferPointer { e in
                for i in e.indices {
                    if i > 0 { put(UInt8(ascii: ",")) }
                    value(e[i])
                }
            }
            put(UInt8(ascii: "]"))
        case .object(let members):
            put(UInt8(ascii: "{"))
            members.withUnsafeBufferPointer { m in
                for i in m.indices {
                    if i > 0 { put(UInt8(ascii: ",")) }
                    string(m[i].0)
                    put(UInt8(ascii: ":"))
                    value(m[i].1)
                }
            }
            put(UInt8(ascii: "}"))
        }
    }

    /// An integer's decimal digits, written in place.
    private mutating func int(_ i: Int) {
        reserve(20)
        if i < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var m = i.magnitude
        var digits = 1
        var rest = m / 10
        while rest > 0 { digits += 1; rest /= 10 }
        var k = count + digits - 1
        repeat { base[k] = UInt8(truncatingIfNeeded: m % 10) + 0x30; m /= 10; k -= 1 } while m > 0
        count += digits
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// The index of the first byte at or after `from` that must be escaped (a control character, `"` or `\`), or
    /// the count. Eight bytes at a time: a byte below 0x20, or equal to 0x22 or 0x5C, sets its high bit in the mask.
    @inline(__always)
    static func firstEscape(_ buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        if let base = buf.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= buf.count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let quote = x ^ (ones &* 0x22), backslash = x ^ (ones &* 0x5C)
                let found = ((x &- ones &* 0x20) | (quote &- ones) | (backslash &- ones)) & ~x & highs
                if found != 0 { break }
                i += 8
            }
        }
        while i < buf.count {
            let b = buf[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return i }
            i += 1
        }
        return i
    }

    /// A quoted string, escaped as RFC 8259 requires. Runs that need no escaping (nearly all text) are copied in one go.
    @inline(__always)
    mutating func string(_ s: String) {
        put(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var s = s
            s.withUTF8 { escaped($0) }
        }
        put(UInt8(ascii: "\""))
    }

    /// The bytes of a string with what must be escaped escaped.
    @inline(__always)
    private mutating func escaped(_ buf: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = Self.firstEscape(buf, from: 0)
        while i < buf.count {
            let b = buf[i]
            put(UnsafeBufferPointer(rebasing: buf[start..<i]))
            put(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(b)
            case 0x0A: put(UInt8(ascii: "n"))
            case 0x0D: put(UInt8(ascii: "r"))
            case 0x09: put(UInt8(ascii: "t"))
            default:
                put("u00")
                put(Self.hex[Int(b >> 4)])
                put(Self.hex[Int(b & 15)])
            }
            start = i + 1
            i = Self.firstEscape(buf, from: start)
        }
        put(UnsafeBufferPointer(rebasing: buf[start..<buf.count]))
    }
}
