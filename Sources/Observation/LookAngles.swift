#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif
public import Astrodynamics

/// Where an object appears from a ``Site``: azimuth, elevation, range and range-rate.
///
/// - Azimuth: degrees clockwise from true (geodetic) north, in `0 ..< 360`.
/// - Elevation: geometric, degrees above the plane normal to the WGS 84 ellipsoid normal at the site (no
///   refraction unless ``applyingRefraction(_:)`` is used).
/// - Range: km from the site.
/// - Range-rate: d|r_obj − r_site|/dt in km/s, positive when the object recedes, from the relative velocity in
///   the Earth-fixed frame (the same in any frame).
@frozen
public struct LookAngles: Sendable, Hashable {
    /// Azimuth in degrees clockwise from north, `0 ..< 360`.
    public var azimuthDeg: Double
    /// Elevation in degrees above the ellipsoid-normal horizon.
    public var elevationDeg: Double
    /// Slant range in km.
    public var rangeKm: Double
    /// Range-rate in km/s, positive when receding.
    public var rangeRateKmPerS: Double
    /// Rate of change of elevation in degrees per second.
    public var elevationRateDegPerS: Double

    /// Creates look angles from their values.
    @inlinable
    public init(azimuthDeg: Double, elevationDeg: Double, rangeKm: Double, rangeRateKmPerS: Double,
                elevationRateDegPerS: Double = 0) {
        self.azimuthDeg = azimuthDeg
        self.elevationDeg = elevationDeg
        self.rangeKm = rangeKm
        self.rangeRateKmPerS = rangeRateKmPerS
        self.elevationRateDegPerS = elevationRateDegPerS
    }

    /// The first-order Doppler shift in Hz of a signal of `frequencyHz` sent by the object: −f·ṙ/c with
    /// c = 299 792.458 km/s (``Doppler/speedOfLightKmPerS``). Negative while the object recedes.
    ///
    /// First order in ṙ/c (≤ 2.6e−5 for LEO): the neglected relativistic and second-order terms are below
    /// 1e−9 of f, far below oscillator uncertainties.
    @inlinable
    public func dopplerShiftHz(frequencyHz: Double) -> Double {
        Doppler.shiftHz(frequencyHz: frequencyHz, rangeRateKmPerS: rangeRateKmPerS)
    }

    /// These look angles with the elevation replaced by the apparent (refracted) elevation.
    public func applyingRefraction(_ refraction: AtmosphericRefraction) -> LookAngles {
        var copy = self
        copy.elevationDeg = refraction.apparentElevationDeg(geometricDeg: elevationDeg)
        return copy
    }
}

/// First-order Doppler shifts.
public enum Doppler {
    /// The speed of light in vacuum, km/s (exact by definition of the metre).
    public static let speedOfLightKmPerS = 299_792.458

    /// −f·ṙ/c: the shift in Hz of a signal of `frequencyHz` from an object with range-rate `rangeRateKmPerS`
    /// (positive receding, so a receding object's signal is received lower).
    @inlinable
    public static func shiftHz(frequencyHz: Double, rangeRateKmPerS: Double) -> Double {
        -frequencyHz * rangeRateKmPerS / speedOfLightKmPerS
    }
}

/// Optional atmospheric refraction for elevations. Off (`.none`) everywhere by default.
///
/// Uses Saemundsson's formula (Sky & Telescope 72, 1986, p. 70; as given in Meeus, *Astronomical Algorithms*
/// ch. 16) for the refraction R of an object at true (geometric) altitude h:
/// R = 1.02′ / tan(h + 10.3°/(h + 5.11°)) + 0.0019279′ (the constant makes R = 0 at the zenith), scaled by
/// (P / 1010 mbar)·(283 K / (273 K + T)).
/// Apparent elevation = h + R. It is the inverse of Bennett's formula to about 0.07′ and is valid from the
/// zenith down to about −1°; below −1° the correction is faded linearly to zero at −2° (no refraction for
/// objects well below the horizon), so the apparent elevation stays continuous and increasing.
public enum AtmosphericRefraction: Sendable, Hashable {
    /// No refraction: geometric elevations.
    case none
    /// Standard conditions: 1010 mbar and 10 °C.
    case standard
    /// Saemundsson's formula for the given pressure (millibar) and temperature (°C).
    case saemundsson(pressureMillibar: Double, temperatureCelsius: Double)

