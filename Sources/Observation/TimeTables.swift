#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif
public import Astrodynamics

/// Earth rotation and Sun positions over a time window, computed once and shared (read-only) by every object
/// and thread of a search.
///
/// Times are TT seconds since the window origin (``origin``). GMST 1982 of UT1 is computed exactly (through
/// ``Instant`` and ``EarthOrientation``) at anchors three hours apart and interpolated linearly between them
/// (the curvature of GMST over three hours is below 1e−12 rad). Velocities use the GMST rate
/// dθ/dt = 2π/86 400 s × (1 + 8 640 184.812 866 s / (86 400 s × 36 525)). A segment in which UT1 does not
/// advance uniformly with TT (a leap second while UT1 = UTC, or a jump in the EOP table) is detected at the
/// anchors and evaluated exactly at every call instead. Polar motion is taken at the middle of the window (it
/// changes by about 1 mas a day, 3 cm on the ground).
///
/// The Sun (apparent and geometric, TEME) is tabulated at the same anchors and interpolated quadratically
/// (three anchors); over three hours it moves 0.12°, and the interpolated position is off by less than 1e−9
/// of its distance (a linear interpolation every hour, as before, left 6e−8).
public struct ObservationTimeTables: Sendable {
    /// The window origin (t = 0).
    public let origin: Instant
    /// The covered length in seconds (times outside are computed exactly, more slowly).
    public let durationSeconds: Double
    /// Earth orientation in use.
    public let earthOrientation: EarthOrientation

    @usableFromInline static let anchorSpacingSeconds = 10_800.0
    @usableFromInline let thetaAnchors: [Double]
    @usableFromInline let thetaRates: [Double]
    @usableFromInline let exactSegments: [Bool]
    @usableFromInline let rateRadPerS: Double
    @usableFromInline let sunApparent: [Vector3]
    @usableFromInline let sunGeometric: [Vector3]
    @usableFromInline let gridCos: [Double]
    @usableFromInline let gridSin: [Double]
    @usableFromInline static let gridPerSegment = 37
    @usableFromInline static let gridSpacingSeconds = 300.0
    @usableFromInline static let perAnchorSpacing = 1 / 10_800.0
    @usableFromInline static let perGridSpacing = 1 / 300.0
    @usableFromInline let polarMotion: PolarMotion?
    @usableFromInline let hasPolarMotion: Bool
    @usableFromInline let cosXp: Double
    @usableFromInline let sinXp: Double
    @usableFromInline let cosYp: Double
    @usableFromInline let sinYp: Double

    /// Builds the tables for `[origin, origin + durationSeconds]`, padded by two anchors on each side.
    public init(origin: Instant, durationSeconds: Double, earthOrientation: EarthOrientation = .zero) {
        self.origin = origin
        let duration = max(0, durationSeconds.isFinite ? durationSeconds : 0)
        self.durationSeconds = duration
        self.earthOrientation = earthOrientation
        let count = Int((duration / Self.anchorSpacingSeconds).rounded(.up)) + 6
        var thetas: [Double] = []
        var apparent: [Vector3] = []
        var geometric: [Vector3] = []
        thetas.reserveCapacity(count)
        for k in 0..<count {
            let instant = origin.adding(seconds: Double(k - 2) * Self.anchorSpacingSeconds)
            thetas.append(instant.gmst1982Rad(earthOrientation: earthOrientation))
            let sun = SolarSystem.sunPositionsTEME(at: instant)
            apparent.append(sun.apparent)
            geometric.append(sun.geometric)
        }
        let t = origin.ttSecondsSinceJ2000 / (86_400 * 36_525)
        let rate = 2 * Double.pi / 86_400 * (1 + (8_640_184.812_866 + 2 * 0.093_104 * t) / (86_400 * 36_525))
        var exact: [Bool] = []
        var increments: [Double] = []
        for k in 0..<(count - 1) {
            var diff = thetas[k + 1] - thetas[k] - rate * Self.anchorSpacingSeconds
            diff = diff - 2 * Double.pi * (diff / (2 * Double.pi)).rounded()
            // A smooth UT1−UTC drift (~1 ms/day) is absorbed by interpolating between exact anchors; a jump
            // (leap second with UT1 = UTC, 7e−5 rad) is not, so that segment is evaluated exactly.
            exact.append(abs(diff) > 1e-7)
            increments.append((rate * Self.anchorSpacingSeconds + diff) / Self.anchorSpacingSeconds)
        }
        exact.append(true)
        increments.append(rate)
        thetaRates = increments
        thetaAnchors = thetas
        // cos/sin of GMST every five minutes inside each segment, for cheap rotations (see frame(…)).
        var gc: [Double] = [], gs: [Double] = []
        gc.reserveCapacity(count * Self.gridPerSegment)
        gs.reserveCapacity(count * Self.gridPerSegment)
        for k in 0..<count {
            // Rotate by the five-minute increment (complex multiplication), re-anchored every segment: the
            // accumulated rounding over 36 steps stays below 1e−14.
            let step = increments[k] * Self.gridSpacingSeconds
            let cStep = cos(step), sStep = sin(step)
            var c = cos(thetas[k]), sn = sin(thetas[k])
            for _ in 0..<Self.gridPerSegment {
                gc.append(c)
                gs.append(sn)
                (c, sn) = (c * cStep - sn * sStep, sn * cStep + c * sStep)
            }
        }
        gridCos = gc
        gridSin = gs
        exactSegments = exact
        rateRadPerS = rate
        sunApparent = apparent
        sunGeometric = geometric
        let eop = earthOrientation.parameters(at: origin.adding(seconds: duration / 2))
        hasPolarMotion = eop.xpRad != 0 || eop.ypRad != 0
        polarMotion = hasPolarMotion ? PolarMotion(xpRad: eop.xpRad, ypRad: eop.ypRad) : nil
        cosXp = cos(eop.xpRad)
        sinXp = sin(eop.xpRad)
        cosYp = cos(eop.ypRad)
        sinYp = sin(eop.ypRad)
    }

