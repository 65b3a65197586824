extension Instant {
    /// Parses an ISO 8601 date and time.
    ///
    /// Accepted forms (extended format, four-digit years):
    /// - `2023-10-09T12:34:56Z`, with any number of fraction digits after `.` or `,` (`…56.123456Z`);
    /// - minutes only: `2023-10-09T12:34Z`; `24:00:00` as the end of a day;
    /// - no zone (taken as UTC), `Z`/`z`, or an offset `+01:00`, `-0530`, `+05`;
    /// - date only: `2023-10-09` (0 h UTC);
    /// - ordinal date: `2023-282T12:00:00Z`.
    ///
    /// `T` may also be written `t` or a single space. Second 60 is accepted only when it is a leap second in
    /// `leapSeconds` (23:59:60 UTC on a day that ends with one, in whatever offset it is written).
    ///
    /// - Throws: ``TimeError`` naming the character position and what was expected.
    public init(iso8601 text: String, leapSeconds: LeapSecondTable = .builtIn) throws(TimeError) {
        var p = ISO8601Scanner(text)
        let year = try p.digits(4, "a four-digit year")
        try p.expect("-", "'-' after the year")
        let dateStart = p.position
        let run = p.digitRun()
        let mjd: Int
        if run == 3 {
            let ordinal = try p.digits(3, "a day of year")
            let length = isLeapYear(year) ? 366 : 365
            guard (1...length).contains(ordinal) else {
                throw p.outOfRange("a day of year 1–\(length)", at: dateStart, length: 3)
            }
            mjd = daysFromCivil(year: year, month: 1, day: ordinal) + mjdOfUnixEpoch
        } else if run == 2 {
            let month = try p.digits(2, "a two-digit month")
            guard (1...12).contains(month) else { throw p.outOfRange("a month 01–12", at: dateStart, length: 2) }
            try p.expect("-", "'-' after the month")
            let dayStart = p.position
            let day = try p.digits(2, "a two-digit day")
            let length = daysInMonth(year: year, month: month)
            guard (1...length).contains(day) else {
                throw p.outOfRange("a day 01–\(length) for \(year)-\(month < 10 ? "0" : "")\(month)", at: dayStart,
                                   length: 2)
            }
            mjd = daysFromCivil(year: year, month: month, day: day) + mjdOfUnixEpoch
        } else {
            throw p.malformed("a two-digit month (YYYY-MM-DD) or three-digit day of year (YYYY-DDD)")
        }
        if p.atEnd {
            self.init(utcMJD: mjd, wholeSeconds: 0, fraction: 0, leapSeconds: leapSeconds)
            return
        }
        guard p.accept("T") || p.accept("t") || p.accept(" ") else {
            throw p.malformed("'T' and a time, or the end of the date")
        }
        let hourStart = p.position
        let hour = try p.digits(2, "a two-digit hour")
        try p.expect(":", "':' after the hour")
        let minuteStart = p.position
        let minute = try p.digits(2, "a two-digit minute")
        var second = 0
        var fraction = 0.0
        var secondStart = p.position
        if p.accept(":") {
            secondStart = p.position
            second = try p.digits(2, "a two-digit second")
            if p.accept(".") || p.accept(",") {
                fraction = try p.fractionDigits()
            }
        }
        guard minute <= 59 else { throw p.outOfRange("a minute 00–59", at: minuteStart, length: 2) }
        guard second <= 60 else { throw p.outOfRange("a second 00–60", at: secondStart, length: 2) }
        if hour == 24 {
            guard minute == 0, second == 0, fraction == 0 else {
                throw p.outOfRange("24:00:00 exactly when the hour is 24", at: hourStart, length: 2)
            }
        } else if hour > 23 {
            throw p.outOfRange("an hour 00–23 (or 24:00:00)", at: hourStart, length: 2)
        }
        var offsetMinutes = 0
        if p.accept("Z") || p.accept("z") {
            // UTC
        } else if let sign = p.acceptSign() {
            let offsetStart = p.position
            let hours: Int
            var minutes = 0
            if p.digitRun() == 4 {
                hours = p.leadingDigits(2)
                minutes = p.leadingDigits(2)
            } else {
                hours = try p.digits(2, "an offset as HH, HH:MM or HHMM")
                if p.accept(":") { minutes = try p.digits(2, "two-digit offset minutes") }
            }
            guard hours <= 23, minutes <= 59 else {
                throw p.outOfRange("a UTC offset up to 23:59", at: offsetStart, length: p.position - offsetStart)
            }
            offsetMinutes = sign * (hours * 60 + minutes)
        } else if !p.atEnd {
            throw p.malformed(second == 0 && secondStart == minuteStart + 2
                ? "':' and seconds, 'Z', an offset such as +01:00, or the end"
                : "'Z', an offset such as +01:00, or the end")
        }
        guard p.atEnd else { throw p.malformed("the end of the text after the zone") }

        // Convert the local minute to a UTC day and minute of day.
        let totalMinutes = mjd * 1_440 + hour * 60 + minute - offsetMinutes
        let utcMJD = Int(floorDivide(Int64(totalMinutes), 1_440))
        let minuteOfDay = totalMinutes - utcMJD * 1_440
        if second == 60 {
            guard minuteOfDay == 1_439, leapSeconds.hasLeapSecond(atEndOfUTCMJD: utcMJD) else {
                let civil = civilFromDays(utcMJD - mjdOfUnixEpoch)
                throw TimeError(.notALeapSecond,
                                expected: "second 60 only at 23:59:60 UTC on a day ending with a leap second "
                                + "(the UTC day is \(Self.dateString(civil)))",
                                found: "60", column: secondStart + 1, input: text)
            }
        }
        self.init(utcMJD: utcMJD, wholeSeconds: minuteOfDay * 60 + second, fraction: fraction,
                  leapSeconds: leapSeconds)
    }

    /// The instant as ISO 8601 UTC with `fractionDigits` digits after the decimal point (0–12) and a trailing
    /// `Z`, for example `2016-12-31T23:59:60.500Z`.
    ///
    /// The fraction is rounded to the nearest unit in the last place, carrying into seconds, minutes, days
    /// and years as needed (`…59.9996` with 3 digits gives the next minute, `…:00.000`); a leap second prints
    /// as second 60.
    public func iso8601(fractionDigits: Int = 3, leapSeconds: LeapSecondTable = .builtIn) -> String {
        let digits = max(0, min(fractionDigits, 12))
        var parts = utcParts(leapSeconds: leapSeconds)
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        // Round to whole picoseconds first (below the stored precision), then to the requested digits with
        // exact integer arithmetic, halves rounding up: 56.5 → 57, not 56 via 56.49999999999999.
        let picoseconds = Int64((parts.fraction * 1e12).rounded())
        let divisor = 1_000_000_000_000 / scale
        var units = (picoseconds + divisor / 2) / divisor
        if units >= scale {
            units -= scale
            parts.wholeSeconds += 1
            if parts.wholeSeconds >= Self.utcDayLengthSeconds(mjd: parts.mjd, leapSeconds: leapSeconds) {
                parts.mjd += 1
                parts.wholeSeconds = 0
            }
        }
        let civil = civilFromDays(parts.mjd - mjdOfUnixEpoch)
        let hour = min(parts.wholeSeconds / 3600, 23)
        let minute = min((parts.wholeSeconds - hour * 3600) / 60, 59)
        let second = parts.wholeSeconds - hour * 3600 - minute * 60
        var result = Self.dateString(civil)
        result += "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if digits > 0 {
            result += "." + pad(Int(units), digits)
        }
        return result + "Z"
    }

    /// `YYYY-MM-DD` (years outside 0–9999 get a sign and at least four digits).
    static func dateString(_ civil: (year: Int, month: Int, day: Int)) -> String {
        let year: String
        if (0...9999).contains(civil.year) {
            year = pad(civil.year, 4)
        } else {
            year = (civil.year < 0 ? "-" : "+") + pad(abs(civil.year), 4)
        }
        return year + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
    }
}

