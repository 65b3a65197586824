import Testing
import Astrodynamics

@Suite("ISO 8601")
struct ISO8601Tests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        let text: String
        let utc: UTCComponents
        var testDescription: String { text }
    }

    @Test(arguments: [
        Accepted(text: "2023-10-09T12:34:56Z", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09T12:34:56.123456Z",
                 utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56.123456)),
        Accepted(text: "2023-10-09T12:34:56,5Z", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56.5)),
        Accepted(text: "2023-10-09T12:34:56", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09T12:34:56+00:00", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09T14:34:56+02:00", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09T07:04:56-0530", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-10T01:34:56+13", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-08T23:34:56-13:00", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09", utc: .init(year: 2023, month: 10, day: 9)),
        Accepted(text: "2023-282T12:00:00Z", utc: .init(year: 2023, month: 10, day: 9, hour: 12)),
        Accepted(text: "2024-366", utc: .init(year: 2024, month: 12, day: 31)),
        Accepted(text: "2023-10-09T12:34Z", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34)),
        Accepted(text: "2023-10-09t12:34:56z", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09 12:34:56Z", utc: .init(year: 2023, month: 10, day: 9, hour: 12, minute: 34, second: 56)),
        Accepted(text: "2023-10-09T24:00:00Z", utc: .init(year: 2023, month: 10, day: 10)),
        Accepted(text: "2016-12-31T23:59:60Z", utc: .init(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60)),
        Accepted(text: "2017-01-01T00:59:60.5+01:00",
                 utc: .init(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60.5)),
        Accepted(text: "2024-02-29T00:00:00Z", utc: .init(year: 2024, month: 2, day: 29)),
    ])
    func parses(accepted: Accepted) throws {
        let parsed = try Instant(iso8601: accepted.text)
        #expect(abs(parsed.seconds(since: Instant(utc: accepted.utc))) < 1e-9)
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        let text: String
        let kind: TimeError.Kind
        let column: Int?
        var testDescription: String { text }
    }

    @Test(arguments: [
        Rejected(text: "", kind: .malformedISO8601, column: 1),
        Rejected(text: "23-10-09", kind: .malformedISO8601, column: 1),
        Rejected(text: "2023/10/09", kind: .malformedISO8601, column: 5),
        Rejected(text: "2023-1-09", kind: .malformedISO8601, column: 6),
        Rejected(text: "2023-13-09", kind: .fieldOutOfRange, column: 6),
        Rejected(text: "2023-00-09", kind: .fieldOutOfRange, column: 6),
        Rejected(text: "2023-02-29", kind: .fieldOutOfRange, column: 9),
        Rejected(text: "2023-04-31T00:00:00Z", kind: .fieldOutOfRange, column: 9),
        Rejected(text: "2023-366T00:00:00Z", kind: .fieldOutOfRange, column: 6),
        Rejected(text: "2023-000", kind: .fieldOutOfRange, column: 6),
        Rejected(text: "2023-10-09X12:00:00Z", kind: .malformedISO8601, column: 11),
        Rejected(text: "2023-10-09T25:00:00Z", kind: .fieldOutOfRange, column: 12),
        Rejected(text: "2023-10-09T24:00:01Z", kind: .fieldOutOfRange, column: 12),
        Rejected(text: "2023-10-09T12:60:00Z", kind: .fieldOutOfRange, column: 15),
        Rejected(text: "2023-10-09T12:00:61Z", kind: .fieldOutOfRange, column: 18),
        Rejected(text: "2023-10-09T12:00:60Z", kind: .notALeapSecond, column: 18),
        Rejected(text: "2016-12-31T23:58:60Z", kind: .notALeapSecond, column: 18),
        Rejected(text: "2016-12-31T23:59:60+01:00", kind: .notALeapSecond, column: 18),
        Rejected(text: "2023-10-09T12:00:00.Z", kind: .malformedISO8601, column: 21),
        Rejected(text: "2023-10-09T12:00:00ZZ", kind: .malformedISO8601, column: 21),
        Rejected(text: "2023-10-09T12:00:00+1", kind: .malformedISO8601, column: 21),
        Rejected(text: "2023-10-09T12:00:00+24:00", kind: .fieldOutOfRange, column: 21),
        Rejected(text: "2023-10-09T12:00:00+01:60", kind: .fieldOutOfRange, column: 21),
        Rejected(text: "2023-10-09T12", kind: .malformedISO8601, column: 14),
        Rejected(text: "2023-10-09T1:00:00Z", kind: .malformedISO8601, column: 12),
        Rejected(text: "2023-10-09T12:00:00 UTC", kind: .malformedISO8601, column: 20),
        Rejected(text: " 2023-10-09", kind: .malformedISO8601, column: 1),
    ])
    func rejects(rejected: Rejected) {
        do {
            let instant = try Instant(iso8601: rejected.text)
            Issue.record("accepted \(rejected.text) as \(instant)")
        } catch {
            #expect(error.kind == rejected.kind, "\(error)")
            #expect(error.column == rejected.column, "\(error)")
            #expect(error.description.contains("expected"))
            #expect(error.input == rejected.text)
        }
    }

    @Test func errorDescriptionIsReadable() {
        do {
            _ = try Instant(iso8601: "2023-13-09")
        } catch {
            #expect(error.description == "column 6: field out of range: expected a month 01–12, found \"13\" in \"2023-13-09\"")
        }
    }

    @Test func formatsWithRoundingAndCarry() {
        #expect(utc(2023, 10, 9, 12, 34, 56.123456).iso8601(fractionDigits: 3) == "2023-10-09T12:34:56.123Z")
        #expect(utc(2023, 10, 9, 12, 34, 56.123456).iso8601(fractionDigits: 6) == "2023-10-09T12:34:56.123456Z")
        #expect(utc(2023, 10, 9, 12, 34, 56.5).iso8601(fractionDigits: 0) == "2023-10-09T12:34:57Z")
        #expect(utc(2023, 10, 9, 12, 34, 59.9996).iso8601(fractionDigits: 3) == "2023-10-09T12:35:00.000Z")
        #expect(utc(2023, 10, 9, 12, 34, 59.9994).iso8601(fractionDigits: 3) == "2023-10-09T12:34:59.999Z")
        #expect(utc(2023, 12, 31, 23, 59, 59.9999).iso8601(fractionDigits: 3) == "2024-01-01T00:00:00.000Z")
        // Rounding up into a leap second, and out of it into the next year.
        #expect(utc(2016, 12, 31, 23, 59, 59.9996).iso8601(fractionDigits: 3) == "2016-12-31T23:59:60.000Z")
        #expect(utc(2016, 12, 31, 23, 59, 60.9996).iso8601(fractionDigits: 3) == "2017-01-01T00:00:00.000Z")
        #expect(utc(2023, 10, 9).iso8601(fractionDigits: 9) == "2023-10-09T00:00:00.000000000Z")
        #expect(utc(1957, 10, 4, 19, 28, 34).iso8601(fractionDigits: 0) == "1957-10-04T19:28:34Z")
        #expect(utc(2023, 10, 9).description == "2023-10-09T00:00:00.000Z")
        // Digits are clamped to 0…12.
        #expect(utc(2023, 10, 9).iso8601(fractionDigits: -2) == "2023-10-09T00:00:00Z")
    }

    @Test(arguments: [0, 3, 6, 9])
    func roundTrips(digits: Int) throws {
        var random = SplitMix64(seed: UInt64(100 + digits))
        for _ in 0..<500 {
            let instant = Instant(ttSecondsSinceJ2000: Int64.random(in: -1_000_000_000 ... 3_000_000_000, using: &random),
                                  fraction: Double.random(in: 0..<1, using: &random))
            let text = instant.iso8601(fractionDigits: digits)
            let parsed = try Instant(iso8601: text)
            let tolerance = 0.5 * pow10(-digits) + 1e-9
            #expect(abs(parsed.seconds(since: instant)) <= tolerance, "\(text)")
            #expect(parsed.iso8601(fractionDigits: digits) == text)
        }
    }
}

func pow10(_ n: Int) -> Double {
    var value = 1.0
    for _ in 0..<abs(n) { value *= 10 }
    return n < 0 ? 1 / value : value
}