    /// GMST 1982 (radians, not reduced) at `t` seconds after ``origin``.
    @inlinable
    public func gmstRad(secondsSinceOrigin t: Double) -> Double {
        let x = t / Self.anchorSpacingSeconds + 2
        // x ≥ 0 makes the truncating conversion a floor (and keeps NaN out of it).
        guard x >= 0, x < Double(exactSegments.count), !exactSegments[Int(x)] else {
            return origin.adding(seconds: t).gmst1982Rad(earthOrientation: earthOrientation)
        }
        let k = Int(x)
        return thetaAnchors[k] + thetaRates[k] * (t - Double(k - 2) * Self.anchorSpacingSeconds)
    }

    /// The Sun in TEME (km) at `t` seconds after ``origin``, apparent or geometric.
    @inlinable
    public func sunTEME(secondsSinceOrigin t: Double, apparent: Bool) -> Vector3 {
        let x = t * Self.perAnchorSpacing + 2
        guard x >= 0, x + 2 < Double(sunApparent.count) else {
            return SolarSystem.sunPositionTEME(at: origin.adding(seconds: t), apparent: apparent)
        }
        let k = Int(x)
        let w = x - Double(k)
        // Lagrange weights on the anchors k, k + 1, k + 2 at w ∈ [0, 1).
        let l0 = 0.5 * (w - 1) * (w - 2), l1 = w * (2 - w), l2 = 0.5 * w * (w - 1)
        let table = apparent ? sunApparent : sunGeometric
        let a = table[k], b = table[k + 1], c = table[k + 2]
        return Vector3(x: l0 * a.x + l1 * b.x + l2 * c.x, y: l0 * a.y + l1 * b.y + l2 * c.y,
                       z: l0 * a.z + l1 * b.z + l2 * c.z)
    }

