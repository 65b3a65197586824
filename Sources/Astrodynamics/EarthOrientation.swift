/// Earth orientation parameters: UT1 − UTC, polar motion and excess length of day, tabulated (usually daily)
/// and interpolated linearly in time.
///
/// ``EarthOrientation/zero`` (the default everywhere) means UT1 = UTC, no polar motion and a nominal day.
/// Load IERS data with ``init(contentsOfFinalsFile:bulletin:)``.
public struct EarthOrientation: Sendable, Hashable {
    /// The parameters at one tabulated time.
    public struct Record: Sendable, Hashable {
        /// UTC Modified Julian Date of the record (IERS files tabulate 0 h UTC of each day).
        public var utcMJD: Double
        /// UT1 − UTC in seconds.
        public var ut1MinusUTCSeconds: Double
        /// Polar motion x in arcseconds.
        public var xpArcsec: Double
        /// Polar motion y in arcseconds.
        public var ypArcsec: Double
        /// Excess length of day (LOD) in seconds (IERS files give milliseconds).
        public var lodSeconds: Double
        /// Whether the values are predictions rather than observed (IERS flag `P`).
        public var isPrediction: Bool

        /// Creates a record.
        public init(utcMJD: Double, ut1MinusUTCSeconds: Double, xpArcsec: Double, ypArcsec: Double,
                    lodSeconds: Double = 0, isPrediction: Bool = false) {
            self.utcMJD = utcMJD
            self.ut1MinusUTCSeconds = ut1MinusUTCSeconds
            self.xpArcsec = xpArcsec
            self.ypArcsec = ypArcsec
            self.lodSeconds = lodSeconds
            self.isPrediction = isPrediction
        }
    }

    /// Interpolated parameters at one instant.
    public struct Parameters: Sendable, Hashable {
        /// UT1 − UTC in seconds.
        public var ut1MinusUTCSeconds: Double
        /// Polar motion x in arcseconds.
        public var xpArcsec: Double
        /// Polar motion y in arcseconds.
        public var ypArcsec: Double
        /// Excess length of day in seconds.
        public var lodSeconds: Double

        /// Creates parameters.
        public init(ut1MinusUTCSeconds: Double, xpArcsec: Double, ypArcsec: Double, lodSeconds: Double = 0) {
            self.ut1MinusUTCSeconds = ut1MinusUTCSeconds
            self.xpArcsec = xpArcsec
            self.ypArcsec = ypArcsec
            self.lodSeconds = lodSeconds
        }

        /// All zero: UT1 = UTC, no polar motion, nominal length of day.
        public static let zero = Parameters(ut1MinusUTCSeconds: 0, xpArcsec: 0, ypArcsec: 0, lodSeconds: 0)

        /// Polar motion x in radians.
        @inlinable
        public var xpRad: Double { xpArcsec * arcsecondsToRadians }
        /// Polar motion y in radians.
        @inlinable
        public var ypRad: Double { ypArcsec * arcsecondsToRadians }
    }

    /// The records in increasing time order.
    public private(set) var records: [Record]

    /// No data: UT1 = UTC, no polar motion, nominal length of day at every time.
    public static let zero = EarthOrientation(records: [])

    /// Creates a table from records (sorted by time on creation; later duplicates of a time are dropped).
    public init(records: [Record]) {
        var sorted = records.sorted { $0.utcMJD < $1.utcMJD }
        var index = 1
        while index < sorted.count {
            if sorted[index].utcMJD == sorted[index - 1].utcMJD { sorted.remove(at: index) } else { index += 1 }
        }
        self.records = sorted
    }

    /// The same parameters at every time (for example values quoted in a worked example).
    public init(constant parameters: Parameters) {
        self.records = [Record(utcMJD: 0, ut1MinusUTCSeconds: parameters.ut1MinusUTCSeconds,
                               xpArcsec: parameters.xpArcsec, ypArcsec: parameters.ypArcsec,
                               lodSeconds: parameters.lodSeconds)]
    }

    /// The span of UTC MJDs the records cover, or nil when there are fewer than two records.
    public var coverageUTCMJD: ClosedRange<Double>? {
        guard let first = records.first, let last = records.last, records.count > 1 else { return nil }
        return first.utcMJD...last.utcMJD
    }

