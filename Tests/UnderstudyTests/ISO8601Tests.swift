import Glibc
import Testing
import UnderstudyCore

/// Writing instants as RFC 3339 / ISO 8601 text (every timestamp the APIs answer with).
@Suite struct ISO8601Tests {
    @Test func anInstantIsWrittenInUTCWithZ() {
        #expect(ISO8601.format(0) == "1970-01-01T00:00:00Z")
        #expect(ISO8601.format(1_795_438_496) == "2026-11-23T12:54:56Z")
    }

    @Test func fractionDigitsAreCutNotRounded() {
        #expect(ISO8601.format(1_795_438_496.9999, fractionDigits: 3) == "2026-11-23T12:54:56.999Z")
        #expect(ISO8601.format(1_795_438_496.05, fractionDigits: 1) == "2026-11-23T12:54:56.0Z")
        #expect(ISO8601.format(1_795_438_496.5, fractionDigits: 6) == "2026-11-23T12:54:56.500000Z")
    }

    @Test func anOffsetShiftsTheClockAndIsWrittenWithItsSign() {
        #expect(ISO8601.format(1_795_438_496, offsetMinutes: 330) == "2026-11-23T18:24:56+05:30")
        #expect(ISO8601.format(1_795_438_496, offsetMinutes: -600) == "2026-11-23T02:54:56-10:00")
    }

    @Test func earlyYearsAreZeroPadded() {
        #expect(ISO8601.format(-62_104_060_800) == "0002-01-01T00:00:00Z")
    }

    @Test func whatIsWrittenParsesBackToTheSameInstant() {
        for t in [0.0, 1_795_438_496, 951_782_400, 4_102_444_799] {
            #expect(ISO8601.parse(ISO8601.format(t)) == t)
        }
    }

    @Test func leapDaysFollowTheGregorianCenturyRules() {
        #expect(ISO8601.format(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(ISO8601.format(1_709_251_199) == "2024-02-29T23:59:59Z")
        #expect(ISO8601.format(4_107_542_400) == "2100-03-01T00:00:00Z")
        #expect(ISO8601.format(-2_203_891_200) == "1900-03-01T00:00:00Z")
    }

    @Test func anInstantBeforeNineteenSeventyBelongsToTheDayBefore() {
        #expect(ISO8601.format(-1) == "1969-12-31T23:59:59Z")
        #expect(ISO8601.format(-0.5, fractionDigits: 3) == "1969-12-31T23:59:59.500Z")
        #expect(ISO8601.format(-86_400) == "1969-12-31T00:00:00Z")
    }

    @Test func theCalendarAgreesWithTheCLibraryAcrossNineCenturies() {
        var t = -11_676_096_000   // 1600-01-01
        var checked = 0
        while t < 16_725_225_600 {   // 2500-01-01
            var tt = time_t(t)
            var tm = Glibc.tm()
            gmtime_r(&tt, &tm)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1,
                                  Int(tm.tm_mday), Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
            #expect(ISO8601.format(Double(t)) == expected)
            checked += 1
            t += 86_400 * 7 + 3_607   // a week and an hour and seven seconds: every weekday and hour comes round
        }
        #expect(checked > 40_000)
    }
}