    /// The TEME → Earth-fixed rotation at `t` seconds after ``origin``.
    ///
    /// cos/sin of GMST come from the five-minute grid rotated by the remaining angle δ (|δ| ≤ 0.011 rad) with
    /// Taylor series to δ⁷ and δ⁸ (errors below 1e−20), instead of two libm calls. Segment and grid indices
    /// use multiplications by the reciprocal spacings: an index one off at a boundary only moves δ by one
    /// spacing's worth inside the same validity range.
    @inlinable @inline(__always)
    func frame(secondsSinceOrigin t: Double) -> EarthFrame {
        let x = t * Self.perAnchorSpacing + 2
        // x ≥ 0 makes the truncating conversions floors (no libm calls; NaN takes the exact path).
        guard x >= 0, x < Double(exactSegments.count), !exactSegments[Int(x)] else {
            let theta = gmstRad(secondsSinceOrigin: t)
            return EarthFrame(cosTheta: cos(theta), sinTheta: sin(theta), omega: rateRadPerS, polar: polarMotion)
        }
        let k = Int(x)
        let inSegment = max(0, t - Double(k - 2) * Self.anchorSpacingSeconds)
        let j = min(Self.gridPerSegment - 1, Int(inSegment * Self.perGridSpacing + 0.5))
        let d = thetaRates[k] * (inSegment - Self.gridSpacingSeconds * Double(j))
        let d2 = d * d
        let sinD = d * (1 - d2 * (1.0 / 6) * (1 - d2 * (1.0 / 20) * (1 - d2 * (1.0 / 42))))
        let cosD = 1 - d2 * 0.5 * (1 - d2 * (1.0 / 12) * (1 - d2 * (1.0 / 30) * (1 - d2 * (1.0 / 56))))
        let index = k * Self.gridPerSegment + j
        let c0 = gridCos[index], s0 = gridSin[index]
        return EarthFrame(cosTheta: c0 * cosD - s0 * sinD, sinTheta: s0 * cosD + c0 * sinD, omega: rateRadPerS,
                          polar: polarMotion)
    }
}

/// Polar motion rotation constants (a plain value, so that frames and the samples holding them copy without
/// reference counting).
@usableFromInline
struct PolarMotion: Sendable {
    @usableFromInline let cx: Double, sx: Double, cy: Double, sy: Double

    init(xpRad: Double, ypRad: Double) {
        cx = cos(xpRad)
        sx = sin(xpRad)
        cy = cos(ypRad)
        sy = sin(ypRad)
    }
}

/// The TEME → ITRS rotation at one instant (GMST rotation, Earth rotation for velocities, polar motion).
@usableFromInline
struct EarthFrame: Sendable {
    @usableFromInline let c: Double
    @usableFromInline let s: Double
    @usableFromInline let omega: Double
    @usableFromInline let polar: PolarMotion?

    @inlinable
    init(cosTheta: Double, sinTheta: Double, omega: Double, polar: PolarMotion?) {
        c = cosTheta
        s = sinTheta
        self.omega = omega
        self.polar = polar
    }

    @inlinable
    func pefToITRS(_ r: Vector3) -> Vector3 {
        guard let p = polar else { return r }
        let (cx, sx, cy, sy) = (p.cx, p.sx, p.cy, p.sy)
        return Vector3(x: cx * r.x + sx * r.z,
                       y: sx * sy * r.x + cy * r.y - cx * sy * r.z,
                       z: -sx * cy * r.x + sy * r.y + cx * cy * r.z)
    }

    @inlinable
    func itrsToPEF(_ r: Vector3) -> Vector3 {
        guard let p = polar else { return r }
        let (cx, sx, cy, sy) = (p.cx, p.sx, p.cy, p.sy)
        return Vector3(x: cx * r.x + sx * sy * r.y - sx * cy * r.z,
                       y: cy * r.y + sy * r.z,
                       z: sx * r.x - cx * sy * r.y + cx * cy * r.z)
    }

    /// TEME position → ITRS.
    @inlinable
    func position(_ r: Vector3) -> Vector3 {
        pefToITRS(Vector3(x: c * r.x + s * r.y, y: -s * r.x + c * r.y, z: r.z))
    }

    /// TEME state → ITRS position and velocity (v − ω × r).
    @inlinable @inline(__always)
    func state(_ r: Vector3, _ v: Vector3) -> (Vector3, Vector3) {
        let rp = Vector3(x: c * r.x + s * r.y, y: -s * r.x + c * r.y, z: r.z)
        let vr = Vector3(x: c * v.x + s * v.y, y: -s * v.x + c * v.y, z: v.z)
        let vp = Vector3(x: vr.x + omega * rp.y, y: vr.y - omega * rp.x, z: vr.z)
        return (pefToITRS(rp), pefToITRS(vp))
    }

    /// ITRS direction → TEME.
    @inlinable
    func temeDirection(fromITRS d: Vector3) -> Vector3 {
        let p = itrsToPEF(d)
        return Vector3(x: c * p.x - s * p.y, y: s * p.x + c * p.y, z: p.z)
    }
}
