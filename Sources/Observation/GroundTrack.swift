#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Astrodynamics
public import Propagation

/// The point on the WGS 84 ellipsoid below an object (along the ellipsoid normal), with the object's height.
public struct SubsatellitePoint: Sendable, Hashable {
    /// When.
    public var instant: Instant
    /// Geodetic latitude in degrees.
    public var latitudeDeg: Double
    /// Longitude in degrees east, −180 … 180.
    public var longitudeDeg: Double
    /// The object's height above the ellipsoid in km.
    public var heightKm: Double

    /// Creates a point.
    public init(instant: Instant, latitudeDeg: Double, longitudeDeg: Double, heightKm: Double) {
        self.instant = instant
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.heightKm = heightKm
    }
}

/// Sub-satellite points and ground tracks.
public enum GroundTrack {
    /// The sub-satellite point of a TEME state at `instant` (GMST 1982 of UT1; UT1 = UTC by default).
    public static func subsatellitePoint(of state: StateVector<TEME>, at instant: Instant,
                                         earthOrientation: EarthOrientation = .zero) -> SubsatellitePoint {
        let rotation = TEMEToITRSRotation(at: instant, earthOrientation: earthOrientation)
        let g = GeodeticPosition(itrsKm: rotation.itrsPositionKm(fromTEME: state.positionKm))
        return SubsatellitePoint(instant: instant, latitudeDeg: g.latitudeDeg, longitudeDeg: g.longitudeDeg,
                                 heightKm: g.heightKm)
    }

    /// Sub-satellite points every `stepSeconds` from `start` to `end` (both included).
    ///
    /// - Throws: ``SGP4Error`` if propagation fails.
    public static func points(for propagator: SGP4Propagator, from start: Instant, to end: Instant,
                              stepSeconds: Double, earthOrientation: EarthOrientation = .zero) throws(SGP4Error)
        -> [SubsatellitePoint]
    {
        let span = end.seconds(since: start)
        guard span >= 0, stepSeconds > 0, stepSeconds.isFinite else { return [] }
        let tables = ObservationTimeTables(origin: start, durationSeconds: span, earthOrientation: earthOrientation)
        let count = Int((span / stepSeconds).rounded(.down))
        var times = (0...count).map { Double($0) * stepSeconds }
        if let last = times.last, last < span { times.append(span) }
        let offset = start.minutes(since: propagator.elementSet.epoch)
        var result: [SubsatellitePoint] = []
        result.reserveCapacity(times.count)
        for t in times {
            let state = try propagator.state(minutesSinceEpoch: offset + t / 60)
            let g = GeodeticPosition(itrsKm: tables.frame(secondsSinceOrigin: t).position(state.positionKm))
            result.append(SubsatellitePoint(instant: start.adding(seconds: t), latitudeDeg: g.latitudeDeg,
                                            longitudeDeg: g.longitudeDeg, heightKm: g.heightKm))
        }
        return result
    }
}

/// The region on the ground from which an object is above a minimum elevation: a circle around the
/// sub-satellite point.
///
/// Computed on a sphere whose radius is the ellipsoid's geocentric radius at the sub-satellite point: the
/// central angle λ satisfies cos(λ + ε) = R cos ε / r for minimum elevation ε and object radius r. Against the
/// exact ellipsoid the boundary is off by up to about 0.2° in latitude-dependent directions (the
/// geodetic/geocentric vertical difference); use look angles for exact tests.
public struct VisibilityFootprint: Sendable, Hashable {
    /// The centre.
    public var center: SubsatellitePoint
    /// The minimum elevation in degrees.
    public var minimumElevationDeg: Double
    /// The circle's radius as an Earth central angle in degrees (0 when the object is below the surface).
    public var angularRadiusDeg: Double
    /// The circle's radius along the surface in km.
    public var groundRadiusKm: Double

    /// The footprint of an object at `center` for `minimumElevationDeg`.
    public init(center: SubsatellitePoint, minimumElevationDeg: Double = 0) {
        self.center = center
        self.minimumElevationDeg = minimumElevationDeg
        let surface = GeodeticPosition(latitudeDeg: center.latitudeDeg, longitudeDeg: center.longitudeDeg, heightKm: 0).itrsKm
        let radius = surface.length
        let objectRadius = GeodeticPosition(latitudeDeg: center.latitudeDeg, longitudeDeg: center.longitudeDeg,
                                            heightKm: center.heightKm).itrsKm.length
        let e = minimumElevationDeg * Double.pi / 180
        let x = radius * cos(e) / objectRadius
        let lambda = x < 1 && objectRadius > radius ? max(0, acos(x) - e) : 0
        angularRadiusDeg = lambda * 180 / Double.pi
        groundRadiusKm = lambda * radius
    }

    /// `pointCount` points on the boundary (height 0), starting due north and going clockwise.
    public func boundary(pointCount: Int = 72) -> [GeodeticPosition] {
        let n = max(3, pointCount)
        let lat1 = center.latitudeDeg * Double.pi / 180, lon1 = center.longitudeDeg * Double.pi / 180
        let d = angularRadiusDeg * Double.pi / 180
        return (0..<n).map { i in
            let bearing = 2 * Double.pi * Double(i) / Double(n)
            let lat2 = asin(max(-1, min(1, sin(lat1) * cos(d) + cos(lat1) * sin(d) * cos(bearing))))
            let lon2 = lon1 + atan2(sin(bearing) * sin(d) * cos(lat1), cos(d) - sin(lat1) * sin(lat2))
            var lonDeg = lon2 * 180 / Double.pi
            lonDeg = lonDeg.truncatingRemainder(dividingBy: 360)
            if lonDeg > 180 { lonDeg -= 360 } else if lonDeg < -180 { lonDeg += 360 }
            return GeodeticPosition(latitudeDeg: lat2 * 180 / Double.pi, longitudeDeg: lonDeg, heightKm: 0)
        }
    }
}
