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
}