    /// The parameters at a UTC MJD, interpolated linearly between the neighbouring records.
    ///
    /// Outside the records the nearest record's values are held. Between two records that straddle a leap
    /// second, UT1 − UTC jumps by a whole second; the jump is taken out before interpolating, so the result is
    /// the value on the earlier record's UTC day (records are expected at 0 h UTC, as in IERS files). Use
    /// ``parameters(at:leapSeconds:)`` to get the right day fraction during a leap second.
    @inlinable
    public func parameters(utcMJD t: Double) -> Parameters {
        let count = records.count
        guard count > 0 else { return .zero }
        let first = records[0]
        if count == 1 || !(t > first.utcMJD) { return first.parameters }
        let last = records[count - 1]
        if t >= last.utcMJD { return last.parameters }
        // Binary search for the last record with utcMJD <= t.
        var low = 0
        var high = count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if records[mid].utcMJD <= t { low = mid } else { high = mid }
        }
        let a = records[low]
        let b = records[high]
        let s = (t - a.utcMJD) / (b.utcMJD - a.utcMJD)
        var dut1B = b.ut1MinusUTCSeconds
        let step = dut1B - a.ut1MinusUTCSeconds
        if abs(step) > 0.5 { dut1B -= step.rounded() }
        return Parameters(
            ut1MinusUTCSeconds: a.ut1MinusUTCSeconds + s * (dut1B - a.ut1MinusUTCSeconds),
            xpArcsec: a.xpArcsec + s * (b.xpArcsec - a.xpArcsec),
            ypArcsec: a.ypArcsec + s * (b.ypArcsec - a.ypArcsec),
            lodSeconds: a.lodSeconds + s * (b.lodSeconds - a.lodSeconds))
    }

    /// The parameters at an instant (its UTC day fraction counts the day's true length, so a leap second
    /// stays on its own day).
    public func parameters(at instant: Instant, leapSeconds: LeapSecondTable = .builtIn) -> Parameters {
        if records.isEmpty { return .zero }
        return parameters(utcMJD: instant.utcMJDForTables(leapSeconds: leapSeconds))
    }

    /// UT1 − UTC for a UTC time already split into day, whole seconds and fraction.
    @usableFromInline
    func ut1MinusUTCSeconds(utcMJD mjd: Int, wholeSeconds: Int, fraction: Double,
                            leapSeconds: LeapSecondTable) -> Double {
        if records.isEmpty { return 0 }
        let length = Double(Instant.utcDayLengthSeconds(mjd: mjd, leapSeconds: leapSeconds))
        return parameters(utcMJD: Double(mjd) + (Double(wholeSeconds) + fraction) / length).ut1MinusUTCSeconds
    }
}

extension EarthOrientation.Record {
    /// The record's values as parameters.
    @inlinable
    var parameters: EarthOrientation.Parameters {
        EarthOrientation.Parameters(ut1MinusUTCSeconds: ut1MinusUTCSeconds, xpArcsec: xpArcsec, ypArcsec: ypArcsec,
                                    lodSeconds: lodSeconds)
    }
}

/// Radians per arcsecond.
@usableFromInline let arcsecondsToRadians = Double.pi / 648_000

// MARK: - Reading IERS finals files

/// An error reading Earth orientation data, naming the line and columns and what was expected.
public struct EarthOrientationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable, Hashable {
        /// A line does not match the fixed-column format.
        case malformedLine
        /// A line's date is not after the previous line's.
        case dateNotIncreasing
        /// The file has no usable data lines.
        case noData
        /// The file could not be read.
        case unreadableFile
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What was expected.
    public var expected: String
    /// The text found instead.
    public var found: String
    /// The 1-based line number, if known.
    public var line: Int?
    /// The 1-based columns of the field, if known.
    public var columns: ClosedRange<Int>?

    /// Creates an error.
    public init(_ kind: Kind, expected: String, found: String, line: Int? = nil, columns: ClosedRange<Int>? = nil) {
        self.kind = kind
        self.expected = expected
        self.found = found
        self.line = line
        self.columns = columns
    }

    /// A readable one-line description.
    public var description: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let columns { place.append("columns \(columns.lowerBound)–\(columns.upperBound)") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        return "\(prefix)\(kind.rawValue): expected \(expected), found \"\(found)\""
    }
}

extension EarthOrientation {
    /// Which IERS series to take from a finals file.
    public enum Bulletin: Sendable, Hashable {
        /// Bulletin A (rapid service and predictions), columns 19–68 and LOD in columns 80–86.
        case a
        /// Bulletin B (final values, columns 135–165) wherever the line has them, otherwise Bulletin A.
        case bWherePresent
    }

    /// Reads an IERS `finals.all`, `finals2000A.all`, `finals.data` or `finals.daily` file.
    ///
    /// - Throws: ``EarthOrientationError`` naming the line, the columns and what was expected.
    public init(contentsOfFinalsFile path: String, bulletin: Bulletin = .a) throws(EarthOrientationError) {
        switch readTextFile(atPath: path) {
        case .success(let text): try self.init(finalsText: text, bulletin: bulletin)
        case .failure(let failure):
            throw EarthOrientationError(.unreadableFile, expected: "a readable finals file at \(path)",
                                        found: failure.reason)
        }
    }

