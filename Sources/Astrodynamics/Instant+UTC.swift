/// Calendar fields of an instant in UTC.
///
/// `Instant(utc:leapSeconds:)` is lenient: fields past their usual range roll over (day 282 of January is
/// 9 October, 90 minutes is 1 h 30 min), which the TLE reader relies on. Use ``Instant/init(iso8601:leapSeconds:)``
/// for validated input.
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
///
/// Linear in `day`, so days past the end of the month roll over into later months.
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

/// Whether a proleptic Gregorian year has 366 days.
@inlinable
func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a proleptic Gregorian year.
@inlinable
func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Integer division rounding towards minus infinity.
@inlinable
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// MJD of 1970-01-01.
@usableFromInline let mjdOfUnixEpoch = 40_587
/// MJD of 2000-01-01 (J2000.0 is noon of that day).
@usableFromInline let mjdOfJ2000Day = 51_544

extension Instant {
    /// Creates an instant from a UTC day and a time in it given as whole seconds plus a fraction.
    ///
    /// `wholeSeconds` may run past the end of the day (it is counted on the UTC clock of `mjd`, so 86 400 on a
    /// day that ends with a leap second is 23:59:60).
    @inlinable
    init(utcMJD mjd: Int, wholeSeconds: Int, fraction: Double, leapSeconds: LeapSecondTable) {
        let offset = leapSeconds.offsetSeconds(utcMJD: mjd)
        // TT − UTC = (TAI − UTC) + 32.184 s; J2000.0 is 2000-01-01T12:00:00 TT.
        let whole = Int64(mjd &- mjdOfJ2000Day) &* 86_400 &- 43_200 &+ Int64(wholeSeconds) &+ Int64(offset) &+ 32
        self.init(ttSecondsSinceJ2000: whole, fraction: fraction + 0.184)
    }

    /// Creates an instant from UTC calendar fields.
    ///
    /// Fields out of range roll over (see ``UTCComponents``). Before 1972 TAI − UTC is taken as 10 s; see
    /// ``LeapSecondTable``.
    public init(utc c: UTCComponents, leapSeconds: LeapSecondTable = .builtIn) {
        let mjd = daysFromCivil(year: c.year, month: c.month, day: c.day) + mjdOfUnixEpoch
        let second = c.second.isFinite ? c.second : 0
        let secondWhole = second.rounded(.down)
        self.init(utcMJD: mjd, wholeSeconds: c.hour &* 3_600 &+ c.minute &* 60 &+ saturatingInt(secondWhole),
                  fraction: second - secondWhole, leapSeconds: leapSeconds)
    }

    /// Creates an instant from a UTC Modified Julian Date given as whole day and fraction of day.
    ///
    /// The fraction counts days of 86 400 s, so on a day ending with a leap second a fraction of exactly
    /// 1 is 23:59:60.
    public init(utcMJD day: Int, fractionOfDay: Double, leapSeconds: LeapSecondTable = .builtIn) {
        let seconds = fractionOfDay.isFinite ? fractionOfDay * 86_400 : 0
        let whole = seconds.rounded(.down)
        self.init(utcMJD: day, wholeSeconds: saturatingInt(whole), fraction: seconds - whole, leapSeconds: leapSeconds)
    }

    /// The UTC calendar fields of this instant (seconds reach 60 only inside a leap second).
    public func utcComponents(leapSeconds: LeapSecondTable = .builtIn) -> UTCComponents {
        let parts = utcParts(leapSeconds: leapSeconds)
        let civil = civilFromDays(parts.mjd - mjdOfUnixEpoch)
        let hour = min(parts.wholeSeconds / 3600, 23)
        let minute = min((parts.wholeSeconds - hour * 3600) / 60, 59)
        let second = Double(parts.wholeSeconds - hour * 3600 - minute * 60) + parts.fraction
        return UTCComponents(year: civil.year, month: civil.month, day: civil.day, hour: hour, minute: minute,
                             second: second)
    }

    /// The UTC day (MJD) and the seconds elapsed in it, `0 ..< 86_401` (`86_400 ..< 86_401` only in a leap
    /// second).
    public func utcDayAndSeconds(leapSeconds: LeapSecondTable = .builtIn) -> (mjd: Int, seconds: Double) {
        let parts = utcParts(leapSeconds: leapSeconds)
        return (parts.mjd, Double(parts.wholeSeconds) + parts.fraction)
    }

    /// TAI seconds since 2000-01-01T12:00:00 TAI, as whole seconds and a fraction in `0 ..< 1`.
    @inlinable
    var taiParts: (whole: Int64, fraction: Double) {
        var whole = ttWholeSeconds - 32
        var fraction = ttFractionSeconds - 0.184
        if fraction < 0 {
            fraction += 1
            whole -= 1
        }
        if fraction >= 1 {
            fraction -= 1
            whole += 1
        }
        return (whole, fraction)
    }

