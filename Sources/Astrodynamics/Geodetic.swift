#if canImport(Glibc)
public import Glibc
#elseif canImport(Musl)
public import Musl
#elseif canImport(Darwin)
public import Darwin
#endif

/// The WGS 84 reference ellipsoid.
public enum WGS84 {
    /// Equatorial radius (semi-major axis) in km.
    public static let equatorialRadiusKm = 6378.137
    /// Flattening.
    public static let flattening = 1 / 298.257_223_563
    /// First eccentricity squared, f(2 − f).
    public static let eccentricitySquared = flattening * (2 - flattening)
    /// Polar radius (semi-minor axis) in km.
    public static let polarRadiusKm = equatorialRadiusKm * (1 - flattening)
}

/// A position as WGS 84 geodetic latitude, longitude and height above the ellipsoid.
public struct GeodeticPosition: Sendable, Hashable {
    /// Geodetic latitude in degrees, −90 … 90.
    public var latitudeDeg: Double
    /// Longitude in degrees east, −180 … 180.
    public var longitudeDeg: Double
    /// Height above the WGS 84 ellipsoid in km.
    public var heightKm: Double

    /// Creates a geodetic position.
    @inlinable
    public init(latitudeDeg: Double, longitudeDeg: Double, heightKm: Double) {
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.heightKm = heightKm
    }

    /// The geodetic position of an ITRS (Earth-fixed) position in km.
    ///
    /// Uses Vermeille's closed-form solution (J. Geodesy 76, 2002), exact up to rounding (round trips agree to
    /// ~1e−12 km) at all heights from the ellipsoid's evolute outwards, including the poles (latitude exactly
    /// ±90°, longitude 0) and the equator. Within about 43 km of the Earth's centre, where the geodetic
    /// coordinates are not unique, an approximate but finite answer is returned.
    @inlinable
    public init(itrsKm r: Vector3) {
        let a = WGS84.equatorialRadiusKm
        let e2 = WGS84.eccentricitySquared
        let e4 = e2 * e2
        let rho2 = r.x * r.x + r.y * r.y
        let rho = rho2.squareRoot()
        let p = rho2 / (a * a)
        let q = (1 - e2) * r.z * r.z / (a * a)
        let rr = (p + q - e4) / 6
        let latitudeRad: Double
        let heightKm: Double
        if rr > 0 {
            let s = e4 * p * q / (4 * rr * rr * rr)
            let t = cbrt(1 + s + (s * (2 + s)).squareRoot())
            let u = rr * (1 + t + 1 / t)
            let v = (u * u + e4 * q).squareRoot()
            let w = e2 * (u + v - q) / (2 * v)
            let k = (u + v + w * w).squareRoot() - w
            let d = k * rho / (k + e2)
            let dz = (d * d + r.z * r.z).squareRoot()
            latitudeRad = 2 * atan2(r.z, d + dz)
            heightKm = (k + e2 - 1) / k * dz
        } else {
            // Inside the evolute (near the centre): take the normal through the point's ellipse direction.
            latitudeRad = atan2(r.z, rho * (1 - e2))
            let sinLat = sin(latitudeRad)
            let n = a / (1 - e2 * sinLat * sinLat).squareRoot()
            heightKm = rho * cos(latitudeRad) + r.z * sinLat - n * (1 - e2 * sinLat * sinLat)
        }
        self.latitudeDeg = latitudeRad * (180 / Double.pi)
        self.longitudeDeg = (rho2 == 0 ? 0 : atan2(r.y, r.x)) * (180 / Double.pi)
        self.heightKm = heightKm
    }

    /// The ITRS (Earth-fixed) position in km.
    @inlinable
    public var itrsKm: Vector3 {
        let a = WGS84.equatorialRadiusKm
        let e2 = WGS84.eccentricitySquared
        let latitudeRad = latitudeDeg * (Double.pi / 180)
        let longitudeRad = longitudeDeg * (Double.pi / 180)
        let sinLat = sin(latitudeRad)
        let cosLat = cos(latitudeRad)
        let n = a / (1 - e2 * sinLat * sinLat).squareRoot()
        return Vector3(x: (n + heightKm) * cosLat * cos(longitudeRad),
                       y: (n + heightKm) * cosLat * sin(longitudeRad),
                       z: (n * (1 - e2) + heightKm) * sinLat)
    }
}
