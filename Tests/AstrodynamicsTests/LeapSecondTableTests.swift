import Testing
import Astrodynamics

@Suite("Leap-second table")
struct LeapSecondTableTests {
    /// The UTC days that ended with a leap second (IERS Bulletin C announcements), 1972–2016.
    static let leapSecondDays: [(Int, Int, Int)] = [
        (1972, 6, 30), (1972, 12, 31), (1973, 12, 31), (1974, 12, 31), (1975, 12, 31), (1976, 12, 31),
        (1977, 12, 31), (1978, 12, 31), (1979, 12, 31), (1981, 6, 30), (1982, 6, 30), (1983, 6, 30),
        (1985, 6, 30), (1987, 12, 31), (1989, 12, 31), (1990, 12, 31), (1992, 6, 30), (1993, 6, 30),
        (1994, 6, 30), (1995, 12, 31), (1997, 6, 30), (1998, 12, 31), (2005, 12, 31), (2008, 12, 31),
        (2012, 6, 30), (2015, 6, 30), (2016, 12, 31),
    ]

    @Test func builtInMatchesBulletinC() {
        let entries = LeapSecondTable.builtIn.entries
        #expect(entries.count == 28)
        #expect(entries.first == .init(mjd: 41_317, offsetSeconds: 10))  // 1972-01-01, 10 s
        #expect(entries.last == .init(mjd: 57_754, offsetSeconds: 37))   // 2017-01-01, 37 s
        for (index, (y, m, d)) in Self.leapSecondDays.enumerated() {
            // The day after each leap second starts the next entry, one second more.
            let nextDay = utc(y, m, d + 1).utcDayAndSeconds().mjd
            #expect(entries[index + 1].mjd == nextDay, "leap second after \(y)-\(m)-\(d)")
            #expect(entries[index + 1].offsetSeconds == 11 + index)
        }
    }

    @Test func parsesIERSLeapSecondDat() throws {
        let table = try LeapSecondTable(contentsOfIERSFile: fixturePath("Leap_Second.dat"))
        #expect(table.entries == LeapSecondTable.builtIn.entries)
        // "File expires on 28 June 2026"
        #expect(table.expirationMJD == utc(2026, 6, 28).utcDayAndSeconds().mjd)
    }

    @Test func parsesLeapSecondsList() throws {
        let table = try LeapSecondTable(contentsOfIERSFile: fixturePath("leap-seconds.list"))
        #expect(table.entries == LeapSecondTable.builtIn.entries)
        #expect(table.expirationMJD == utc(2026, 6, 28).utcDayAndSeconds().mjd)
    }

    @Test func aNewerFileAddsALeapSecond() throws {
        // A hypothetical future leap second at the end of 2030-06-30 (the file format, not a prediction).
        var text = try readFixture("Leap_Second.dat")
        text += "    \(utc(2030, 7, 1).utcDayAndSeconds().mjd).0    1  7 2030       38\n"
        let table = try LeapSecondTable(parsing: text)
        let leap = try Instant(iso8601: "2030-06-30T23:59:60.25Z", leapSeconds: table)
        #expect(leap.iso8601(fractionDigits: 2, leapSeconds: table) == "2030-06-30T23:59:60.25Z")
        #expect(throws: TimeError.self) { try Instant(iso8601: "2030-06-30T23:59:60Z") }
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let expectedFragment: String
        var testDescription: String { expectedFragment }
    }

    @Test(arguments: [
        BadFile(text: "# c\n    41317.0    1  1 1972       10\n    41499.0    1  7 1972       1O\n", line: 3,
                expectedFragment: "TAI−UTC in whole seconds"),
        BadFile(text: "    41317.0    1  1 1972       10\n    41499.0    1  7 1972\n", line: 2,
                expectedFragment: "5 fields"),
        BadFile(text: "    41317.0    1  1 1972       10\n    41500.0    1  7 1972       11\n", line: 2,
                expectedFragment: "an MJD matching"),
        BadFile(text: "    41317.0    1  1 1972       10\n    41499.0    1 13 1972       11\n", line: 2,
                expectedFragment: "a month 1–12"),
        BadFile(text: "    41499.0    1  7 1972       11\n    41317.0    1  1 1972       10\n", line: 2,
                expectedFragment: "a date after"),
        BadFile(text: "    41317.0    1  1 1972       10\n    41499.0    1  7 1972       13\n", line: 2,
                expectedFragment: "differing by one second"),
        BadFile(text: "#@\t3991593600\n2272060800\t10\n2287785601\t11\t# 1 Jul 1972\n", line: 3,
                expectedFragment: "multiple of 86400"),
        BadFile(text: "#@\tsoon\n2272060800\t10\n", line: 1, expectedFragment: "NTP expiry"),
        BadFile(text: "2272060800\t10\n2287785600\tx\n", line: 2, expectedFragment: "TAI−UTC in whole seconds"),
    ])
    func rejectsMalformedFiles(bad: BadFile) {
        do {
            _ = try LeapSecondTable(parsing: bad.text)
            Issue.record("accepted a malformed file")
        } catch {
            #expect(error.kind == .malformedLeapSecondFile)
            #expect(error.line == bad.line)
            #expect(error.description.contains(bad.expectedFragment), "\(error)")
            #expect(error.description.contains("line \(bad.line)"))
        }
    }

    @Test func reportsMissingFile() {
        #expect {
            try LeapSecondTable(contentsOfIERSFile: "/nonexistent/Leap_Second.dat")
        } throws: { error in
            (error as? TimeError)?.kind == .unreadableFile
        }
        #expect(throws: TimeError.self) { try LeapSecondTable(parsing: "# only comments\n\n") }
    }
}

