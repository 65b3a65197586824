import Testing
import Astrodynamics

@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func leapSecondFilesWithCRLF() throws {
        let text = try readFixture("leap-seconds.list").split(separator: "\n").joined(separator: "\r\n")
        #expect(try LeapSecondTable(parsing: text).entries == LeapSecondTable.builtIn.entries)
        let dat = try readFixture("Leap_Second.dat").split(separator: "\n").joined(separator: "\r\n")
        #expect(try LeapSecondTable(iersLeapSecondData: dat).entries == LeapSecondTable.builtIn.entries)
    }

    @Test func bulletinBFallsBackToA() throws {
        // A prediction line without Bulletin B columns, flagged P.
        let line = "2310 9 60226.00 P  0.210000 0.003000  0.280000 0.004000  P 0.0120000 0.0010000"
        let eop = try EarthOrientation(finalsText: line + "\n", bulletin: .bWherePresent)
        #expect(eop.records.count == 1)
        #expect(eop.records[0].xpArcsec == 0.21 && eop.records[0].ut1MinusUTCSeconds == 0.012)
        #expect(eop.records[0].lodSeconds == 0 && eop.records[0].isPrediction)
        #expect(eop.coverageUTCMJD == nil)
        #expect(eop.parameters(utcMJD: 1).ypArcsec == 0.28)
    }

    @Test func utcJulianDateDuringALeapSecond() {
        let leap = utc(2016, 12, 31, 23, 59, 60.5)
        let jd = leap.julianDate(.utc)
        #expect(jd.whole == 2_457_753.5)
        #expect(abs(jd.fraction - 86_400.5 / 86_400) < 1e-15)
        // For table look-ups the leap second stays inside its own day.
        let mjd = leap.utcMJDForTables()
        #expect(mjd > 57_753.99 && mjd < 57_754)
    }

    @Test func isoOffsetsCrossingDaysAndYears() throws {
        let a = try Instant(iso8601: "2024-01-01T00:30:00+01:00")
        #expect(a.iso8601(fractionDigits: 0) == "2023-12-31T23:30:00Z")
        let b = try Instant(iso8601: "2023-365T23:30:00-01:00")
        #expect(b.iso8601(fractionDigits: 0) == "2024-01-01T00:30:00Z")
        let c = try Instant(iso8601: "2023-10-09T12:00:00.99999999999999999999Z")
        #expect(abs(c.seconds(since: utc(2023, 10, 9, 12, 0, 1))) < 1e-12)
    }
}
