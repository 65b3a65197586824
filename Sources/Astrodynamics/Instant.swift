/// A moment in time, kept to sub-nanosecond precision.
///
/// An `Instant` stores Terrestrial Time as whole seconds since J2000.0 (2000-01-01T12:00:00 TT) plus a
/// fractional second in `0 ..< 1`. It never collapses to one Julian-date `Double`, which would resolve only
/// about 40 µs. Conversions to and from UTC take a ``LeapSecondTable``; UT1 takes ``EarthOrientation`` data.
@frozen
public struct Instant: Sendable, Hashable, Comparable {
    /// Whole TT seconds since J2000.0.
    @usableFromInline internal var ttWholeSeconds: Int64
    /// Fraction of a TT second in `0 ..< 1`.
    @usableFromInline internal var ttFractionSeconds: Double

    /// Creates an instant from whole and fractional TT seconds since J2000.0; the parts are normalised.
    ///
    /// A non-finite `fraction` is treated as zero rather than trapping (it carries no usable time).
    @inlinable
    public init(ttSecondsSinceJ2000 whole: Int64, fraction: Double) {
        let fraction = fraction.isFinite ? fraction : 0
        let carry = fraction.rounded(.down)
        var wholeSeconds = whole &+ saturatingInt64(carry)
        var rest = fraction - carry
        // `fraction - carry` can round up to exactly 1 for tiny negative fractions.
        if rest >= 1 {
            rest -= 1
            wholeSeconds += 1
        }
        self.ttWholeSeconds = wholeSeconds
        self.ttFractionSeconds = rest
    }

    /// J2000.0, 2000-01-01T12:00:00 TT.
    public static let j2000 = Instant(ttSecondsSinceJ2000: 0, fraction: 0)

    /// Creates an instant from a two-part Julian date on the TT scale.
    ///
    /// Each part is split into whole seconds and a fraction separately, so precision is limited only by the
    /// parts themselves (a whole or half-day `whole` and a `fraction` below one day give ~10 ps).
    @inlinable
    public init(ttJulianDate jd: JulianDate) {
        let wholeDaysFromJ2000 = jd.whole - 2_451_545.0
        let wholeDays = wholeDaysFromJ2000.rounded(.down)
        let firstSeconds = (wholeDaysFromJ2000 - wholeDays) * 86_400 + jd.fraction * 86_400
        let firstWhole = firstSeconds.rounded(.down)
        self.init(ttSecondsSinceJ2000: saturatingInt64(wholeDays) &* 86_400 &+ saturatingInt64(firstWhole), fraction: firstSeconds - firstWhole)
    }

    /// TT seconds since J2000.0 split exactly as stored: whole seconds and a fraction in `0 ..< 1`.
    @inlinable
    public var ttSecondsSinceJ2000Parts: (whole: Int64, fraction: Double) { (ttWholeSeconds, ttFractionSeconds) }

    /// TT seconds since J2000.0 as a single `Double` (for display and coarse arithmetic only).
    @inlinable
    public var ttSecondsSinceJ2000: Double { Double(ttWholeSeconds) + ttFractionSeconds }

    /// This instant moved by a number of SI seconds.
    @inlinable
    public func adding(seconds: Double) -> Instant {
        let whole = seconds.rounded(.down)
        return Instant(ttSecondsSinceJ2000: ttWholeSeconds &+ saturatingInt64(whole), fraction: ttFractionSeconds + (seconds - whole))
    }

    /// This instant moved by a number of minutes.
    @inlinable
    public func adding(minutes: Double) -> Instant { adding(seconds: minutes * 60) }

    /// SI seconds elapsed from `other` to this instant (positive when this instant is later).
    @inlinable
    public func seconds(since other: Instant) -> Double {
        Double(ttWholeSeconds - other.ttWholeSeconds) + (ttFractionSeconds - other.ttFractionSeconds)
    }

    /// Minutes elapsed from `other` to this instant (positive when this instant is later).
    @inlinable
    public func minutes(since other: Instant) -> Double { seconds(since: other) / 60 }

    /// Orders instants in time.
    @inlinable
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        (lhs.ttWholeSeconds, lhs.ttFractionSeconds) < (rhs.ttWholeSeconds, rhs.ttFractionSeconds)
    }
}

extension Instant: CustomStringConvertible {
    /// The instant as an ISO 8601 UTC string with millisecond precision, using the built-in leap-second table.
    public var description: String { iso8601(fractionDigits: 3) }
}

/// Converts a whole-valued `Double` to `Int64`, saturating at the bounds and mapping NaN to 0 (never traps).
@inlinable
func saturatingInt64(_ value: Double) -> Int64 {
    if value.isNaN { return 0 }
    if value >= 9.2e18 { return Int64.max / 2 }
    if value <= -9.2e18 { return Int64.min / 2 }
    return Int64(value)
}

/// Converts a whole-valued `Double` to `Int`, saturating and mapping NaN to 0 (never traps).
@inlinable
func saturatingInt(_ value: Double) -> Int {
    if value.isNaN { return 0 }
    if value >= 4.0e18 { return Int.max / 4 }
    if value <= -4.0e18 { return Int.min / 4 }
    return Int(value)
}
