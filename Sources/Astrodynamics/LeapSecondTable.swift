/// TAI−UTC offsets since 1972, from which UTC instants are converted to and from TAI and TT.
///
/// The built-in table ends with the leap second of 2016-12-31 (TAI − UTC = 37 s from 2017-01-01);
/// ``LeapSecondTable/init(contentsOfIERSFile:)`` reads a newer IERS `Leap_Second.dat` or NIST/IETF
/// `leap-seconds.list`.
///
/// **Before 1972** UTC was steered by fractional steps and a rate offset (TAI − UTC followed a drift formula
/// from 1961 on). Perigee does not model that: for every day before the first entry (1972-01-01) TAI − UTC is
/// taken as 10 s, the value at the start of 1972. Times before 1972 therefore keep a consistent, invertible
/// UTC↔TT relation but may differ from historical UTC by up to about 10 s (1958) and about 0.1 s in 1971.
public struct LeapSecondTable: Sendable, Hashable {
    /// One step of the table: from `mjd` (UTC, 0 h) on, TAI − UTC is `offsetSeconds`.
    public struct Entry: Sendable, Hashable {
        /// Modified Julian Date (UTC) at which the offset takes effect.
        public var mjd: Int
        /// TAI − UTC in seconds from that date on.
        public var offsetSeconds: Int
        /// Creates an entry.
        public init(mjd: Int, offsetSeconds: Int) {
            self.mjd = mjd
            self.offsetSeconds = offsetSeconds
        }
    }

    /// The entries in increasing date order.
    public private(set) var entries: [Entry]

    /// The UTC MJD on which the source file stops vouching for the table (its announced expiry), if known.
    ///
    /// After this date a leap second might have been introduced that the table does not know about.
    public var expirationMJD: Int?

    /// Creates a table from entries (sorted on creation) and an optional expiry date.
    public init(entries: [Entry], expirationMJD: Int? = nil) {
        self.entries = entries.sorted { $0.mjd < $1.mjd }
        self.expirationMJD = expirationMJD
    }

    /// TAI − UTC in whole seconds on the UTC day with the given MJD (10 s before the first entry; see the
    /// type's documentation for the pre-1972 convention).
    @inlinable
    public func offsetSeconds(utcMJD mjd: Int) -> Int {
        // Binary search for the last entry with entry.mjd <= mjd.
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].mjd <= mjd { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? 10 : entries[low - 1].offsetSeconds
    }

    /// Whether the UTC day with the given MJD ends with an inserted leap second (lasts 86 401 s).
    @inlinable
    public func hasLeapSecond(atEndOfUTCMJD mjd: Int) -> Bool {
        offsetSeconds(utcMJD: mjd + 1) > offsetSeconds(utcMJD: mjd)
    }

    /// The table built into Perigee: IERS Bulletin C, through the leap second at the end of 2016-12-31
    /// (TAI − UTC = 37 s from 2017-01-01). No leap second has been announced since.
    public static let builtIn = LeapSecondTable(entries: [
        (41317, 10), (41499, 11), (41683, 12), (42048, 13), (42413, 14), (42778, 15), (43144, 16),
        (43509, 17), (43874, 18), (44239, 19), (44786, 20), (45151, 21), (45516, 22), (46247, 23),
        (47161, 24), (47892, 25), (48257, 26), (48804, 27), (49169, 28), (49534, 29), (50083, 30),
        (50630, 31), (51179, 32), (53736, 33), (54832, 34), (56109, 35), (57204, 36), (57754, 37),
    ].map { Entry(mjd: $0.0, offsetSeconds: $0.1) })
}

// MARK: - Reading leap-second files

