/// The Earth gravity constants SGP4 is evaluated with (the three sets of Vallado's `getgravconst`).
///
/// Element sets published by the US Space Force are fitted with ``wgs72``, which is the default everywhere.
public enum GravityModel: Sendable, Hashable, CaseIterable {
    /// WGS-72 with the rounded `xke` of the original Spacetrack Report #3 code.
    case wgs72old
    /// WGS-72, the model the public element sets are generated with.
    case wgs72
    /// WGS-84 (not consistent with published element sets; for comparisons only).
    case wgs84

    /// Earth's gravitational parameter µ, km³/s².
    public var muKm3PerS2: Double {
        switch self {
        case .wgs72old, .wgs72: return 398_600.8
        case .wgs84: return 398_600.5
        }
    }

    /// Earth's equatorial radius in kilometres (the SGP4 distance unit).
    public var earthRadiusKm: Double {
        switch self {
        case .wgs72old, .wgs72: return 6378.135
        case .wgs84: return 6378.137
        }
    }

    /// `xke`, √(µ/R³) in Earth radii^1.5 per minute: the mean-motion unit of SGP4.
    public var xke: Double {
        switch self {
        case .wgs72old:
            return 0.0743669161
        case .wgs72, .wgs84:
            let r = earthRadiusKm
            return 60.0 / (r * r * r / muKm3PerS2).squareRoot()
        }
    }

    /// Minutes per SGP4 time unit, `1 / xke`.
    public var minutesPerTimeUnit: Double { 1.0 / xke }

    /// The unnormalised second zonal harmonic J2.
    public var j2: Double {
        switch self {
        case .wgs72old, .wgs72: return 0.001082616
        case .wgs84: return 0.00108262998905
        }
    }

    /// The unnormalised third zonal harmonic J3.
    public var j3: Double {
        switch self {
        case .wgs72old, .wgs72: return -0.00000253881
        case .wgs84: return -0.00000253215306
        }
    }

    /// The unnormalised fourth zonal harmonic J4.
    public var j4: Double {
        switch self {
        case .wgs72old, .wgs72: return -0.00000165597
        case .wgs84: return -0.00000161098761
        }
    }
}