    /// Parses the text of an IERS finals file (fixed columns, one day per line; see `SOURCE.md` in the tests
    /// for the column layout).
    ///
    /// Lines without Bulletin A polar motion and UT1 − UTC (the future rows at the end of IERS files) and
    /// blank lines are skipped. A blank LOD is taken as 0.
    public init(finalsText text: String, bulletin: Bulletin = .a) throws(EarthOrientationError) {
        var records: [Record] = []
        for (index, raw) in splitLines(text).enumerated() {
            let line = FinalsLine(bytes: Array(raw.utf8), number: index + 1)
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let record = try line.record(bulletin: bulletin) else { continue }
            if let last = records.last, record.utcMJD <= last.utcMJD {
                throw EarthOrientationError(.dateNotIncreasing, expected: "an MJD after \(last.utcMJD)",
                                            found: line.text(8...15), line: line.number, columns: 8...15)
            }
            records.append(record)
        }
        guard !records.isEmpty else {
            throw EarthOrientationError(.noData, expected: "at least one line with polar motion and UT1−UTC",
                                        found: "")
        }
        self.records = records
    }
}

/// One line of a finals file, addressed by 1-based columns as in the IERS format description.
struct FinalsLine {
    let bytes: [UInt8]
    let number: Int

    /// The text in the columns (clipped to the line), trimmed of spaces.
    func text(_ columns: ClosedRange<Int>) -> String {
        let lower = columns.lowerBound - 1
        let upper = min(columns.upperBound, bytes.count)
        guard lower < upper else { return "" }
        return String(decoding: bytes[lower..<upper], as: UTF8.self).split(separator: " ").joined(separator: " ")
    }

    func isBlank(_ columns: ClosedRange<Int>) -> Bool { text(columns).isEmpty }

    func number(_ columns: ClosedRange<Int>, _ what: String) throws(EarthOrientationError) -> Double {
        let field = text(columns)
        guard let value = Double(field), value.isFinite else {
            throw EarthOrientationError(.malformedLine, expected: what, found: field, line: number, columns: columns)
        }
        return value
    }

    func integer(_ columns: ClosedRange<Int>, _ what: String) throws(EarthOrientationError) -> Int {
        let field = text(columns)
        guard let value = Int(field) else {
            throw EarthOrientationError(.malformedLine, expected: what, found: field, line: number, columns: columns)
        }
        return value
    }

    /// The line's record, or nil when it has no Bulletin A values.
    func record(bulletin: EarthOrientation.Bulletin) throws(EarthOrientationError) -> EarthOrientation.Record? {
        let mjd = try number(8...15, "an MJD (F8.2)")
        let yy = try integer(1...2, "a two-digit year")
        let month = try integer(3...4, "a month")
        let day = try integer(5...6, "a day of month")
        let year = yy + (mjd < 51_543.5 ? 1900 : 2000)
        let dateMJD = Double(daysFromCivil(year: year, month: month, day: day) + mjdOfUnixEpoch)
        guard abs(dateMJD - mjd) < 1, (1...12).contains(month), (1...31).contains(day) else {
            throw EarthOrientationError(.malformedLine, expected: "an MJD matching the date \(text(1...6))",
                                        found: text(8...15), line: number, columns: 8...15)
        }
        let hasPolarMotion = !isBlank(19...27)
        let hasUT1 = !isBlank(59...68)
        if !hasPolarMotion && !hasUT1 { return nil }
        guard hasPolarMotion else {
            throw EarthOrientationError(.malformedLine, expected: "Bulletin A PM-x (F9.6) with UT1−UTC present",
                                        found: "", line: number, columns: 19...27)
        }
        guard hasUT1 else {
            throw EarthOrientationError(.malformedLine, expected: "Bulletin A UT1−UTC (F10.7) with PM-x present",
                                        found: "", line: number, columns: 59...68)
        }
        var xp = try number(19...27, "Bulletin A PM-x in arcseconds (F9.6)")
        var yp = try number(38...46, "Bulletin A PM-y in arcseconds (F9.6)")
        var dut1 = try number(59...68, "Bulletin A UT1−UTC in seconds (F10.7)")
        let lodMs = isBlank(80...86) ? 0 : try number(80...86, "Bulletin A LOD in milliseconds (F7.4)")
        if bulletin == .bWherePresent, !isBlank(135...144), !isBlank(145...154), !isBlank(155...165) {
            xp = try number(135...144, "Bulletin B PM-x in arcseconds (F10.6)")
            yp = try number(145...154, "Bulletin B PM-y in arcseconds (F10.6)")
            dut1 = try number(155...165, "Bulletin B UT1−UTC in seconds (F11.7)")
        }
        let flag = text(58...58)
        return EarthOrientation.Record(utcMJD: mjd, ut1MinusUTCSeconds: dut1, xpArcsec: xp, ypArcsec: yp,
                                       lodSeconds: lodMs / 1000, isPrediction: flag == "P")
    }
}
