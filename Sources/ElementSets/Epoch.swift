internal import Astrodynamics

// Epoch reading and writing for element sets, on top of `UTCComponents`, kept to whole microseconds.
//
// Every reader builds an `Instant` through `CivilTime.instant`, so the same civil time read from a TLE
// (YYDDD.DDDDDDDD; 1e-8 day = 864 µs exactly) and from an OMM EPOCH string gives the same `Instant`.

/// A UTC calendar time at microsecond resolution.
struct CivilTime: Hashable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var microsecond: Int

    /// The instant this civil time denotes.
    var instant: Instant {
        Instant(utc: UTCComponents(year: year, month: month, day: day, hour: hour, minute: minute,
                                   second: Double(second) + Double(microsecond) / 1_000_000))
    }

    /// The civil time of an instant, rounded to the nearest microsecond.
    init(_ instant: Instant) {
        let table = LeapSecondTable.builtIn
        let (dayNumber, seconds) = instant.utcDayAndSeconds(leapSeconds: table)
        var mjd = dayNumber
        var micros = Int64((seconds * 1_000_000).rounded())
        let dayLength = Int64(86_400 + table.offsetSeconds(utcMJD: mjd + 1) - table.offsetSeconds(utcMJD: mjd)) * 1_000_000
        if micros >= dayLength { micros -= dayLength; mjd += 1 }
        if micros < 0 { micros = 0 }
        let date = CivilCalendar.date(fromMJD: mjd)
        year = date.year
        month = date.month
        day = date.day
        if micros >= 86_400_000_000 {
            hour = 23; minute = 59
            second = 60 + Int((micros - 86_400_000_000) / 1_000_000)
        } else {
            let secondsOfDay = Int(micros / 1_000_000)
            hour = secondsOfDay / 3600
            minute = secondsOfDay / 60 % 60
            second = secondsOfDay % 60
        }
        microsecond = Int(micros % 1_000_000)
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// Microseconds since the start of the day.
    var microsecondOfDay: Int64 {
        Int64((hour * 60 + minute) * 60 + second) * 1_000_000 + Int64(microsecond)
    }
}

/// Proleptic Gregorian calendar arithmetic.
enum CivilCalendar {
    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
    static func daysInYear(_ year: Int) -> Int { isLeap(year) ? 366 : 365 }
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Month and day of a 1-based day of the year (which must be valid for that year).
    static func monthAndDay(year: Int, dayOfYear: Int) -> (month: Int, day: Int) {
        var remaining = dayOfYear
        var month = 1
        while month < 12 {
            let length = daysInMonth(year, month)
            if remaining <= length { break }
            remaining -= length
            month += 1
        }
        return (month, remaining)
    }

    /// The 1-based day of the year of a date.
    static func dayOfYear(year: Int, month: Int, day: Int) -> Int {
        var total = day
        var m = 1
        while m < month { total += daysInMonth(year, m); m += 1 }
        return total
    }

    /// Days from 1970-01-01 to the date, by counting 400-year eras from year 0 (March-based years).
    static func daysSinceUnixEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month > 2 ? year : year - 1
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfMarchYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfMarchYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a Modified Julian Date.
    static func date(fromMJD mjd: Int) -> (year: Int, month: Int, day: Int) {
        // Estimate the year, then correct it; exact and simple.
        let days = mjd - 40_587
        var year = 1970 + Int((Double(days) / 365.2425).rounded(.down))
        while daysSinceUnixEpoch(year: year, month: 1, day: 1) > days { year -= 1 }
        while daysSinceUnixEpoch(year: year + 1, month: 1, day: 1) <= days { year += 1 }
        let dayOfYear = days - daysSinceUnixEpoch(year: year, month: 1, day: 1) + 1
        let (month, day) = monthAndDay(year: year, dayOfYear: dayOfYear)
        return (year, month, day)
    }
}

/// Reads and writes CCSDS epoch strings (502.0-B-3 §7.5.10).
enum OMMEpoch {
    /// Why an epoch string was rejected.
    struct Failure: Error { var message: String; var offset: Int }

