#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif
public import Astrodynamics

/// Low-precision analytic positions of the Sun and the Moon, good to about 0.01°, in the TEME frame of SGP4.
///
/// Both are computed from published series (implemented here from the formulas, not from code):
///
/// - **Sun**: the low-accuracy solar theory of Meeus, *Astronomical Algorithms* (2nd ed.) ch. 25: geometric
///   mean longitude, mean anomaly and equation of the centre (0.01° accuracy), Earth–Sun distance from the
///   eccentricity; the Sun's ecliptic latitude (< 1.2″) is neglected.
/// - **Moon**: Meeus ch. 47, the ELP-2000/82 truncation of Chapront-Touzé & Chapront with the 60 longitude and
///   distance terms and 60 latitude terms of tables 47.A and 47.B and the additive A1–A3 terms (about 10″ in
///   longitude, 4″ in latitude).
/// - **Nutation** (for the true equinox and obliquity of date, and the equation of the equinoxes): the
///   four-term low-accuracy expressions of Meeus ch. 22 (0.5″ in Δψ, 0.1″ in Δε); mean obliquity by the IAU
///   1980 cubic (Lieske et al.).
///
/// Positions are first found in the true equator and equinox of date, then turned into TEME by the equation
/// of the equinoxes (TEME's x axis is the mean equinox projected onto the true equator, so
/// α_TEME = α_true − Δψ cos ε). A TEME vector goes to Earth-fixed with the same GMST rotation as SGP4 output.
/// Time arguments use TT.
public enum SolarSystem {
    /// One astronomical unit in km (IAU 2012, exact).
    public static let astronomicalUnitKm = 149_597_870.7

    /// Aberration constant in degrees (20.49552″).
    @usableFromInline static let aberrationDeg = 20.49552 / 3600

    /// The Sun's geocentric position in TEME, in km.
    ///
    /// - Parameter apparent: `true` (default) applies annual aberration (−20.5″/R along the ecliptic), giving
    ///   the direction in which the Sun is seen; `false` gives the geometric position, the one to use for
    ///   eclipse geometry.
    @inlinable
    public static func sunPositionTEME(at instant: Instant, apparent: Bool = true) -> Vector3 {
        sunPositionTEME(julianCenturiesTT: julianCenturiesTT(instant), apparent: apparent)
    }

    /// The Sun's geocentric position in TEME (km), apparent and geometric, sharing one evaluation of the series.
    public static func sunPositionsTEME(at instant: Instant) -> (apparent: Vector3, geometric: Vector3) {
        let t = julianCenturiesTT(instant)
        let s = sunEcliptic(t)
        let n = Nutation(t)
        let lambda = s.longitudeDeg + n.longitudeDeg
        let distance = s.distanceAU * astronomicalUnitKm
        return (eclipticOfDateToTEME(longitudeDeg: lambda - aberrationDeg / s.distanceAU, latitudeDeg: 0,
                                     distanceKm: distance, nutation: n),
                eclipticOfDateToTEME(longitudeDeg: lambda, latitudeDeg: 0, distanceKm: distance, nutation: n))
    }

    /// The Moon's geocentric position in TEME, in km (apparent: with nutation; the 1.3 s light-time is below
    /// 1″ and neglected).
    @inlinable
    public static func moonPositionTEME(at instant: Instant) -> Vector3 {
        moonPositionTEME(julianCenturiesTT: julianCenturiesTT(instant))
    }

    /// The Sun's apparent geocentric ecliptic longitude (true equinox of date) in degrees `0 ..< 360`, and its
    /// distance in AU.
    public static func sunEclipticLongitude(at instant: Instant) -> (longitudeDeg: Double, distanceAU: Double) {
        let t = julianCenturiesTT(instant)
        let s = sunEcliptic(t)
        let n = Nutation(t)
        return (normalizedDegrees(s.longitudeDeg + n.longitudeDeg - aberrationDeg / s.distanceAU), s.distanceAU)
    }

    /// The Moon's apparent geocentric ecliptic longitude and latitude (true equinox of date) in degrees, and its
    /// distance in km.
    public static func moonEcliptic(at instant: Instant) -> (longitudeDeg: Double, latitudeDeg: Double, distanceKm: Double) {
        let t = julianCenturiesTT(instant)
        let m = moonEcliptic(t)
        return (normalizedDegrees(m.longitudeDeg + Nutation(t).longitudeDeg), m.latitudeDeg, m.distanceKm)
    }

    /// Julian centuries of TT since J2000.0.
    @inlinable
    static func julianCenturiesTT(_ instant: Instant) -> Double {
        instant.ttSecondsSinceJ2000 / (86_400 * 36_525)
    }

    @inlinable
    static func normalizedDegrees(_ x: Double) -> Double {
        var r = x.truncatingRemainder(dividingBy: 360)
        if r < 0 { r += 360 }
        return r
    }

