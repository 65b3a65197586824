import Testing
import Astrodynamics

@Suite("Instant and time scales")
struct InstantTests {
    @Test func j2000IsNoonTT() {
        // 2000-01-01T12:00:00 TT = 11:58:55.816 UTC (TT − UTC = 32 s + 32.184 s).
        let instant = utc(2000, 1, 1, 11, 58, 55.816)
        #expect(abs(instant.seconds(since: .j2000)) < 1e-12)
        let jd = Instant.j2000.julianDate(.tt)
        #expect(jd.whole == 2_451_545.0 && jd.fraction == 0)
        let tai = Instant.j2000.julianDate(.tai)
        #expect(abs((tai.whole - 2_451_545.0) * 86_400 + tai.fraction * 86_400 + 32.184) < 1e-9)
        let utcJD = instant.julianDate(.utc)
        #expect(utcJD.whole == 2_451_544.5)
        #expect(abs(utcJD.fraction * 86_400 - (11 * 3600 + 58 * 60 + 55.816)) < 1e-9)
    }

    @Test func ttSplitIsNormalised() {
        let a = Instant(ttSecondsSinceJ2000: 10, fraction: -0.25)
        #expect(a.ttSecondsSinceJ2000Parts.whole == 9 && a.ttSecondsSinceJ2000Parts.fraction == 0.75)
        let b = Instant(ttSecondsSinceJ2000: 10, fraction: 2.5)
        #expect(b.ttSecondsSinceJ2000Parts.whole == 12 && b.ttSecondsSinceJ2000Parts.fraction == 0.5)
        let c = Instant(ttSecondsSinceJ2000: 0, fraction: -1e-17)
        #expect(c.ttSecondsSinceJ2000Parts.fraction < 1 && c.ttSecondsSinceJ2000Parts.fraction >= 0)
        let nan = Instant(ttSecondsSinceJ2000: 5, fraction: .nan)
        #expect(nan.ttSecondsSinceJ2000Parts.whole == 5 && nan.ttSecondsSinceJ2000Parts.fraction == 0)
        // Sub-nanosecond arithmetic far from J2000.
        let far = Instant(ttSecondsSinceJ2000: 3_000_000_000, fraction: 0.123_456_789_012)
        let later = far.adding(seconds: 1e-10)
        #expect(abs(later.seconds(since: far) - 1e-10) < 1e-15)
        #expect(abs(far.adding(minutes: 90).minutes(since: far) - 90) < 1e-12)
    }

    @Test func ttJulianDateRoundTrip() {
        let instant = Instant(ttSecondsSinceJ2000: 123_456_789, fraction: 0.987_654_321)
        let jd = instant.julianDate(.tt)
        #expect(jd.fraction >= 0 && jd.fraction < 1)
        #expect(abs(Instant(ttJulianDate: jd).seconds(since: instant)) < 1e-9)
        let before = Instant(ttSecondsSinceJ2000: -1_000_000, fraction: 0.5)
        let jdBefore = before.julianDate(.tt)
        #expect(jdBefore.fraction >= 0 && jdBefore.fraction < 1)
        #expect(abs(Instant(ttJulianDate: jdBefore).seconds(since: before)) < 1e-9)
    }

    // MARK: Leap seconds