    /// Parses `YYYY-MM-DDThh:mm:ss[.f…][Z]` or `YYYY-DDDThh:mm:ss[.f…][Z]`. Fraction digits beyond the sixth are
    /// rounded to the microsecond. `allowSpace` also accepts a space for the `T` (Space-Track's legacy form).
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                      allowSpace: Bool = false) -> Result<CivilTime, Failure> {
        var i = start
        func fail(_ message: String) -> Result<CivilTime, Failure> {
            .failure(Failure(message: message, offset: min(i, end) - start))
        }
        func digits(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in i ..< i + n {
                guard isDigit(p[k]) else { return nil }
                v = v * 10 + Int(p[k] &- 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < end, p[i] == c else { return false }
            i += 1
            return true
        }
        let expected = "expected YYYY-MM-DDThh:mm:ss[.ffffff][Z] or YYYY-DDDThh:mm:ss[.ffffff][Z]"
        guard let year = digits(4) else { return fail("\(expected); the year needs four digits") }
        guard expect(UInt8(ascii: "-")) else { return fail(expected) }
        // Calendar or day-of-year form: look for a second '-' after two digits.
        var month = 0, day = 0
        if i + 2 < end, p[i + 2] == UInt8(ascii: "-") {
            guard let m = digits(2), expect(UInt8(ascii: "-")), let d = digits(2) else {
                return fail("\(expected); month and day need two digits each")
            }
            guard (1...12).contains(m) else { return fail("month \(m) is not 1-12") }
            guard d >= 1, d <= CivilCalendar.daysInMonth(year, m) else { return fail("day \(d) does not exist in \(year)-\(m)") }
            month = m; day = d
        } else {
            guard let doy = digits(3) else { return fail("\(expected); the day of year needs three digits") }
            guard doy >= 1, doy <= CivilCalendar.daysInYear(year) else {
                return fail("day of year \(doy) does not exist in \(year)")
            }
            (month, day) = CivilCalendar.monthAndDay(year: year, dayOfYear: doy)
        }
        guard i < end, p[i] == UInt8(ascii: "T") || (allowSpace && p[i] == 0x20) else {
            return fail("\(expected); 'T' must separate date and time")
        }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
              let second = digits(2) else {
            return fail("\(expected); the time needs hh:mm:ss with two digits each")
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            return fail("time \(hour):\(minute):\(second) is out of range (hh 00-23, mm 00-59, ss 00-60)")
        }
        var micro = 0
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            var roundUp = false
            while i < end, isDigit(p[i]) {
                let d = Int(p[i] &- 0x30)
                if count < 6 { micro = micro * 10 + d } else if count == 6 { roundUp = d >= 5 }
                count += 1
                i += 1
            }
            guard count > 0 else { return fail("\(expected); a '.' must be followed by digits") }
            var c = count
            while c < 6 { micro *= 10; c += 1 }
            if roundUp { micro += 1 }
        }
        if i < end, p[i] == UInt8(ascii: "Z") { i += 1 }
        guard i == end else { return fail("\(expected); unexpected text after the time") }
        var time = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                             microsecond: micro)
        if micro == 1_000_000 { time.microsecond = 0; time.second += 1 }
        // A second of 60 (or 60 after rounding up) is a leap second only on the days that have one; elsewhere it is
        // the next minute. Canonicalise so that equal instants always come from equal civil fields.
        if time.second >= 60 { time = CivilTime(time.instant) }
        return .success(time)
    }

    /// Formats as `YYYY-MM-DDThh:mm:ss.ffffff` (UTC, microseconds).
    static func format(_ instant: Instant) -> String {
        let t = CivilTime(instant)
        return pad(t.year, 4) + "-" + pad(t.month, 2) + "-" + pad(t.day, 2) + "T" + pad(t.hour, 2) + ":"
            + pad(t.minute, 2) + ":" + pad(t.second, 2) + "." + pad(t.microsecond, 6)
    }
}

/// Zero-pads a non-negative integer to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
