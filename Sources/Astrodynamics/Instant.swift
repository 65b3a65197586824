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
    @inlinable
    public init(ttSecondsSinceJ2000 whole: Int64, fraction: Double) {
        let carry = fraction.rounded(.down)
        self.ttWholeSeconds = whole + Int64(carry)
        self.ttFractionSeconds = fraction - carry
    }

    /// TT seconds since J2000.0 as a single `Double` (for display and coarse arithmetic only).
    @inlinable
    public var ttSecondsSinceJ2000: Double { Double(ttWholeSeconds) + ttFractionSeconds }

    /// This instant moved by a number of SI seconds.
    @inlinable
    public func adding(seconds: Double) -> Instant {
        let whole = seconds.rounded(.down)
        return Instant(ttSecondsSinceJ2000: ttWholeSeconds + Int64(whole), fraction: ttFractionSeconds + (seconds - whole))
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

    @inlinable
    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        (lhs.ttWholeSeconds, lhs.ttFractionSeconds) < (rhs.ttWholeSeconds, rhs.ttFractionSeconds)
    }
}
