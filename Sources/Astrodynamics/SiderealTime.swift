#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// Sidereal time.
public enum SiderealTime {
    /// Greenwich mean sidereal time by the IAU 1982 expression (Aoki et al. 1982), in radians `0 ..< 2π`, from
    /// a two-part UT1 Julian date.
    ///
    /// This is the angle SGP4's TEME frame is rotated by (the `gstime` of the SGP4 reference code): with
    /// T = (JD(UT1) − 2 451 545.0) / 36 525,
    /// GMST = 67 310.548 41 s + (876 600 h + 8 640 184.812 866 s) T + 0.093 104 s T² − 6.2e−6 s T³.
    /// The whole-day part of the large term is removed exactly using both parts of the date, so no precision
    /// is lost to the size of the Julian date.
    @inlinable
    public static func gmst1982Rad(ut1 julianDate: JulianDate) -> Double {
        let daysWhole = julianDate.whole - 2_451_545.0
        let daysFraction = julianDate.fraction
        let days = daysWhole + daysFraction
        let t = days / 36_525
        // 876 600 h × 3600 s/h × T = 86 400 s × days; only its part within a day matters.
        var dayPart = (daysWhole - daysWhole.rounded(.down)) + (daysFraction - daysFraction.rounded(.down))
        dayPart -= dayPart.rounded(.down)
        let seconds = 67_310.548_41 + 86_400 * dayPart + t * (8_640_184.812_866 + t * (0.093_104 - t * 6.2e-6))
        var angle = fmod(seconds * (2 * Double.pi / 86_400), 2 * Double.pi)
        if angle < 0 { angle += 2 * Double.pi }
        return angle
    }

    /// Greenwich mean sidereal time (IAU 1982) in radians `0 ..< 2π` from a one-part UT1 Julian date.
    @inlinable
    public static func gmst1982Rad(ut1JulianDate: Double) -> Double {
        gmst1982Rad(ut1: JulianDate(whole: ut1JulianDate, fraction: 0))
    }
}

extension Instant {
    /// Greenwich mean sidereal time (IAU 1982) at this instant in radians `0 ..< 2π`, with UT1 from
    /// `earthOrientation` (UT1 = UTC by default).
    public func gmst1982Rad(earthOrientation: EarthOrientation = .zero,
                            leapSeconds: LeapSecondTable = .builtIn) -> Double {
        SiderealTime.gmst1982Rad(ut1: julianDate(.ut1, leapSeconds: leapSeconds, earthOrientation: earthOrientation))
    }
}
