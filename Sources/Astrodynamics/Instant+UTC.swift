/// Calendar fields of an instant in UTC.
public struct UTCComponents: Sendable, Hashable {
    /// Year (proleptic Gregorian).
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of month, 1–31.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Seconds, 0 ..< 61 (60 ..< 61 only during a leap second).
    public var second: Double

    /// Creates calendar fields.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil-days algorithm).
@inlinable
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count from 1970-01-01.
@inlinable
func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

/// MJD of 1970-01-01.
@usableFromInline let mjdOfUnixEpoch = 40_587
/// MJD of 2000-01-01 (J2000.0 is noon of that day).
@usableFromInline let mjdOfJ2000Day = 51_544

extension Instant {
    /// Creates an instant from UTC calendar fields.
    public init(utc c: UTCComponents, leapSeconds: LeapSecondTable = .builtIn) {
        let mjd = daysFromCivil(year: c.year, month: c.month, day: c.day) + mjdOfUnixEpoch
        let offset = leapSeconds.offsetSeconds(utcMJD: mjd)
        // TT seconds since J2000.0 = UTC seconds since 2000-01-01T12:00 (UTC clock) + (TAI−UTC) + 32.184.
        let wholeOfDay = Int64((mjd - mjdOfJ2000Day) * 86_400 - 43_200 + c.hour * 3_600 + c.minute * 60 + offset + 32)
        let secondWhole = c.second.rounded(.down)
        self.init(ttSecondsSinceJ2000: wholeOfDay + Int64(secondWhole), fraction: (c.second - secondWhole) + 0.184)
    }

    /// Creates an instant from a UTC Modified Julian Date given as whole day and fraction of day.
    public init(utcMJD day: Int, fractionOfDay: Double, leapSeconds: LeapSecondTable = .builtIn) {
        let seconds = fractionOfDay * 86_400
        let civil = civilFromDays(day - mjdOfUnixEpoch)
        self.init(utc: UTCComponents(year: civil.year, month: civil.month, day: civil.day, second: seconds),
                  leapSeconds: leapSeconds)
    }

    /// The UTC calendar fields of this instant (seconds reach 60 only inside a leap second).
    public func utcComponents(leapSeconds: LeapSecondTable = .builtIn) -> UTCComponents {
        let (mjd, secondsOfDay) = utcDayAndSeconds(leapSeconds: leapSeconds)
        let civil = civilFromDays(mjd - mjdOfUnixEpoch)
        let wholeSecond = min(Int(secondsOfDay.rounded(.down)), 86_400)
        let hour = min(wholeSecond / 3600, 23)
        let minute = min((wholeSecond - hour * 3600) / 60, 59)
        let second = secondsOfDay - Double(hour * 3600 + minute * 60)
        return UTCComponents(year: civil.year, month: civil.month, day: civil.day, hour: hour, minute: minute,
                             second: second)
    }

    /// The UTC day (MJD) and the seconds elapsed in it, `0 ..< 86_401`.
    public func utcDayAndSeconds(leapSeconds: LeapSecondTable = .builtIn) -> (mjd: Int, seconds: Double) {
        // Seconds since 2000-01-01T00:00 on a clock running TT, minus TT−UTC (which depends on the UTC day).
        let ttFromMidnight = ttWholeSeconds + 43_200 - 32
        let fraction = ttFractionSeconds - 0.184
        var mjd = Int((Double(ttFromMidnight) / 86_400).rounded(.down)) + mjdOfJ2000Day
        for _ in 0..<3 {
            let offset = Int64(leapSeconds.offsetSeconds(utcMJD: mjd))
            let seconds = Double(ttFromMidnight - offset - Int64(mjd - mjdOfJ2000Day) * 86_400) + fraction
            if seconds < 0 { mjd -= 1; continue }
            let dayLength = 86_400 + Double(leapSeconds.offsetSeconds(utcMJD: mjd + 1) - Int(offset))
            if seconds >= dayLength { mjd += 1; continue }
            return (mjd, seconds)
        }
        let offset = Int64(leapSeconds.offsetSeconds(utcMJD: mjd))
        return (mjd, Double(ttFromMidnight - offset - Int64(mjd - mjdOfJ2000Day) * 86_400) + fraction)
    }

    /// The two-part Julian date of this instant in `scale` (UT1 is taken equal to UTC here; use
    /// ``EarthOrientation`` for UT1−UTC).
    public func julianDate(_ scale: TimeScale, leapSeconds: LeapSecondTable = .builtIn) -> JulianDate {
        switch scale {
        case .tt:
            return JulianDate(whole: 2_451_545.0 + Double(ttWholeSeconds / 86_400),
                              fraction: (Double(ttWholeSeconds % 86_400) + ttFractionSeconds) / 86_400)
        case .tai:
            let tai = adding(seconds: -32.184)
            return JulianDate(whole: 2_451_545.0 + Double(tai.ttWholeSeconds / 86_400),
                              fraction: (Double(tai.ttWholeSeconds % 86_400) + tai.ttFractionSeconds) / 86_400)
        case .utc, .ut1:
            let (mjd, seconds) = utcDayAndSeconds(leapSeconds: leapSeconds)
            return JulianDate(whole: Double(mjd) + 2_400_000.5, fraction: seconds / 86_400)
        }
    }
}
