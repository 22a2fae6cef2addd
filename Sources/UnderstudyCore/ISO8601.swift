import Glibc

/// ISO-8601 / RFC 3339 timestamps without Foundation's formatters (and without reading the time: callers pass it).
public enum ISO8601 {
    /// `2026-11-23T07:26:23Z`, or with `fractionDigits` (1...6) `2026-11-23T07:26:23.123Z`; `offsetMinutes` renders `+01:00`.
    /// Instants outside ``formattable`` (or not finite) are written as its nearest end: never a trap.
    public static func format(_ epochSeconds: Double, fractionDigits: Int = 0, offsetMinutes: Int = 0) -> String {
        let offsetMinutes = min(max(offsetMinutes, -maxOffsetMinutes), maxOffsetMinutes)
        let instant = epochSeconds.isNaN ? 0 : min(max(epochSeconds, formattable.lowerBound), formattable.upperBound)
        let shifted = instant + Double(offsetMinutes * 60)
        let whole = shifted.rounded(.down)
        let seconds = Int(whole)
        let (days, second) = seconds.quotientAndRemainder(dividingBy: secondsPerDay)
        // The remainder keeps the dividend's sign: an instant before 1970 belongs to the day before.
        let (date, time) = second < 0 ? (civil(days - 1), second + secondsPerDay) : (civil(days), second)
        let digits = min(fractionDigits, maxFractionDigits)
        // Written as bytes into a buffer on the stack (every stored record stamps its times): string interpolation,
        // padding and glibc's gmtime_r (which takes the time zone lock) cost more than the calendar arithmetic.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buf in
            var n = 0
            func put(_ v: Int, _ width: Int) {
                if v < 0 { buf[n] = 0x2D; n += 1 }
                var m = v.magnitude, count = 1
                while m >= 10 { count += 1; m /= 10 }
                for _ in 0..<max(0, width - count - (v < 0 ? 1 : 0)) { buf[n] = 0x30; n += 1 }
                m = v.magnitude
                for i in stride(from: n + count - 1, through: n, by: -1) { buf[i] = UInt8(m % 10) + 0x30; m /= 10 }
                n += count
            }
            func byte(_ b: UInt8) { buf[n] = b; n += 1 }
            put(date.year, 4); byte(0x2D)
            put(date.month, 2); byte(0x2D)
            put(date.day, 2); byte(0x54)
            put(time / 3600, 2); byte(0x3A)
            put(time / 60 % 60, 2); byte(0x3A)
            put(time % 60, 2)
            if digits > 0 {
                let scale = powersOfTen[digits]
                byte(0x2E)
                put(min(Int(((shifted - whole) * Double(scale)).rounded(.down)), scale - 1), digits)
            }
            if offsetMinutes == 0 {
                byte(0x5A)
            } else {
                byte(offsetMinutes < 0 ? 0x2D : 0x2B)
                put(abs(offsetMinutes) / 60, 2); byte(0x3A)
                put(abs(offsetMinutes) % 60, 2)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<n]), as: UTF8.self)
        }
    }

    static let secondsPerDay = 86_400
    /// The instants written as they are: 0000-01-01T00:00:00Z through 9999-12-31T23:59:59.999Z (four-digit years).
    public static let formattable: ClosedRange<Double> = -62_167_219_200...253_402_300_799.999
    /// The largest zone offset written (a day less a minute).
    static let maxOffsetMinutes = 1_439
    /// Fractions of a second are written to microseconds at most.
    static let maxFractionDigits = 6
    private static let powersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`: eras of
    /// 400 years, each exactly 146,097 days, with years starting on March 1st so that leap days come last).
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The calendar date `2026-11-23` of an instant (UTC, or shifted by `offsetMinutes`).
    public static func date(_ epochSeconds: Double, offsetMinutes: Int = 0) -> String {
        String(format(epochSeconds, offsetMinutes: offsetMinutes).prefix(10))
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