/// A non-negative integer with leading zeros to at least `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

/// A cursor over the UTF-8 bytes of an ISO 8601 string that produces ``TimeError``s naming the position.
struct ISO8601Scanner {
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    var atEnd: Bool { position >= bytes.count }

    /// How many ASCII digits follow the cursor.
    func digitRun() -> Int {
        var i = position
        while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        return i - position
    }

    /// The rest of the input from the cursor, shortened for messages.
    var foundHere: String {
        if atEnd { return "" }
        let rest = String(decoding: bytes[position...].prefix(8), as: UTF8.self)
        return bytes.count - position > 8 ? rest + "…" : rest
    }

    func malformed(_ expected: String) -> TimeError {
        TimeError(.malformedISO8601, expected: expected, found: foundHere, column: position + 1, input: text)
    }

    func outOfRange(_ expected: String, at start: Int, length: Int) -> TimeError {
        let end = min(start + length, bytes.count)
        return TimeError(.fieldOutOfRange, expected: expected, found: String(decoding: bytes[start..<end], as: UTF8.self),
                  column: start + 1, input: text)
    }

    /// Exactly `count` digits as an integer (no more digits may follow).
    mutating func digits(_ count: Int, _ expected: String) throws(TimeError) -> Int {
        guard digitRun() == count else { throw malformed(expected) }
        var value = 0
        for _ in 0..<count {
            value = value * 10 + Int(bytes[position] - 48)
            position += 1
        }
        return value
    }

    /// The next `count` characters, known to be digits, as an integer.
    mutating func leadingDigits(_ count: Int) -> Int {
        var value = 0
        for _ in 0..<count where position < bytes.count {
            value = value * 10 + Int(bytes[position] &- 48)
            position += 1
        }
        return value
    }

    /// One or more digits after a decimal mark, as a fraction in `0 ..< 1`.
    mutating func fractionDigits() throws(TimeError) -> Double {
        let count = digitRun()
        guard count > 0 else { throw malformed("digits after the decimal mark") }
        let digits = String(decoding: bytes[position..<(position + count)], as: UTF8.self)
        position += count
        // Double parsing of "0.ddd…" is correctly rounded, so any number of digits is fine.
        return Double("0." + digits) ?? 0
    }

    mutating func accept(_ character: Character) -> Bool {
        guard !atEnd, let ascii = character.asciiValue, bytes[position] == ascii else { return false }
        position += 1
        return true
    }

    mutating func acceptSign() -> Int? {
        if accept("+") { return 1 }
        if accept("-") { return -1 }
        // U+2212 MINUS SIGN is allowed by ISO 8601.
        if bytes.count - position >= 3, bytes[position] == 0xE2, bytes[position + 1] == 0x88,
           bytes[position + 2] == 0x92 {
            position += 3
            return -1
        }
        return nil
    }

    mutating func expect(_ character: Character, _ expected: String) throws(TimeError) {
        guard accept(character) else { throw malformed(expected) }
    }
}