    /// Nutation in longitude and obliquity and the true obliquity of date (Meeus ch. 22, low accuracy).
    @usableFromInline
    struct Nutation {
        @usableFromInline var longitudeDeg: Double
        @usableFromInline var trueObliquityRad: Double

        @inlinable
        init(_ t: Double) {
            let d2r = Double.pi / 180
            let omega = (125.04452 - 1934.136261 * t) * d2r
            let lSun = (280.4665 + 36000.7698 * t) * d2r
            let lMoon = (218.3165 + 481267.8813 * t) * d2r
            let dPsiArcsec = -17.20 * sin(omega) - 1.32 * sin(2 * lSun) - 0.23 * sin(2 * lMoon) + 0.21 * sin(2 * omega)
            let dEpsArcsec = 9.20 * cos(omega) + 0.57 * cos(2 * lSun) + 0.10 * cos(2 * lMoon) - 0.09 * cos(2 * omega)
            let eps0Arcsec = 84_381.448 + t * (-46.8150 + t * (-0.00059 + t * 0.001813))
            longitudeDeg = dPsiArcsec / 3600
            trueObliquityRad = (eps0Arcsec + dEpsArcsec) / 3600 * d2r
        }
    }

    /// Geometric longitude (mean equinox of date) and distance of the Sun (Meeus ch. 25).
    @inlinable
    static func sunEcliptic(_ t: Double) -> (longitudeDeg: Double, distanceAU: Double) {
        let d2r = Double.pi / 180
        let l0 = 280.46646 + t * (36000.76983 + t * 0.0003032)
        let m = (357.52911 + t * (35999.05029 - t * 0.0001537)) * d2r
        let e = 0.016708634 - t * (0.000042037 + t * 0.0000001267)
        let c = (1.914602 - t * (0.004817 + t * 0.000014)) * sin(m)
            + (0.019993 - t * 0.000101) * sin(2 * m) + 0.000289 * sin(3 * m)
        let nu = m + c * d2r
        let r = 1.000001018 * (1 - e * e) / (1 + e * cos(nu))
        return (l0 + c, r)
    }

    /// The Sun in TEME (km) at `t` Julian centuries TT.
    @inlinable
    static func sunPositionTEME(julianCenturiesTT t: Double, apparent: Bool) -> Vector3 {
        let s = sunEcliptic(t)
        let n = Nutation(t)
        var lambda = s.longitudeDeg + n.longitudeDeg
        if apparent { lambda -= aberrationDeg / s.distanceAU }
        return eclipticOfDateToTEME(longitudeDeg: lambda, latitudeDeg: 0,
                                    distanceKm: s.distanceAU * astronomicalUnitKm, nutation: n)
    }

    /// A true-of-date ecliptic position to TEME (km).
    @inlinable
    static func eclipticOfDateToTEME(longitudeDeg: Double, latitudeDeg: Double, distanceKm: Double,
                                     nutation n: Nutation) -> Vector3 {
        let d2r = Double.pi / 180
        let l = longitudeDeg * d2r, b = latitudeDeg * d2r
        let cb = cos(b)
        let xe = distanceKm * cb * cos(l), ye = distanceKm * cb * sin(l), ze = distanceKm * sin(b)
        let ce = cos(n.trueObliquityRad), se = sin(n.trueObliquityRad)
        // Ecliptic → true equator of date.
        let x = xe
        let y = ye * ce - ze * se
        let z = ye * se + ze * ce
        // True equinox → TEME (mean equinox on the true equator): α_TEME = α − Δψ cos ε.
        let eqeq = n.longitudeDeg * d2r * ce
        let c = cos(eqeq), s = sin(eqeq)
        return Vector3(x: c * x + s * y, y: -s * x + c * y, z: z)
    }

    /// The Moon in TEME (km) at `t` Julian centuries TT.
    @inlinable
    static func moonPositionTEME(julianCenturiesTT t: Double) -> Vector3 {
        let m = moonEcliptic(t)
        let n = Nutation(t)
        return eclipticOfDateToTEME(longitudeDeg: m.longitudeDeg + n.longitudeDeg, latitudeDeg: m.latitudeDeg,
                                    distanceKm: m.distanceKm, nutation: n)
    }