    @Test func leapSecondAtEndOf2016() {
        let before = utc(2016, 12, 31, 23, 59, 59)
        let leap = utc(2016, 12, 31, 23, 59, 60)
        let leapHalf = utc(2016, 12, 31, 23, 59, 60.5)
        let after = utc(2017, 1, 1)
        #expect(leap.seconds(since: before) == 1)
        #expect(after.seconds(since: leap) == 1)
        #expect(abs(leapHalf.seconds(since: leap) - 0.5) < 1e-12)
        // The day with the leap second lasts 86 401 s; the days around it 86 400 s.
        #expect(after.seconds(since: utc(2016, 12, 31)) == 86_401)
        #expect(utc(2016, 12, 31).seconds(since: utc(2016, 12, 30)) == 86_400)
        #expect(utc(2017, 1, 2).seconds(since: after) == 86_400)
        // TT − UTC is 68.184 s before and 69.184 s after.
        let ttBefore = before.julianDate(.tt)
        let utcBefore = before.julianDate(.utc)
        #expect(abs(((ttBefore.whole - utcBefore.whole) + (ttBefore.fraction - utcBefore.fraction)) * 86_400
                    - 68.184) < 1e-6)
        let ttAfter = after.julianDate(.tt)
        let utcAfter = after.julianDate(.utc)
        #expect(abs(((ttAfter.whole - utcAfter.whole) + (ttAfter.fraction - utcAfter.fraction)) * 86_400
                    - 69.184) < 1e-6)

        let components = leapHalf.utcComponents()
        #expect(components.year == 2016 && components.month == 12 && components.day == 31)
        #expect(components.hour == 23 && components.minute == 59)
        #expect(abs(components.second - 60.5) < 1e-9)
        let dayAndSeconds = leapHalf.utcDayAndSeconds()
        #expect(dayAndSeconds.mjd == 57_753 && abs(dayAndSeconds.seconds - 86_400.5) < 1e-9)
        #expect(after.utcDayAndSeconds().mjd == 57_754 && after.utcDayAndSeconds().seconds == 0)
        #expect(before.utcComponents().second == 59)

        #expect(leap.iso8601(fractionDigits: 0) == "2016-12-31T23:59:60Z")
        #expect(leapHalf.iso8601(fractionDigits: 3) == "2016-12-31T23:59:60.500Z")
        #expect(after.iso8601(fractionDigits: 0) == "2017-01-01T00:00:00Z")
        #expect(before.iso8601(fractionDigits: 0) == "2016-12-31T23:59:59Z")
    }

    @Test(arguments: [
        (1972, 6, 30), (1972, 12, 31), (1979, 12, 31), (1981, 6, 30), (1998, 12, 31), (2005, 12, 31),
        (2008, 12, 31), (2012, 6, 30), (2015, 6, 30), (2016, 12, 31),
    ])
    func everyLeapSecondDayHas86401Seconds(year: Int, month: Int, day: Int) {
        let start = utc(year, month, day)
        let next = utc(year, month, day + 1)
        #expect(next.seconds(since: start) == 86_401)
        let leap = utc(year, month, day, 23, 59, 60.25)
        let c = leap.utcComponents()
        #expect(c.day == day && c.hour == 23 && c.minute == 59 && abs(c.second - 60.25) < 1e-9)
    }

    @Test func taiMinusUTC() {
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 41_316) == 10)  // 1971-12-31: 10 s by convention
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 41_317) == 10)
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 51_544) == 32)  // 2000-01-01
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 57_753) == 36)  // 2016-12-31
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 57_754) == 37)  // 2017-01-01
        #expect(LeapSecondTable.builtIn.offsetSeconds(utcMJD: 70_000) == 37)
        #expect(LeapSecondTable.builtIn.hasLeapSecond(atEndOfUTCMJD: 57_753))
        #expect(!LeapSecondTable.builtIn.hasLeapSecond(atEndOfUTCMJD: 57_754))
        // Pre-1972 convention: TT − UTC = 42.184 s, continuous into 1972.
        let y1965 = utc(1965, 3, 1)
        let tt = y1965.julianDate(.tt)
        let u = y1965.julianDate(.utc)
        #expect(abs(((tt.whole - u.whole) + (tt.fraction - u.fraction)) * 86_400 - 42.184) < 1e-6)
        #expect(utc(1972, 1, 1).seconds(since: utc(1971, 12, 31)) == 86_400)
    }

    /// UTC → Instant → UTC and Instant → UTC → Instant agree to well under a nanosecond, 1960–2100.
    @Test(arguments: Array(stride(from: 1960, through: 2100, by: 5)))
    func utcRoundTrips(startYear: Int) {
        var random = SplitMix64(seed: UInt64(startYear))
        for _ in 0..<400 {
            let year = startYear + Int.random(in: 0..<5, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            let hour = Int.random(in: 0...23, using: &random)
            let minute = Int.random(in: 0...59, using: &random)
            let second = Double.random(in: 0..<60, using: &random)
            let instant = utc(year, month, day, hour, minute, second)
            let back = instant.utcComponents()
            #expect(back.year == year && back.month == month && back.day == day)
            #expect(back.hour == hour && back.minute == minute)
            #expect(abs(back.second - second) < 1e-9)
            #expect(abs(Instant(utc: back).seconds(since: instant)) < 1e-9)

            let tt = Instant(ttSecondsSinceJ2000: Int64.random(in: -1_262_000_000 ... 3_155_000_000, using: &random),
                             fraction: Double.random(in: 0..<1, using: &random))
            let viaUTC = Instant(utc: tt.utcComponents())
            #expect(abs(viaUTC.seconds(since: tt)) < 1e-9)
            let viaMJD = tt.utcDayAndSeconds()
            #expect(abs(Instant(utcMJD: viaMJD.mjd, fractionOfDay: viaMJD.seconds / 86_400)
                .seconds(since: tt)) < 1e-9)
        }
    }

    @Test func roundTripThroughEveryLeapSecond() {
        for entry in LeapSecondTable.builtIn.entries.dropFirst() {
            let start = Instant(utcMJD: entry.mjd, fractionOfDay: 0).adding(seconds: -2)
            for step in 0..<9 {
                let instant = start.adding(seconds: Double(step) * 0.5 + 0.123_456_789)
                #expect(abs(Instant(utc: instant.utcComponents()).seconds(since: instant)) < 1e-9)
            }
        }
    }

    @Test func lenientCalendarFieldsRollOver() {
        // Day 282 of January is 9 October (the TLE reader relies on this).
        #expect(utc(2023, 1, 282) == utc(2023, 10, 9))
        #expect(utc(2023, 10, 9, 0, 90) == utc(2023, 10, 9, 1, 30))
        #expect(Instant(utc: UTCComponents(year: 2023, month: 1, day: 1, second: .nan)) == utc(2023, 1, 1))
    }
}
