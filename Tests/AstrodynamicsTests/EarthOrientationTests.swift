import Testing
import Astrodynamics

@Suite("Earth orientation")
struct EarthOrientationTests {
    @Test func parsesFinalsFixture() throws {
        let eop = try EarthOrientation(contentsOfFinalsFile: fixturePath("finals-2004-04.all"))
        // The fourth line has no values and is skipped.
        #expect(eop.records.count == 3)
        #expect(eop.coverageUTCMJD == 53_100...53_102)
        let day = eop.records[1]
        #expect(day.utcMJD == 53_101)
        #expect(day.xpArcsec == -0.140722 && day.ypArcsec == 0.333536)
        #expect(day.ut1MinusUTCSeconds == -0.4399498)
        #expect(abs(day.lodSeconds - 0.0015244) < 1e-15)
        #expect(!day.isPrediction)

        let b = try EarthOrientation(contentsOfFinalsFile: fixturePath("finals-2004-04.all"), bulletin: .bWherePresent)
        #expect(b.records[1].xpArcsec == -0.140720 && b.records[1].ypArcsec == 0.333270)
        #expect(b.records[1].ut1MinusUTCSeconds == -0.4399620)
        #expect(abs(b.records[1].lodSeconds - 0.0015244) < 1e-15)
    }

    @Test func interpolatesLinearly() throws {
        let eop = try EarthOrientation(finalsText: readFixture("finals-2004-04.all"))
        let noon = eop.parameters(utcMJD: 53_101.5)
        #expect(abs(noon.ut1MinusUTCSeconds - (-0.4399498 - 0.4414071) / 2) < 1e-12)
        #expect(abs(noon.xpArcsec - (-0.140722 - 0.140160) / 2) < 1e-12)
        #expect(abs(noon.ypArcsec - (0.333536 + 0.336396) / 2) < 1e-12)
        #expect(abs(noon.lodSeconds - (0.0015244 + 0.0013591) / 2) < 1e-12)
        // At a record, its values; outside the records, the nearest record's values are held.
        #expect(eop.parameters(utcMJD: 53_101).ut1MinusUTCSeconds == -0.4399498)
        #expect(eop.parameters(utcMJD: 50_000).xpArcsec == -0.141198)
        #expect(eop.parameters(utcMJD: 60_000).xpArcsec == -0.140160)
        // By instant: 2004-04-06 06:00 UTC is a quarter of the way to the next record.
        let quarter = eop.parameters(at: utc(2004, 4, 6, 6))
        #expect(abs(quarter.ut1MinusUTCSeconds - (-0.4399498 + 0.25 * (-0.4414071 + 0.4399498))) < 1e-12)
        #expect(EarthOrientation.zero.parameters(at: utc(2004, 4, 6)) == .zero)
    }

    @Test func interpolatesAcrossALeapSecond() {
        // Synthetic records around the 2016-12-31 leap second: UT1 − UTC jumps by +1 s at 2017-01-01 0 h.
        let eop = EarthOrientation(records: [
            .init(utcMJD: 57_752, ut1MinusUTCSeconds: -0.40, xpArcsec: 0, ypArcsec: 0),
            .init(utcMJD: 57_753, ut1MinusUTCSeconds: -0.41, xpArcsec: 0, ypArcsec: 0),
            .init(utcMJD: 57_754, ut1MinusUTCSeconds: 0.58, xpArcsec: 0, ypArcsec: 0),
            .init(utcMJD: 57_755, ut1MinusUTCSeconds: 0.57, xpArcsec: 0, ypArcsec: 0),
        ])
        #expect(abs(eop.parameters(utcMJD: 57_753.5).ut1MinusUTCSeconds - -0.415) < 1e-12)
        #expect(abs(eop.parameters(utcMJD: 57_754).ut1MinusUTCSeconds - 0.58) < 1e-12)
        // UT1 is continuous through the leap second: 23:59:59 → 23:59:60 → 00:00:00 UTC advance UT1 by ~1 s each.
        let times = [utc(2016, 12, 31, 23, 59, 59), utc(2016, 12, 31, 23, 59, 60), utc(2017, 1, 1)]
        let ut1 = times.map { $0.julianDate(.ut1, earthOrientation: eop) }
        for (a, b) in zip(ut1, ut1.dropFirst()) {
            let step = ((b.whole - a.whole) + (b.fraction - a.fraction)) * 86_400
            #expect(abs(step - 1) < 1e-6, "UT1 step \(step) s")
        }
    }

    @Test func ut1JulianDate() throws {
        let eop = try EarthOrientation(finalsText: readFixture("finals-2004-04.all"))
        let instant = utc(2004, 4, 6)
        let ut1 = instant.julianDate(.ut1, earthOrientation: eop)
        let utcJD = instant.julianDate(.utc)
        #expect(ut1.whole == 2_453_101.5 && utcJD.whole == 2_453_101.5)
        #expect(abs((ut1.fraction - utcJD.fraction) * 86_400 - -0.4399498) < 1e-9)
        // Without Earth orientation data UT1 = UTC.
        #expect(instant.julianDate(.ut1) == utcJD)
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let columns: ClosedRange<Int>?
        let fragment: String
        var testDescription: String { fragment }
    }

    static let good = " 4 4 5 53100.00 I -0.141198 0.000079  0.331215 0.000051  I-0.4384012 0.0000027  1.5611 0.0020"

    @Test(arguments: [
        BadLine(text: good + "\n 4 4 6 53101.00 I -0.14O722 0.000071  0.333536 0.000057  I-0.4399498 0.0000028  1.5244 0.0019",
                line: 2, columns: 19...27, fragment: "PM-x"),
        BadLine(text: good + "\n 4 4 6 53101.00 I -0.140722 0.000071  0.333536 0.000057  I-0.43994X8 0.0000028",
                line: 2, columns: 59...68, fragment: "UT1−UTC"),
        BadLine(text: good + "\n 4 4 6 53102.00 I -0.140722 0.000071  0.333536 0.000057  I-0.4399498 0.0000028",
                line: 2, columns: 8...15, fragment: "matching the date"),
        BadLine(text: good + "\n" + good, line: 2, columns: 8...15, fragment: "an MJD after"),
        BadLine(text: "\n\n 4 4 6 5310l.00 I -0.140722 0.000071", line: 3, columns: 8...15, fragment: "an MJD"),
        BadLine(text: good + "\n 4 4 6 53101.00 I -0.140722 0.000071  0.333536 0.000057  I", line: 2,
                columns: 59...68, fragment: "UT1−UTC"),
        BadLine(text: good + "\n 4 4 6 53101.00 I -0.140722 0.000071  0.333536 0.000057  I-0.4399498 0.0000028  1.52x4",
                line: 2, columns: 80...86, fragment: "LOD"),
        BadLine(text: " 4 4 8 53103.00\n", line: 0, columns: nil, fragment: "at least one line"),
    ])
    func rejectsMalformedLines(bad: BadLine) {
        do {
            _ = try EarthOrientation(finalsText: bad.text)
            Issue.record("accepted a malformed file")
        } catch {
            #expect(error.line == (bad.line == 0 ? nil : bad.line), "\(error)")
            #expect(error.columns == bad.columns, "\(error)")
            #expect(error.description.contains(bad.fragment), "\(error)")
        }
    }

    @Test func reportsMissingFile() {
        #expect(throws: EarthOrientationError.self) {
            try EarthOrientation(contentsOfFinalsFile: "/nonexistent/finals.all")
        }
    }
}