    /// Periodic terms of the lunar longitude and distance (Meeus table 47.A): multiples of D, M, M′, F;
    /// longitude coefficient in 1e−6°, distance coefficient in 1e−3 km.
    @usableFromInline
    static let moonLongitudeDistanceTerms: [(Int8, Int8, Int8, Int8, Int32, Int32)] = [
        (0, 0, 1, 0, 6_288_774, -20_905_355), (2, 0, -1, 0, 1_274_027, -3_699_111),
        (2, 0, 0, 0, 658_314, -2_955_968), (0, 0, 2, 0, 213_618, -569_925),
        (0, 1, 0, 0, -185_116, 48_888), (0, 0, 0, 2, -114_332, -3_149),
        (2, 0, -2, 0, 58_793, 246_158), (2, -1, -1, 0, 57_066, -152_138),
        (2, 0, 1, 0, 53_322, -170_733), (2, -1, 0, 0, 45_758, -204_586),
        (0, 1, -1, 0, -40_923, -129_620), (1, 0, 0, 0, -34_720, 108_743),
        (0, 1, 1, 0, -30_383, 104_755), (2, 0, 0, -2, 15_327, 10_321),
        (0, 0, 1, 2, -12_528, 0), (0, 0, 1, -2, 10_980, 79_661),
        (4, 0, -1, 0, 10_675, -34_782), (0, 0, 3, 0, 10_034, -23_210),
        (4, 0, -2, 0, 8_548, -21_636), (2, 1, -1, 0, -7_888, 24_208),
        (2, 1, 0, 0, -6_766, 30_824), (1, 0, -1, 0, -5_163, -8_379),
        (1, 1, 0, 0, 4_987, -16_675), (2, -1, 1, 0, 4_036, -12_831),
        (2, 0, 2, 0, 3_994, -10_445), (4, 0, 0, 0, 3_861, -11_650),
        (2, 0, -3, 0, 3_665, 14_403), (0, 1, -2, 0, -2_689, -7_003),
        (2, 0, -1, 2, -2_602, 0), (2, -1, -2, 0, 2_390, 10_056),
        (1, 0, 1, 0, -2_348, 6_322), (2, -2, 0, 0, 2_236, -9_884),
        (0, 1, 2, 0, -2_120, 5_751), (0, 2, 0, 0, -2_069, 0),
        (2, -2, -1, 0, 2_048, -4_950), (2, 0, 1, -2, -1_773, 4_130),
        (2, 0, 0, 2, -1_595, 0), (4, -1, -1, 0, 1_215, -3_958),
        (0, 0, 2, 2, -1_110, 0), (3, 0, -1, 0, -892, 3_258),
        (2, 1, 1, 0, -810, 2_616), (4, -1, -2, 0, 759, -1_897),
        (0, 2, -1, 0, -713, -2_117), (2, 2, -1, 0, -700, 2_354),
        (2, 1, -2, 0, 691, 0), (2, -1, 0, -2, 596, 0),
        (4, 0, 1, 0, 549, -1_423), (0, 0, 4, 0, 537, -1_117),
        (4, -1, 0, 0, 520, -1_571), (1, 0, -2, 0, -487, -1_739),
        (2, 1, 0, -2, -399, 0), (0, 0, 2, -2, -381, -4_421),
        (1, 1, 1, 0, 351, 0), (3, 0, -2, 0, -340, 0),
        (4, 0, -3, 0, 330, 0), (2, -1, 2, 0, 327, 0),
        (0, 2, 1, 0, -323, 1_165), (1, 1, -1, 0, 299, 0),
        (2, 0, 3, 0, 294, 0), (2, 0, -1, -2, 0, 8_752),
    ]

    /// Periodic terms of the lunar latitude (Meeus table 47.B): multiples of D, M, M′, F; coefficient in 1e−6°.
    @usableFromInline
    static let moonLatitudeTerms: [(Int8, Int8, Int8, Int8, Int32)] = [
        (0, 0, 0, 1, 5_128_122), (0, 0, 1, 1, 280_602), (0, 0, 1, -1, 277_693), (2, 0, 0, -1, 173_237),
        (2, 0, -1, 1, 55_413), (2, 0, -1, -1, 46_271), (2, 0, 0, 1, 32_573), (0, 0, 2, 1, 17_198),
        (2, 0, 1, -1, 9_266), (0, 0, 2, -1, 8_822), (2, -1, 0, -1, 8_216), (2, 0, -2, -1, 4_324),
        (2, 0, 1, 1, 4_200), (2, 1, 0, -1, -3_359), (2, -1, -1, 1, 2_463), (2, -1, 0, 1, 2_211),
        (2, -1, -1, -1, 2_065), (0, 1, -1, -1, -1_870), (4, 0, -1, -1, 1_828), (0, 1, 0, 1, -1_794),
        (0, 0, 0, 3, -1_749), (0, 1, -1, 1, -1_565), (1, 0, 0, 1, -1_491), (0, 1, 1, 1, -1_475),
        (0, 1, 1, -1, -1_410), (0, 1, 0, -1, -1_344), (1, 0, 0, -1, -1_335), (0, 0, 3, 1, 1_107),
        (4, 0, 0, -1, 1_021), (4, 0, -1, 1, 833), (0, 0, 1, -3, 777), (4, 0, -2, 1, 671),
        (2, 0, 0, -3, 607), (2, 0, 2, -1, 596), (2, -1, 1, -1, 491), (2, 0, -2, 1, -451),
        (0, 0, 3, -1, 439), (2, 0, 2, 1, 422), (2, 0, -3, -1, 421), (2, 1, -1, 1, -366),
        (2, 1, 0, 1, -351), (4, 0, 0, 1, 331), (2, -1, 1, 1, 315), (2, -2, 0, -1, 302),
        (0, 0, 1, 3, -283), (2, 1, 1, -1, -229), (1, 1, 0, -1, 223), (1, 1, 0, 1, 223),
        (0, 1, -2, -1, -220), (2, 1, -1, -1, -220), (1, 0, 1, 1, -185), (2, -1, -2, -1, 181),
        (0, 1, 2, 1, -177), (4, 0, -2, -1, 176), (4, -1, -1, -1, 166), (1, 0, 1, -1, -164),
        (4, 0, 1, -1, 132), (1, 0, -1, -1, -119), (4, -1, 0, -1, 115), (2, -2, 0, 1, 107),
    ]

