extension Instant {
    /// The four-digit year of a two-digit TLE epoch year: 57–99 are 1957–1999, 00–56 are 2000–2056
    /// (values outside 0–99 are taken as four-digit years already).
    @inlinable
    public static func tleEpochFullYear(twoDigit: Int) -> Int {
        guard (0...99).contains(twoDigit) else { return twoDigit }
        return twoDigit < 57 ? 2000 + twoDigit : 1900 + twoDigit
    }

    /// Creates an instant from a TLE epoch: a two-digit year and a UTC day of year whose fraction counts days of
    /// 86 400 s (day 1.0 is 1 January, 0 h UTC).
    ///
    /// Years 57–99 are 1957–1999 and 00–56 are 2000–2056; a value outside 0–99 is taken as a four-digit year.
    /// Days past the end of the year roll over into the next; a non-finite day counts as day 1.0.
    public init(tleEpochYear twoDigit: Int, dayOfYear: Double, leapSeconds: LeapSecondTable = .builtIn) {
        let year = Self.tleEpochFullYear(twoDigit: twoDigit)
        let day = dayOfYear.isFinite ? dayOfYear : 1
        let wholeDay = day.rounded(.down)
        let secondsOfDay = (day - wholeDay) * 86_400
        let wholeSeconds = secondsOfDay.rounded(.down)
        let mjd = daysFromCivil(year: year, month: 1, day: 1) + mjdOfUnixEpoch + saturatingInt(wholeDay) - 1
        self.init(utcMJD: mjd, wholeSeconds: Int(wholeSeconds), fraction: secondsOfDay - wholeSeconds,
                  leapSeconds: leapSeconds)
    }

    /// This instant as a TLE epoch: the two-digit year and the UTC day of year rounded to 8 decimal places.
    ///
    /// The day is the `Double` nearest the 8-decimal value, exactly what parsing the printed TLE field gives,
    /// so an epoch read from a TLE comes back bit for bit. During a leap second the day fraction stays at
    /// `.99999999` (the format cannot express second 60).
    public func tleEpoch(leapSeconds: LeapSecondTable = .builtIn) -> (twoDigitYear: Int, dayOfYear: Double) {
        let parts = tleEpochParts(leapSeconds: leapSeconds)
        return (parts.year % 100, Double(String(parts.dayOfYear) + "." + pad(parts.units, 8)) ?? 0)
    }

    /// This instant as the 14-character TLE epoch field `YYDDD.DDDDDDDD` (columns 19–32 of line 1).
    public func tleEpochField(leapSeconds: LeapSecondTable = .builtIn) -> String {
        let parts = tleEpochParts(leapSeconds: leapSeconds)
        return pad(parts.year % 100, 2) + pad(parts.dayOfYear, 3) + "." + pad(parts.units, 8)
    }

    /// Year, day of year and the day fraction in units of 1e-8 day, rounded with carry.
    func tleEpochParts(leapSeconds: LeapSecondTable) -> (year: Int, dayOfYear: Int, units: Int) {
        let parts = utcParts(leapSeconds: leapSeconds)
        var mjd = parts.mjd
        var units: Int
        if parts.wholeSeconds >= 86_400 {
            units = 99_999_999
        } else {
            units = Int(((Double(parts.wholeSeconds) + parts.fraction) / 86_400 * 1e8).rounded())
            if units >= 100_000_000 {
                units -= 100_000_000
                mjd += 1
            }
        }
        let year = civilFromDays(mjd - mjdOfUnixEpoch).year
        let dayOfYear = mjd - (daysFromCivil(year: year, month: 1, day: 1) + mjdOfUnixEpoch) + 1
        return (year, dayOfYear, units)
    }
}
