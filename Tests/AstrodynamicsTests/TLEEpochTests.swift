import Testing
import Astrodynamics

@Suite("TLE epochs")
struct TLEEpochTests {
    @Test func centuryCutoff() {
        #expect(Instant.tleEpochFullYear(twoDigit: 57) == 1957)
        #expect(Instant.tleEpochFullYear(twoDigit: 99) == 1999)
        #expect(Instant.tleEpochFullYear(twoDigit: 0) == 2000)
        #expect(Instant.tleEpochFullYear(twoDigit: 56) == 2056)
        #expect(Instant(tleEpochYear: 57, dayOfYear: 1) == utc(1957, 1, 1))
        #expect(Instant(tleEpochYear: 56, dayOfYear: 1) == utc(2056, 1, 1))
    }

    @Test func knownEpochs() {
        // Day 282.5 of 2023 is 9 October, 12:00 UTC.
        #expect(Instant(tleEpochYear: 23, dayOfYear: 282.5) == utc(2023, 10, 9, 12))
        // Day 1.0 is 1 January 0 h; leap years have a day 366.
        #expect(Instant(tleEpochYear: 24, dayOfYear: 366.25) == utc(2024, 12, 31, 6))
        // Vallado's SGP4 test satellite 00005: epoch 00179.78495062 = 2000-06-27 18:50:19.733568 UTC.
        let epoch = Instant(tleEpochYear: 0, dayOfYear: 179.784_950_62)
        #expect(abs(epoch.seconds(since: utc(2000, 6, 27, 18, 50, 19.733_568))) < 1e-5)
        #expect(epoch.tleEpochField() == "00179.78495062")
    }

    @Test(arguments: [57, 72, 98, 99, 0, 8, 16, 23, 56])
    func roundTripsToEightDecimals(twoDigitYear: Int) {
        var random = SplitMix64(seed: UInt64(twoDigitYear + 7))
        let length = Instant.tleEpochFullYear(twoDigit: twoDigitYear) % 4 == 0 ? 366 : 365
        for _ in 0..<2000 {
            let day = Int.random(in: 1...length, using: &random)
            let units = Int.random(in: 0..<100_000_000, using: &random)
            let fractionDigits = String(units)
            let text = "\(day)." + String(repeating: "0", count: 8 - fractionDigits.count) + fractionDigits
            guard let dayOfYear = Double(text) else {
                Issue.record("could not form \(text)")
                continue
            }
            let instant = Instant(tleEpochYear: twoDigitYear, dayOfYear: dayOfYear)
            let back = instant.tleEpoch()
            #expect(back.twoDigitYear == twoDigitYear)
            #expect(back.dayOfYear == dayOfYear, "\(text)")
            let yy = twoDigitYear < 10 ? "0\(twoDigitYear)" : "\(twoDigitYear)"
            let ddd = String(repeating: "0", count: 3 - String(day).count) + String(day)
            #expect(instant.tleEpochField() == yy + ddd + "." + text.split(separator: ".")[1])
        }
    }

    @Test func roundingCarriesIntoNextDayAndYear() {
        // 0.999999999 day rounds to the next day at 8 decimals.
        let late = utc(2023, 12, 31, 23, 59, 59.9999)
        #expect(late.tleEpochField() == "24001.00000000")
        #expect(late.tleEpoch().twoDigitYear == 24 && late.tleEpoch().dayOfYear == 1.0)
        // A leap second cannot be written; it stays at the end of its day.
        let leap = utc(2016, 12, 31, 23, 59, 60.5)
        #expect(leap.tleEpochField() == "16366.99999999")
    }
}
