#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// The rotation between TEME and ITRS at one instant, ready to apply to many states.
///
/// TEME → PEF is a rotation about z by GMST (IAU 1982, from UT1); PEF → ITRS applies polar motion,
/// r_ITRS = Wᵀ r_PEF with W = R2(xp) R1(yp) (the TIO locator s′, below 0.1 mas, is neglected). Velocities also
/// remove Earth's rotation, ω × r_PEF, with ω = 7.292 115 146 706 979e−5 × (1 − LOD/86 400) rad/s. This is the
/// TEME convention of Vallado et al., "Revisiting Spacetrack Report #3" (AIAA 2006-6753): GMST without the
/// equation of the equinoxes, since TEME already includes it.
@frozen
public struct TEMEToITRSRotation: Sendable, Hashable {
    /// Earth's nominal rotation rate in rad/s (the IERS value used with GMST 1982 in SGP4 practice).
    public static let nominalEarthRotationRadPerS = 7.292_115_146_706_979e-5

    /// Greenwich mean sidereal time in radians.
    public let gmstRad: Double
    /// Polar motion x in radians.
    public let xpRad: Double
    /// Polar motion y in radians.
    public let ypRad: Double
    /// Earth's rotation rate in rad/s, corrected for the excess length of day.
    public let earthRotationRadPerS: Double

    @usableFromInline let cosTheta: Double
    @usableFromInline let sinTheta: Double
    @usableFromInline let cosXp: Double
    @usableFromInline let sinXp: Double
    @usableFromInline let cosYp: Double
    @usableFromInline let sinYp: Double

    /// Creates the rotation from its angles.
    @inlinable
    public init(gmstRad: Double, xpRad: Double = 0, ypRad: Double = 0, lodSeconds: Double = 0) {
        self.gmstRad = gmstRad
        self.xpRad = xpRad
        self.ypRad = ypRad
        self.earthRotationRadPerS = Self.nominalEarthRotationRadPerS * (1 - lodSeconds / 86_400)
        cosTheta = cos(gmstRad)
        sinTheta = sin(gmstRad)
        cosXp = cos(xpRad)
        sinXp = sin(xpRad)
        cosYp = cos(ypRad)
        sinYp = sin(ypRad)
    }

    /// The rotation at an instant, with UT1 − UTC, polar motion and LOD from `earthOrientation`.
    public init(at instant: Instant, earthOrientation: EarthOrientation = .zero,
                leapSeconds: LeapSecondTable = .builtIn) {
        let eop = earthOrientation.parameters(at: instant, leapSeconds: leapSeconds)
        self.init(gmstRad: instant.gmst1982Rad(earthOrientation: earthOrientation, leapSeconds: leapSeconds),
                  xpRad: eop.xpRad, ypRad: eop.ypRad, lodSeconds: eop.lodSeconds)
    }

    /// TEME → PEF position (rotation about z by GMST).
    @inlinable
    func pef(fromTEME r: Vector3) -> Vector3 {
        Vector3(x: cosTheta * r.x + sinTheta * r.y, y: -sinTheta * r.x + cosTheta * r.y, z: r.z)
    }

    /// PEF → TEME (the inverse rotation).
    @inlinable
    func teme(fromPEF r: Vector3) -> Vector3 {
        Vector3(x: cosTheta * r.x - sinTheta * r.y, y: sinTheta * r.x + cosTheta * r.y, z: r.z)
    }

    /// PEF → ITRS: Wᵀ r.
    @inlinable
    func itrs(fromPEF r: Vector3) -> Vector3 {
        Vector3(x: cosXp * r.x + sinXp * r.z,
                y: sinXp * sinYp * r.x + cosYp * r.y - cosXp * sinYp * r.z,
                z: -sinXp * cosYp * r.x + sinYp * r.y + cosXp * cosYp * r.z)
    }

    /// ITRS → PEF: W r.
    @inlinable
    func pef(fromITRS r: Vector3) -> Vector3 {
        Vector3(x: cosXp * r.x + sinXp * sinYp * r.y - sinXp * cosYp * r.z,
                y: cosYp * r.y + sinYp * r.z,
                z: sinXp * r.x - cosXp * sinYp * r.y + cosXp * cosYp * r.z)
    }

    /// A TEME position (km) in ITRS.
    @inlinable
    public func itrsPositionKm(fromTEME r: Vector3) -> Vector3 { itrs(fromPEF: pef(fromTEME: r)) }

    /// An ITRS position (km) in TEME.
    @inlinable
    public func temePositionKm(fromITRS r: Vector3) -> Vector3 { teme(fromPEF: pef(fromITRS: r)) }

    /// A TEME state in ITRS (velocity relative to the rotating Earth).
    @inlinable
    public func itrs(_ state: StateVector<TEME>) -> StateVector<ITRS> {
        let r = pef(fromTEME: state.positionKm)
        let w = earthRotationRadPerS
        let rotated = pef(fromTEME: state.velocityKmPerS)
        // v_PEF = R v_TEME − ω × r_PEF, with ω along z.
        let v = Vector3(x: rotated.x + w * r.y, y: rotated.y - w * r.x, z: rotated.z)
        return StateVector(positionKm: itrs(fromPEF: r), velocityKmPerS: itrs(fromPEF: v))
    }

    /// An ITRS state in TEME (the inverse of ``itrs(_:)``).
    @inlinable
    public func teme(_ state: StateVector<ITRS>) -> StateVector<TEME> {
        let r = pef(fromITRS: state.positionKm)
        let v = pef(fromITRS: state.velocityKmPerS)
        let w = earthRotationRadPerS
        // v_TEME = Rᵀ (v_PEF + ω × r_PEF).
        let inertial = Vector3(x: v.x - w * r.y, y: v.y + w * r.x, z: v.z)
        return StateVector(positionKm: teme(fromPEF: r), velocityKmPerS: teme(fromPEF: inertial))
    }
}

extension StateVector where Frame == TEME {
    /// This TEME state in the Earth-fixed ITRS at `instant` (GMST 1982 from UT1, Earth rotation with LOD, then
    /// polar motion; see ``TEMEToITRSRotation``). With the default `.zero` UT1 = UTC and there is no polar
    /// motion.
    public func itrs(at instant: Instant, earthOrientation: EarthOrientation = .zero,
                     leapSeconds: LeapSecondTable = .builtIn) -> StateVector<ITRS> {
        TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation, leapSeconds: leapSeconds).itrs(self)
    }
}

extension StateVector where Frame == ITRS {
    /// This ITRS state in TEME at `instant` (the inverse of ``StateVector/itrs(at:earthOrientation:leapSeconds:)``).
    public func teme(at instant: Instant, earthOrientation: EarthOrientation = .zero,
                     leapSeconds: LeapSecondTable = .builtIn) -> StateVector<TEME> {
        TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation, leapSeconds: leapSeconds).teme(self)
    }

    /// The WGS 84 geodetic position of this state.
    @inlinable
    public var geodetic: GeodeticPosition { GeodeticPosition(itrsKm: positionKm) }
}
