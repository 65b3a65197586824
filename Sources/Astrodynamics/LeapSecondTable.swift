/// TAI−UTC offsets since 1972, from which UTC instants are converted to and from TAI and TT.
///
/// The built-in table ends with the leap second of 2016-12-31; ``LeapSecondTable/init(contentsOfIERSFile:)``
/// reads a newer `Leap_Second.dat` or `leap-seconds.list`.
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

    /// Creates a table from entries (sorted on creation).
    public init(entries: [Entry]) {
        self.entries = entries.sorted { $0.mjd < $1.mjd }
    }

    /// TAI − UTC in whole seconds on the UTC day with the given MJD (10 s before 1972).
    @inlinable
    public func offsetSeconds(utcMJD mjd: Int) -> Int {
        var result = 10
        for entry in entries {
            if entry.mjd <= mjd { result = entry.offsetSeconds } else { break }
        }
        return result
    }

    /// The table built into Perigee (IERS Bulletin C, through the leap second at the end of 2016).
    public static let builtIn = LeapSecondTable(entries: [
        (41317, 10), (41499, 11), (41683, 12), (42048, 13), (42413, 14), (42778, 15), (43144, 16),
        (43509, 17), (43874, 18), (44239, 19), (44786, 20), (45151, 21), (45516, 22), (46247, 23),
        (47161, 24), (47892, 25), (48257, 26), (48804, 27), (49169, 28), (49534, 29), (50083, 30),
        (50630, 31), (51179, 32), (53736, 33), (54832, 34), (56109, 35), (57204, 36), (57754, 37),
    ].map { Entry(mjd: $0.0, offsetSeconds: $0.1) })
}