    /// The Moon's geometric ecliptic longitude and latitude (mean equinox of date, degrees) and distance (km)
    /// by Meeus ch. 47.
    @inlinable
    static func moonEcliptic(_ t: Double) -> (longitudeDeg: Double, latitudeDeg: Double, distanceKm: Double) {
        let d2r = Double.pi / 180
        let t2 = t * t, t3 = t2 * t, t4 = t3 * t
        let lp = 218.3164477 + 481267.88123421 * t - 0.0015786 * t2 + t3 / 538_841 - t4 / 65_194_000
        let d = (297.8501921 + 445267.1114034 * t - 0.0018819 * t2 + t3 / 545_868 - t4 / 113_065_000) * d2r
        let m = (357.5291092 + 35999.0502909 * t - 0.0001536 * t2 + t3 / 24_490_000) * d2r
        let mp = (134.9633964 + 477198.8675055 * t + 0.0087414 * t2 + t3 / 69_699 - t4 / 14_712_000) * d2r
        let f = (93.2720950 + 483202.0175233 * t - 0.0036539 * t2 - t3 / 3_526_000 + t4 / 863_310_000) * d2r
        let a1 = (119.75 + 131.849 * t) * d2r
        let a2 = (53.09 + 479264.290 * t) * d2r
        let a3 = (313.45 + 481266.484 * t) * d2r
        let e = 1 - 0.002516 * t - 0.0000074 * t2
        let e2 = e * e
        var sumL = 0.0, sumR = 0.0, sumB = 0.0
        for (cd, cm, cmp, cf, cl, cr) in moonLongitudeDistanceTerms {
            let arg = Double(cd) * d + Double(cm) * m + Double(cmp) * mp + Double(cf) * f
            let factor = cm == 0 ? 1 : (abs(cm) == 1 ? e : e2)
            sumL += factor * Double(cl) * sin(arg)
            if cr != 0 { sumR += factor * Double(cr) * cos(arg) }
        }
        for (cd, cm, cmp, cf, cb) in moonLatitudeTerms {
            let arg = Double(cd) * d + Double(cm) * m + Double(cmp) * mp + Double(cf) * f
            let factor = cm == 0 ? 1 : (abs(cm) == 1 ? e : e2)
            sumB += factor * Double(cb) * sin(arg)
        }
        let lpRad = lp * d2r
        sumL += 3958 * sin(a1) + 1962 * sin(lpRad - f) + 318 * sin(a2)
        sumB += -2235 * sin(lpRad) + 382 * sin(a3) + 175 * sin(a1 - f) + 175 * sin(a1 + f)
            + 127 * sin(lpRad - mp) - 115 * sin(lpRad + mp)
        return (lp + sumL / 1e6, sumB / 1e6, 385_000.56 + sumR / 1000)
    }
}

extension Site {
    /// Topocentric look angles of the Sun (apparent, geometric elevation, no refraction) at `instant`.
    public func sunLookAngles(at instant: Instant, earthOrientation: EarthOrientation = .zero) -> LookAngles {
        let rotation = TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation)
        return lookAngles(toITRSKm: rotation.itrsPositionKm(fromTEME: SolarSystem.sunPositionTEME(at: instant)))
    }

    /// Topocentric look angles of the Moon (geometric elevation, no refraction) at `instant`.
    public func moonLookAngles(at instant: Instant, earthOrientation: EarthOrientation = .zero) -> LookAngles {
        let rotation = TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation)
        return lookAngles(toITRSKm: rotation.itrsPositionKm(fromTEME: SolarSystem.moonPositionTEME(at: instant)))
    }
}
