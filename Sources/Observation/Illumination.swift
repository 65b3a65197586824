#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif
public import Astrodynamics
public import ElementSets

/// Whether an object is lit by the Sun.
public enum Illumination: Sendable, Hashable {
    /// The whole solar disc is visible (or, for a point-Sun model, the Sun's centre is visible).
    case sunlit
    /// Part of the solar disc is hidden by the Earth; `fraction` of the disc's light still arrives (0 … 1).
    case penumbra(fraction: Double)
    /// The Sun is hidden.
    case umbra

    /// `true` unless in umbra (a penumbral object counts as sunlit).
    @inlinable
    public var isSunlit: Bool {
        if case .umbra = self { return false }
        return true
    }

    /// The fraction of sunlight arriving: 1 sunlit, 0 umbra.
    @inlinable
    public var sunlightFraction: Double {
        switch self {
        case .sunlit: return 1
        case let .penumbra(fraction): return fraction
        case .umbra: return 0
        }
    }
}

/// How the Earth's shadow is modelled.
///
/// The default, ``sphericalPointSun``, is the model of the pass reference vectors (Skyfield's `is_sunlit`): the
/// object is sunlit unless the segment from the object towards the Sun's centre hits a sphere of radius
/// 6378.1366 km. There is no penumbra, atmosphere or oblateness in it; shadow transitions differ from a
/// conical model by seconds.
public enum ShadowModel: Sendable, Hashable {
    /// Point Sun, spherical Earth of the given radius (km): sunlit or umbra, never penumbra.
    case pointSun(earthRadiusKm: Double)
    /// Extended Sun (radius `sunRadiusKm`) and a spherical Earth (radius `earthRadiusKm`): umbra, penumbra
    /// with the visible fraction of the solar disc (area of two overlapping discs), or sunlit.
    case conical(earthRadiusKm: Double, sunRadiusKm: Double)

    /// The reference model: point Sun and a sphere of 6378.1366 km (the IERS 2010 / IAU 2015 equatorial radius).
    public static let sphericalPointSun = ShadowModel.pointSun(earthRadiusKm: 6378.1366)
    /// A conical model with the WGS 84 equatorial radius and the IAU 2015 nominal solar radius (695 700 km).
    public static let conicalWGS84 = ShadowModel.conical(earthRadiusKm: WGS84.equatorialRadiusKm, sunRadiusKm: 695_700)

    /// The illumination of an object at `objectKm` given the Sun at `sunKm` (both geocentric, same frame).
    @inlinable
    public func illumination(objectKm r: Vector3, sunKm s: Vector3) -> Illumination {
        switch self {
        case let .pointSun(radius):
            return ShadowGeometry.pointSunMarginKm(objectKm: r, sunKm: s, earthRadiusKm: radius) >= 0 ? .sunlit : .umbra
        case let .conical(earthRadius, sunRadius):
            let toSun = s - r
            let dSun = toSun.length
            let dEarth = r.length
            guard dEarth > earthRadius else { return .umbra }
            let thetaSun = asin(min(1, sunRadius / dSun))
            let thetaEarth = asin(min(1, earthRadius / dEarth))
            let cosSep = max(-1, min(1, toSun.dot(Vector3(x: -r.x, y: -r.y, z: -r.z)) / (dSun * dEarth)))
            let sep = acos(cosSep)
            if sep >= thetaSun + thetaEarth { return .sunlit }
            if sep <= thetaEarth - thetaSun { return .umbra }
            // Visible fraction = 1 − overlap / area of the solar disc (small-angle flat discs).
            let a = thetaSun, b = thetaEarth, c = sep
            let overlap: Double
            if c <= b - a || c <= a - b {
                overlap = Double.pi * min(a, b) * min(a, b)
            } else {
                let x = (c * c + a * a - b * b) / (2 * c)
                let y = (max(0, a * a - x * x)).squareRoot()
                overlap = a * a * acos(max(-1, min(1, x / a))) + b * b * acos(max(-1, min(1, (c - x) / b))) - c * y
            }
            let fraction = max(0, min(1, 1 - overlap / (Double.pi * a * a)))
            return fraction <= 0 ? .umbra : .penumbra(fraction: fraction)
        }
    }
}

/// Shadow geometry shared by the pass finder.
@usableFromInline
enum ShadowGeometry {
    /// A continuous signed margin in km, ≥ 0 exactly when the point-Sun model says sunlit.
    ///
    /// With ŝ the unit vector from the object towards the Sun: on the Sun side of the terminator plane
    /// (r·ŝ ≥ 0) the margin is r·ŝ + |r| − R (sunlit there iff |r| ≥ R); behind it, it is p − R with p the
    /// distance of the Earth's centre from the line of sight. The two agree (|r| − R) on the plane, and the
    /// margin changes at most at twice the object's speed, which the pass finder uses to skip safely.
    @inlinable
    static func pointSunMarginKm(objectKm r: Vector3, sunKm s: Vector3, earthRadiusKm radius: Double) -> Double {
        let d = s - r
        let invLength = 1 / d.length
        let u = invLength * d
        let along = r.dot(u)
        let rr = r.dot(r)
        if along >= 0 { return along + rr.squareRoot() - radius }
        let p2 = max(0, rr - along * along)
        return p2.squareRoot() - radius
    }
}