extension LeapSecondTable {
    /// Reads a leap-second file: the IERS `Leap_Second.dat` or the NIST/IETF `leap-seconds.list` (the format
    /// is recognised from the first data line).
    ///
    /// - Throws: ``TimeError`` with kind `.unreadableFile`, or `.malformedLeapSecondFile` naming the line,
    ///   column and what was expected.
    public init(contentsOfIERSFile path: String) throws(TimeError) {
        switch readTextFile(atPath: path) {
        case .success(let text): try self.init(parsing: text)
        case .failure(let reason):
            throw TimeError(.unreadableFile, expected: "a readable leap-second file", found: reason.reason,
                            input: path)
        }
    }

    /// Parses the text of a leap-second file in either supported format (see ``init(contentsOfIERSFile:)``).
    public init(parsing text: String) throws(TimeError) {
        for (index, line) in splitLines(text).enumerated() {
            let fields = LeapFileLine(line, number: index + 1).fields
            if fields.isEmpty { continue }
            if fields.count >= 5 {
                try self.init(iersLeapSecondData: text)
            } else {
                try self.init(leapSecondsList: text)
            }
            return
        }
        throw TimeError(.malformedLeapSecondFile, expected: "at least one data line", found: "")
    }

    /// Parses the IERS `Leap_Second.dat` format: comment lines start with `#`; each data line holds the MJD
    /// (`41317.0`), day, month, year and TAI − UTC in seconds. The expiry is read from a
    /// `File expires on 28 June 2025` comment when present.
    public init(iersLeapSecondData text: String) throws(TimeError) {
        var entries: [Entry] = []
        var expiration: Int?
        for (index, raw) in splitLines(text).enumerated() {
            let line = LeapFileLine(raw, number: index + 1)
            if line.comment.contains("expires on"), let mjd = Self.expiryMJD(fromComment: line.comment) {
                expiration = mjd
            }
            let f = line.fields
            if f.isEmpty { continue }
            guard f.count == 5 else {
                throw line.error(expected: "5 fields (MJD, day, month, year, TAI−UTC)",
                                 found: "\(f.count) field\(f.count == 1 ? "" : "s")", column: f[0].column)
            }
            let mjdText = f[0].text.hasSuffix(".0") ? String(f[0].text.dropLast(2)) : f[0].text
            guard let mjd = Int(mjdText) else {
                throw line.error(expected: "an MJD such as 41317.0", field: f[0])
            }
            let day = try line.integer(f[1], in: 1...31, "a day of month 1–31")
            let month = try line.integer(f[2], in: 1...12, "a month 1–12")
            let year = try line.integer(f[3], in: 1960...9999, "a four-digit year")
            let offset = try line.integer(f[4], in: -100...1000, "TAI−UTC in whole seconds")
            let dateMJD = daysFromCivil(year: year, month: month, day: day) + mjdOfUnixEpoch
            guard dateMJD == mjd else {
                throw line.error(expected: "an MJD matching \(day) \(month) \(year) (\(dateMJD))", field: f[0])
            }
            try Self.append(Entry(mjd: mjd, offsetSeconds: offset), to: &entries, line: line, field: f[0])
        }
        guard !entries.isEmpty else {
            throw TimeError(.malformedLeapSecondFile, expected: "at least one data line", found: "")
        }
        self.init(entries: entries, expirationMJD: expiration)
    }

