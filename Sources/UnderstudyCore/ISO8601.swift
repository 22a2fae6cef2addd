import Glibc

/// ISO-8601 / RFC 3339 timestamps without Foundation's formatters (and without reading the time: callers pass it).
public enum ISO8601 {
    /// `2026-11-23T07:26:23Z`, or with `fractionDigits` (1...6) `2026-11-23T07:26:23.123Z`; `offsetMinutes` renders `+01:00`.
    public static func format(_ epochSeconds: Double, fractionDigits: Int = 0, offsetMinutes: Int = 0) -> String {
        let shifted = epochSeconds + Double(offsetMinutes * 60)
        let whole = shifted.rounded(.down)
        var t = time_t(whole)
        var tm = Glibc.tm()
        gmtime_r(&t, &tm)
        // Written as bytes: string interpolation and padding cost more than the calendar arithmetic.
        var out: [UInt8] = []
        out.reserveCapacity(32)
        put(Int(tm.tm_year) + 1900, 4, &out); out.append(0x2D)
        put(Int(tm.tm_mon) + 1, 2, &out); out.append(0x2D)
        put(Int(tm.tm_mday), 2, &out); out.append(0x54)
        put(Int(tm.tm_hour), 2, &out); out.append(0x3A)
        put(Int(tm.tm_min), 2, &out); out.append(0x3A)
        put(Int(tm.tm_sec), 2, &out)
        if fractionDigits > 0 {
            let scale = pow(10.0, Double(min(fractionDigits, 6)))
            let fraction = min(Int(((shifted - whole) * scale).rounded(.down)), Int(scale) - 1)
            out.append(0x2E)
            put(fraction, min(fractionDigits, 6), &out)
        }
        if offsetMinutes == 0 {
            out.append(0x5A)
        } else {
            out.append(offsetMinutes < 0 ? 0x2D : 0x2B)
            put(abs(offsetMinutes) / 60, 2, &out); out.append(0x3A)
            put(abs(offsetMinutes) % 60, 2, &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The calendar date `2026-11-23` of an instant (UTC, or shifted by `offsetMinutes`).
    public static func date(_ epochSeconds: Double, offsetMinutes: Int = 0) -> String {
        String(format(epochSeconds, offsetMinutes: offsetMinutes).prefix(10))
    }

    /// The decimal digits of `v`, zero-padded on the left to `width` (a negative number keeps its sign first).
    private static func put(_ v: Int, _ width: Int, _ out: inout [UInt8]) {
        if v < 0 { out.append(0x2D) }
        var count = 1, m = v.magnitude
        while m >= 10 { count += 1; m /= 10 }
        for _ in 0..<max(0, width - count - (v < 0 ? 1 : 0)) { out.append(0x30) }
        let end = out.count + count
        out.append(contentsOf: repeatElement(0x30, count: count))
        m = v.magnitude
        for i in stride(from: end - 1, through: end - count, by: -1) { out[i] = UInt8(m % 10) + 0x30; m /= 10 }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM` or no zone (UTC); a space may stand for `T`.
    public static func parse(_ text: String) -> Double? {
        let u = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= u.count else { return nil }
            var v = 0
            for k in 0..<digits {
                let b = u[i + k]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                v = v * 10 + Int(b - 0x30)
            }
            i += digits
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < u.count, u[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if i < u.count {
            guard u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t") || u[i] == 0x20 else { return nil }
            i += 1
            guard let h = number(2), expect(":"), let m = number(2), h < 24, m < 60 else { return nil }
            hour = h
            minute = m
            if expect(":") {
                guard let s = number(2), s < 61 else { return nil }
                second = s
                if expect(".") {
                    var scale = 0.1
                    var any = false
                    while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 {
                        fraction += Double(u[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                        any = true
                    }
                    guard any else { return nil }
                }
            }
            if i < u.count {
                if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
                    i += 1
                } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                    let sign = u[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = number(2), oh < 24 else { return nil }
                    _ = expect(":")
                    guard let om = number(2), om < 60 else { return nil }
                    offset = sign * (oh * 60 + om)
                } else {
                    return nil
                }
            }
        }
        guard i == u.count else { return nil }
        var tm = Glibc.tm()
        tm.tm_year = Int32(year - 1900)
        tm.tm_mon = Int32(month - 1)
        tm.tm_mday = Int32(day)
        tm.tm_hour = Int32(hour)
        tm.tm_min = Int32(minute)
        tm.tm_sec = Int32(second)
        let t = timegm(&tm)
        // Reject dates that timegm normalised (e.g. February 30th).
        var check = Glibc.tm()
        var tt = t
        gmtime_r(&tt, &check)
        guard check.tm_mday == Int32(day), check.tm_mon == Int32(month - 1) else { return nil }
        return Double(t) + fraction - Double(offset * 60)
    }
}