/// Visual magnitude estimates from a standard (intrinsic) magnitude.
///
/// The standard magnitude is the brightness at 1000 km range and 50 % illumination (phase angle 90°), as in
/// Mike McCants' `qs.mag` lists and Heavens-Above. The estimate treats the object as a diffusely reflecting
/// (Lambertian) sphere:
///
/// m = m_std + 5 log₁₀(range / 1000 km) − 2.5 log₁₀(sin φ + (π − φ) cos φ)
///
/// where φ is the phase angle (Sun–object–observer). At φ = 90° the last term is 0; fully lit (φ = 0) is
/// 1.24 mag brighter. No atmospheric extinction is applied. Real objects depart from it by a magnitude or more
/// (flat panels flare, tumbling bodies vary).
public enum VisualMagnitude {
    /// A small table of standard magnitudes of well-known objects, by catalog number.
    ///
    /// Approximate published values of the McCants / Heavens-Above kind (1000 km, half lit); they differ between
    /// lists by several tenths and change when structures are added. ISS −1.8 (Heavens-Above), Tianhe / the
    /// Chinese space station −1.3, Hubble 2.2, Envisat 3.7.
    public static let standardMagnitudes: [CatalogNumber: Double] = {
        var table: [CatalogNumber: Double] = [:]
        for (number, magnitude) in [(25544, -1.8), (48274, -1.3), (20580, 2.2), (27386, 3.7)] {
            if let catalog = CatalogNumber(number) { table[catalog] = magnitude }
        }
        return table
    }()

    /// The standard magnitude for an object, if it is in ``standardMagnitudes``.
    public static func standardMagnitude(of catalogNumber: CatalogNumber) -> Double? {
        standardMagnitudes[catalogNumber]
    }

    /// The estimated visual magnitude of an object of standard magnitude `standardMagnitude` at `rangeKm` from
    /// the observer with phase angle `phaseAngleDeg` (0 = fully lit). Returns `nil` for a non-positive range.
    public static func estimate(standardMagnitude: Double, rangeKm: Double, phaseAngleDeg: Double) -> Double? {
        guard rangeKm > 0, rangeKm.isFinite, phaseAngleDeg.isFinite else { return nil }
        let phi = max(0, min(180, phaseAngleDeg)) * (Double.pi / 180)
        let phase = sin(phi) + (Double.pi - phi) * cos(phi)
        guard phase > 1e-12 else { return nil }  // unlit face towards the observer
        return standardMagnitude + 5 * log10(rangeKm / 1000) - 2.5 * log10(phase)
    }

    /// The phase angle in degrees (Sun–object–observer) for geocentric positions of the object, the Sun and the
    /// observer in one frame (km).
    public static func phaseAngleDeg(objectKm: Vector3, sunKm: Vector3, observerKm: Vector3) -> Double {
        let toSun = sunKm - objectKm
        let toObserver = observerKm - objectKm
        let c = toSun.dot(toObserver) / (toSun.length * toObserver.length)
        return acos(max(-1, min(1, c))) * (180 / Double.pi)
    }

    /// The estimated magnitude of an object with a TEME state seen from `site` at `instant`, or `nil` when no
    /// standard magnitude is known, the object is in the Earth's shadow (reference model) or below the horizon.
    public static func estimate(standardMagnitude: Double, objectTEME state: StateVector<TEME>, site: Site,
                                at instant: Instant, earthOrientation: EarthOrientation = .zero) -> Double? {
        let rotation = TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation)
        let sun = SolarSystem.sunPositionTEME(at: instant, apparent: false)
        guard ShadowModel.sphericalPointSun.illumination(objectKm: state.positionKm, sunKm: sun).isSunlit else {
            return nil
        }
        let objectITRS = rotation.itrsPositionKm(fromTEME: state.positionKm)
        let look = site.lookAngles(toITRSKm: objectITRS)
        guard look.elevationDeg > 0 else { return nil }
        let phase = phaseAngleDeg(objectKm: objectITRS, sunKm: rotation.itrsPositionKm(fromTEME: sun),
                                  observerKm: site.itrsKm)
        return estimate(standardMagnitude: standardMagnitude, rangeKm: look.rangeKm, phaseAngleDeg: phase)
    }
}
