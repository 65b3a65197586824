/// A Julian date in two parts, so that adding them loses no precision until the caller chooses to.
@frozen
public struct JulianDate: Sendable, Hashable {
    /// The larger part, usually a whole or half day.
    public var whole: Double
    /// The remainder in days.
    public var fraction: Double

    /// Creates a two-part Julian date.
    @inlinable
    public init(whole: Double, fraction: Double) {
        self.whole = whole
        self.fraction = fraction
    }

    /// The sum of both parts (resolves only about 40 µs).
    @inlinable
    public var days: Double { whole + fraction }
}

/// The time scales an ``Instant`` can be read in.
public enum TimeScale: String, Sendable, Hashable, CaseIterable {
    /// Coordinated Universal Time (with leap seconds).
    case utc
    /// International Atomic Time.
    case tai
    /// Terrestrial Time, TAI + 32.184 s.
    case tt
    /// Universal Time UT1, from UTC and the IERS UT1−UTC offset.
    case ut1
}