    /// The UTC day, whole seconds elapsed in it (`0 ... 86_400`) and the fraction of a second in `0 ..< 1`.
    @inlinable
    func utcParts(leapSeconds: LeapSecondTable) -> (mjd: Int, wholeSeconds: Int, fraction: Double) {
        let tai = taiParts
        // TAI seconds since 2000-01-01T00:00:00 on the TAI clock.
        let fromMidnight = tai.whole + 43_200
        var mjd = Int(floorDivide(fromMidnight, 86_400)) + mjdOfJ2000Day
        // TAI − UTC changes by at most a second or so a day, so a couple of steps settle the day.
        for _ in 0..<4 {
            let offset = leapSeconds.offsetSeconds(utcMJD: mjd)
            let seconds = fromMidnight - Int64(offset) - Int64(mjd - mjdOfJ2000Day) * 86_400
            if seconds < 0 {
                mjd -= 1
                continue
            }
            let dayLength = 86_400 + Int64(leapSeconds.offsetSeconds(utcMJD: mjd + 1) - offset)
            if seconds >= dayLength {
                mjd += 1
                continue
            }
            return (mjd, Int(seconds), tai.fraction)
        }
        let offset = leapSeconds.offsetSeconds(utcMJD: mjd)
        return (mjd, Int(fromMidnight - Int64(offset) - Int64(mjd - mjdOfJ2000Day) * 86_400), tai.fraction)
    }

    /// The length in SI seconds of the UTC day with the given MJD (86 401 when it ends with a leap second).
    @inlinable
    static func utcDayLengthSeconds(mjd: Int, leapSeconds: LeapSecondTable) -> Int {
        86_400 + leapSeconds.offsetSeconds(utcMJD: mjd + 1) - leapSeconds.offsetSeconds(utcMJD: mjd)
    }

    /// The two-part Julian date of this instant in `scale`.
    ///
    /// UT1 is taken equal to UTC here; use ``julianDate(_:leapSeconds:earthOrientation:)`` to apply UT1 − UTC.
    /// UTC (and UT1) Julian dates count days of 86 400 s from 0 h of the UTC day, so during a leap second the
    /// fraction runs from 1 to 1 + 1/86 400.
    public func julianDate(_ scale: TimeScale, leapSeconds: LeapSecondTable = .builtIn) -> JulianDate {
        julianDate(scale, leapSeconds: leapSeconds, earthOrientation: .zero)
    }

    /// The two-part Julian date of this instant in `scale`, taking UT1 − UTC from `earthOrientation`.
    ///
    /// For TT and TAI `whole` is a Julian date at noon (`…​.0`) and `fraction` is in `0 ..< 1`; for UTC and UT1
    /// `whole` is the Julian date of 0 h UTC (`…​.5`) and `fraction` the time since then in days of 86 400 s.
    public func julianDate(_ scale: TimeScale, leapSeconds: LeapSecondTable = .builtIn,
                           earthOrientation: EarthOrientation) -> JulianDate {
        switch scale {
        case .tt:
            return Self.noonJulianDate(whole: ttWholeSeconds, fraction: ttFractionSeconds)
        case .tai:
            let tai = taiParts
            return Self.noonJulianDate(whole: tai.whole, fraction: tai.fraction)
        case .utc:
            let parts = utcParts(leapSeconds: leapSeconds)
            return JulianDate(whole: Double(parts.mjd) + 2_400_000.5,
                              fraction: (Double(parts.wholeSeconds) + parts.fraction) / 86_400)
        case .ut1:
            let parts = utcParts(leapSeconds: leapSeconds)
            let dut1 = earthOrientation.ut1MinusUTCSeconds(utcMJD: parts.mjd, wholeSeconds: parts.wholeSeconds,
                                                           fraction: parts.fraction, leapSeconds: leapSeconds)
            return JulianDate(whole: Double(parts.mjd) + 2_400_000.5,
                              fraction: ((Double(parts.wholeSeconds) + dut1) + parts.fraction) / 86_400)
        }
    }

    /// A Julian date split at noon of the day containing `whole` seconds after J2000.0.
    @inlinable
    static func noonJulianDate(whole: Int64, fraction: Double) -> JulianDate {
        let days = floorDivide(whole, 86_400)
        let rest = whole - days * 86_400
        return JulianDate(whole: 2_451_545.0 + Double(days), fraction: (Double(rest) + fraction) / 86_400)
    }

    /// The UTC Modified Julian Date of this instant as a single number, with the fraction of the day counted
    /// over the day's true length (so a leap second maps into `[mjd + 86 400/86 401, mjd + 1)`).
    ///
    /// This is the argument to use for looking up tabulated daily data such as ``EarthOrientation``.
    public func utcMJDForTables(leapSeconds: LeapSecondTable = .builtIn) -> Double {
        let parts = utcParts(leapSeconds: leapSeconds)
        let length = Double(Self.utcDayLengthSeconds(mjd: parts.mjd, leapSeconds: leapSeconds))
        return Double(parts.mjd) + (Double(parts.wholeSeconds) + parts.fraction) / length
    }
}