    /// The refraction correction in degrees for an object at geometric elevation `geometricDeg`.
    @inlinable
    public func correctionDeg(geometricDeg h: Double) -> Double {
        let scale: Double
        switch self {
        case .none: return 0
        case .standard: scale = 1
        case let .saemundsson(p, t): scale = (p / 1010) * (283 / (273 + t))
        }
        func saemundsson(_ h: Double) -> Double {
            let arg = (h + 10.3 / (h + 5.11)) * (Double.pi / 180)
            return (1.02 / tan(arg) + 0.0019279) / 60
        }
        if h >= -1 { return scale * saemundsson(h) }
        if h <= -2 { return 0 }
        return scale * saemundsson(-1) * (h + 2)
    }

    /// The apparent elevation in degrees of an object at geometric elevation `geometricDeg`.
    @inlinable
    public func apparentElevationDeg(geometricDeg: Double) -> Double {
        geometricDeg + correctionDeg(geometricDeg: geometricDeg)
    }
}

extension Site {
    /// Look angles to an object with an Earth-fixed (ITRS) state.
    @inlinable
    public func lookAngles(to state: StateVector<ITRS>) -> LookAngles {
        Topocentric(site: self, positionKm: state.positionKm, velocityKmPerS: state.velocityKmPerS).lookAngles
    }

    /// Look angles to an object with a TEME state at `instant` (GMST 1982 of UT1 from `earthOrientation`;
    /// UT1 = UTC and no polar motion by default, the usual SGP4 convention).
    public func lookAngles(to state: StateVector<TEME>, at instant: Instant,
                           earthOrientation: EarthOrientation = .zero) -> LookAngles {
        lookAngles(to: state.itrs(at: instant, earthOrientation: earthOrientation))
    }

    /// Look angles to a fixed Earth-fixed position in km (range-rate 0).
    @inlinable
    public func lookAngles(toITRSKm position: Vector3) -> LookAngles {
        Topocentric(site: self, positionKm: position, velocityKmPerS: .zero).lookAngles
    }
}

/// The topocentric east/north/up components of an object's position and velocity relative to a site.
@usableFromInline
struct Topocentric: Sendable {
    @usableFromInline var e: Double
    @usableFromInline var n: Double
    @usableFromInline var u: Double
    @usableFromInline var ve: Double
    @usableFromInline var vn: Double
    @usableFromInline var vu: Double

    @inlinable
    init(site: Site, positionKm r: Vector3, velocityKmPerS v: Vector3) {
        let d = r - site.itrsKm
        e = d.dot(site.east)
        n = d.dot(site.north)
        u = d.dot(site.up)
        ve = v.dot(site.east)
        vn = v.dot(site.north)
        vu = v.dot(site.up)
    }

    @inlinable var rangeKm: Double { (e * e + n * n + u * u).squareRoot() }

    @inlinable var rangeRateKmPerS: Double { (e * ve + n * vn + u * vu) / rangeKm }

    @inlinable var elevationRad: Double { atan2(u, (e * e + n * n).squareRoot()) }

    @inlinable var azimuthDeg: Double {
        var az = atan2(e, n) * (180 / Double.pi)
        if az < 0 { az += 360 }
        if az >= 360 { az -= 360 }
        return az
    }

    /// Azimuth rate in degrees per second.
    @inlinable var azimuthRateDegPerS: Double {
        let h2 = e * e + n * n
        return h2 > 0 ? (ve * n - vn * e) / h2 * (180 / Double.pi) : 0
    }

    /// Elevation rate in degrees per second.
    @inlinable var elevationRateDegPerS: Double {
        let h2 = e * e + n * n
        let r2 = h2 + u * u
        let h = h2.squareRoot()
        guard h > 0 else { return 0 }
        // el = atan2(u, h): d el/dt = (u̇ h − u ḣ) / r², ḣ = (e ė + n ṅ)/h.
        let hdot = (e * ve + n * vn) / h
        return (vu * h - u * hdot) / r2 * (180 / Double.pi)
    }

    @inlinable var lookAngles: LookAngles {
        LookAngles(azimuthDeg: azimuthDeg, elevationDeg: elevationRad * (180 / Double.pi), rangeKm: rangeKm,
                   rangeRateKmPerS: rangeRateKmPerS, elevationRateDegPerS: elevationRateDegPerS)
    }
}