    /// Parses the NIST/IETF `leap-seconds.list` format: each data line holds the NTP time (seconds since
    /// 1900-01-01) at which an offset takes effect and TAI − UTC, optionally followed by a `#` comment;
    /// `#@` gives the expiry as an NTP time. Other `#` lines (including the `#h` hash, which is not checked)
    /// are skipped.
    public init(leapSecondsList text: String) throws(TimeError) {
        var entries: [Entry] = []
        var expiration: Int?
        for (index, raw) in splitLines(text).enumerated() {
            let line = LeapFileLine(raw, number: index + 1)
            if raw.hasPrefix("#@") {
                let value = raw.dropFirst(2).trimmingSpaces
                guard let ntp = Int64(value), ntp >= 0 else {
                    throw line.error(expected: "an NTP expiry time in seconds after \"#@\"", found: String(value),
                                     column: 3)
                }
                expiration = Int(ntp / 86_400) + 15_020
                continue
            }
            let f = line.fields
            if f.isEmpty { continue }
            guard f.count == 2 else {
                throw line.error(expected: "2 fields (NTP seconds, TAI−UTC) before any #",
                                 found: "\(f.count) field\(f.count == 1 ? "" : "s")", column: f[0].column)
            }
            guard let ntp = Int64(f[0].text), ntp >= 0 else {
                throw line.error(expected: "NTP seconds since 1900 such as 2272060800", field: f[0])
            }
            guard ntp % 86_400 == 0 else {
                throw line.error(expected: "NTP seconds at 0 h of a day (a multiple of 86400)", field: f[0])
            }
            let offset = try line.integer(f[1], in: -100...1000, "TAI−UTC in whole seconds")
            // MJD 15020 is 1900-01-01, the NTP epoch.
            try Self.append(Entry(mjd: Int(ntp / 86_400) + 15_020, offsetSeconds: offset), to: &entries,
                            line: line, field: f[0])
        }
        guard !entries.isEmpty else {
            throw TimeError(.malformedLeapSecondFile, expected: "at least one data line", found: "")
        }
        self.init(entries: entries, expirationMJD: expiration)
    }

    /// Appends an entry, checking dates increase and the offset moves by one second (after the first entry).
    private static func append(_ entry: Entry, to entries: inout [Entry], line: LeapFileLine,
                               field: LeapFileLine.Field) throws(TimeError) {
        if let last = entries.last {
            guard entry.mjd > last.mjd else {
                throw line.error(expected: "a date after the previous line's (MJD \(last.mjd))", field: field)
            }
            guard abs(entry.offsetSeconds - last.offsetSeconds) == 1 else {
                throw line.error(expected: "TAI−UTC differing by one second from the previous line's "
                                 + "\(last.offsetSeconds) s", found: "\(entry.offsetSeconds)", column: field.column)
            }
        }
        entries.append(entry)
    }

    /// The MJD from a comment such as `File expires on 28 June 2025`, or nil.
    private static func expiryMJD(fromComment comment: Substring) -> Int? {
        guard let range = comment.firstRange(of: "expires on") else { return nil }
        let words = comment[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 3, let day = Int(words[0]), let year = Int(words[2]) else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = names.firstIndex(of: words[1].prefix(3).lowercased()) else { return nil }
        return daysFromCivil(year: year, month: month + 1, day: day) + mjdOfUnixEpoch
    }
}

/// One line of a whitespace-separated data file, split into fields before any `#` comment.
struct LeapFileLine {
    /// A field and its 1-based column.
    struct Field {
        var text: String
        var column: Int
    }

    let raw: Substring
    let number: Int
    let fields: [Field]
    let comment: Substring

    init(_ raw: Substring, number: Int) {
        self.raw = raw
        self.number = number
        var fields: [Field] = []
        var current = ""
        var start = 0
        var comment: Substring = ""
        for (offset, (index, character)) in zip(raw.indices, raw).enumerated() {
            if character == "#" {
                comment = raw[index...]
                break
            }
            if character == " " || character == "\t" {
                if !current.isEmpty { fields.append(Field(text: current, column: start + 1)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { fields.append(Field(text: current, column: start + 1)) }
        self.fields = fields
        self.comment = comment
    }

    func error(expected: String, found: String, column: Int?) -> TimeError {
        TimeError(.malformedLeapSecondFile, expected: expected, found: found, line: number, column: column,
                  input: String(raw))
    }

    func error(expected: String, field: Field) -> TimeError {
        error(expected: expected, found: field.text, column: field.column)
    }

    func integer(_ field: Field, in range: ClosedRange<Int>, _ expected: String) throws(TimeError) -> Int {
        guard let value = Int(field.text), range.contains(value) else {
            throw error(expected: expected, field: field)
        }
        return value
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}
