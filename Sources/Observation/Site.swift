#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Astrodynamics

/// An observer on the ground: WGS 84 geodetic latitude and longitude (degrees, east positive) and height above
/// the WGS 84 ellipsoid.
///
/// Heights are given in metres on input (``init(name:latitudeDeg:longitudeDeg:heightMeters:)``) and kept in km
/// (``heightKm``). The Earth-fixed position and the local east/north/up basis (up = the ellipsoid normal) are
/// computed once, so look angles cost a handful of multiplications.
public struct Site: Sendable, Hashable, CustomStringConvertible {
    /// A name for display ("Seoul"); may be empty.
    public let name: String
    /// Geodetic latitude in degrees, −90 … 90.
    public let latitudeDeg: Double
    /// Longitude in degrees east, normalised to −180 … 180.
    public let longitudeDeg: Double
    /// Height above the WGS 84 ellipsoid in km.
    public let heightKm: Double
    /// The Earth-fixed (ITRS) position in km.
    public let itrsKm: Vector3
    /// Unit vector towards local east (ITRS).
    public let east: Vector3
    /// Unit vector towards local north (ITRS).
    public let north: Vector3
    /// Unit vector along the ellipsoid normal, up (ITRS).
    public let up: Vector3

    /// Creates a site from geodetic coordinates with the height in metres above the WGS 84 ellipsoid.
    ///
    /// - Throws: ``SiteError`` when a coordinate is not finite, the latitude is outside −90 … 90, the longitude
    ///   outside −360 … 360, or the height outside −12 … 100 km.
    public init(name: String = "", latitudeDeg: Double, longitudeDeg: Double, heightMeters: Double) throws(SiteError) {
        try self.init(name: name, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg, heightKm: heightMeters / 1000)
    }

    /// Creates a site from geodetic coordinates with the height in km above the WGS 84 ellipsoid.
    ///
    /// - Throws: ``SiteError`` as ``init(name:latitudeDeg:longitudeDeg:heightMeters:)``.
    public init(name: String = "", latitudeDeg: Double, longitudeDeg: Double, heightKm: Double) throws(SiteError) {
        guard latitudeDeg.isFinite, longitudeDeg.isFinite, heightKm.isFinite else {
            throw SiteError(.notFinite, "coordinates must be finite numbers")
        }
        guard (-90.0...90.0).contains(latitudeDeg) else {
            throw SiteError(.latitudeOutOfRange, "latitude \(latitudeDeg)° is outside -90 ... 90")
        }
        guard (-360.0...360.0).contains(longitudeDeg) else {
            throw SiteError(.longitudeOutOfRange, "longitude \(longitudeDeg)° is outside -360 ... 360")
        }
        guard (-12.0...100.0).contains(heightKm) else {
            throw SiteError(.heightOutOfRange, "height \(heightKm * 1000) m is outside -12 km ... 100 km")
        }
        self.init(unchecked: name, latitudeDeg, longitudeDeg, heightKm)
    }

    /// Creates a site from a geodetic position (WGS 84).
    ///
    /// - Throws: ``SiteError`` as ``init(name:latitudeDeg:longitudeDeg:heightKm:)``.
    public init(name: String = "", geodetic: GeodeticPosition) throws(SiteError) {
        try self.init(name: name, latitudeDeg: geodetic.latitudeDeg, longitudeDeg: geodetic.longitudeDeg,
                      heightKm: geodetic.heightKm)
    }

    /// Creates a site from values already known to be valid.
    init(unchecked name: String, _ latitudeDeg: Double, _ longitudeDeg: Double, _ heightKm: Double) {
        var lon = longitudeDeg.truncatingRemainder(dividingBy: 360)
        if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
        self.name = name
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = lon
        self.heightKm = heightKm
        let geodetic = GeodeticPosition(latitudeDeg: latitudeDeg, longitudeDeg: lon, heightKm: heightKm)
        itrsKm = geodetic.itrsKm
        let phi = latitudeDeg * (Double.pi / 180), lambda = lon * (Double.pi / 180)
        let sp = sin(phi), cp = cos(phi), sl = sin(lambda), cl = cos(lambda)
        east = Vector3(x: -sl, y: cl, z: 0)
        north = Vector3(x: -sp * cl, y: -sp * sl, z: cp)
        up = Vector3(x: cp * cl, y: cp * sl, z: sp)
    }

    /// The site as a geodetic position.
    public var geodetic: GeodeticPosition {
        GeodeticPosition(latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg, heightKm: heightKm)
    }

    /// Height above the WGS 84 ellipsoid in metres.
    public var heightMeters: Double { heightKm * 1000 }

    /// "name (lat°, lon°, h m)".
    public var description: String {
        "\(name.isEmpty ? "site" : name) (\(latitudeDeg)°, \(longitudeDeg)°, \(heightKm * 1000) m)"
    }
}

/// Why a site or a sites file was rejected.
public struct SiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Hashable {
        /// A coordinate is NaN or infinite.
        case notFinite
        /// Latitude outside −90 … 90.
        case latitudeOutOfRange
        /// Longitude outside −360 … 360.
        case longitudeOutOfRange
        /// Height outside −12 … 100 km.
        case heightOutOfRange
        /// A sites-file line does not have the four fields `name,lat,lon,height_m`.
        case wrongFieldCount
        /// A sites-file field is not a number.
        case notANumber
        /// A sites-file line has an empty name.
        case emptyName
        /// The file could not be read.
        case unreadableFile
        /// No built-in site has this name.
        case unknownName
    }

    /// What went wrong.
    public let kind: Kind
    /// Details for the reader.
    public let message: String
    /// The 1-based line of a sites file, when the error comes from one.
    public let line: Int?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, line: Int? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
    }

    /// "line 3: latitude 95.0° is outside -90 ... 90".
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

// MARK: - Sites files

extension Site {
    /// Reads sites from CSV text, one site a line: `name,latitude_deg,longitude_deg,height_m`.
    ///
    /// Blank lines and lines starting with `#` are skipped, as is a first line whose latitude field is not a
    /// number and reads `lat…` (a header such as `name,lat,lon,height_m`). Fields are trimmed of spaces; a name
    /// may be wrapped in double quotes to contain commas. LF, CRLF and CR line ends are accepted.
    ///
    /// - Throws: ``SiteError`` with the 1-based line number of the first bad line.
    public static func parseSites(csv text: String) throws(SiteError) -> [Site] {
        var sites: [Site] = []
        var lineNumber = 0
        for rawLine in splitLines(text) {
            lineNumber += 1
            let line = rawLine.trimmingSiteSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = splitCSV(line)
            if lineNumber == 1 || sites.isEmpty, fields.count >= 2,
               Double(fields[1]) == nil, fields[1].lowercased().hasPrefix("lat") {
                continue  // header
            }
            guard fields.count == 4 else {
                throw SiteError(.wrongFieldCount,
                                "expected 4 fields (name,lat,lon,height_m), found \(fields.count)", line: lineNumber)
            }
            let name = fields[0]
            guard !name.isEmpty else { throw SiteError(.emptyName, "the site name is empty", line: lineNumber) }
            var numbers: [Double] = []
            for (index, label) in [(1, "latitude"), (2, "longitude"), (3, "height_m")] {
                guard let value = Double(fields[index]) else {
                    throw SiteError(.notANumber, "\(label) '\(fields[index])' is not a number", line: lineNumber)
                }
                numbers.append(value)
            }
            do {
                sites.append(try Site(name: name, latitudeDeg: numbers[0], longitudeDeg: numbers[1],
                                      heightMeters: numbers[2]))
            } catch {
                throw SiteError(error.kind, error.message, line: lineNumber)
            }
        }
        return sites
    }

    /// Reads a sites file (see ``parseSites(csv:)`` for the format).
    ///
    /// - Throws: ``SiteError`` (`.unreadableFile` with the system's reason, or a parse error with its line).
    public static func readSites(atPath path: String) throws(SiteError) -> [Site] {
        guard let file = fopen(path, "rb") else {
            throw SiteError(.unreadableFile, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count {
                if ferror(file) != 0 {
                    throw SiteError(.unreadableFile, "cannot read \(path): \(String(cString: strerror(errno)))")
                }
                break
            }
        }
        return try parseSites(csv: String(decoding: bytes, as: UTF8.self))
    }

    /// Splits one CSV line; a field may be double-quoted (`""` inside quotes is a quote).
    static func splitCSV(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(String(Substring(current).trimmingSiteSpaces()))
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(String(Substring(current).trimmingSiteSpaces()))
        return fields
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSiteSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

// MARK: - Built-in sites

extension Site {
    /// A small list of well-known places: capitals, big cities, observatories and polar stations.
    ///
    /// Coordinates are rounded city-centre values (about 0.01°, ~1 km) from public gazetteers; heights are
    /// approximate ground heights taken as heights above the ellipsoid (the geoid, up to ±100 m, is ignored).
    /// Greenwich (the Royal Observatory), Santiago and Longyearbyen use the exact coordinates of the project's
    /// pass reference vectors. Good for examples and look-ups; survey your own site for precise work.
    public static let builtIn: [Site] = [
        Site(unchecked: "Greenwich", 51.4779, -0.0015, 0.046),
        Site(unchecked: "London", 51.5074, -0.1278, 0.011),
        Site(unchecked: "Paris", 48.8566, 2.3522, 0.035),
        Site(unchecked: "Berlin", 52.5200, 13.4050, 0.034),
        Site(unchecked: "Madrid", 40.4168, -3.7038, 0.667),
        Site(unchecked: "Rome", 41.9028, 12.4964, 0.021),
        Site(unchecked: "Moscow", 55.7558, 37.6173, 0.156),
        Site(unchecked: "Stockholm", 59.3293, 18.0686, 0.028),
        Site(unchecked: "Oslo", 59.9139, 10.7522, 0.023),
        Site(unchecked: "Helsinki", 60.1699, 24.9384, 0.017),
        Site(unchecked: "Reykjavik", 64.1466, -21.9426, 0.030),
        Site(unchecked: "Longyearbyen", 78.2232, 15.6267, 0.010),
        Site(unchecked: "Athens", 37.9838, 23.7275, 0.070),
        Site(unchecked: "Istanbul", 41.0082, 28.9784, 0.039),
        Site(unchecked: "Cairo", 30.0444, 31.2357, 0.023),
        Site(unchecked: "Nairobi", -1.2921, 36.8219, 1.795),
        Site(unchecked: "Lagos", 6.5244, 3.3792, 0.041),
        Site(unchecked: "Johannesburg", -26.2041, 28.0473, 1.753),
        Site(unchecked: "Cape Town", -33.9249, 18.4241, 0.025),
        Site(unchecked: "Dubai", 25.2048, 55.2708, 0.005),
        Site(unchecked: "New Delhi", 28.6139, 77.2090, 0.216),
        Site(unchecked: "Mumbai", 19.0760, 72.8777, 0.014),
        Site(unchecked: "Beijing", 39.9042, 116.4074, 0.044),
        Site(unchecked: "Shanghai", 31.2304, 121.4737, 0.004),
        Site(unchecked: "Hong Kong", 22.3193, 114.1694, 0.032),
        Site(unchecked: "Seoul", 37.5665, 126.9780, 0.038),
        Site(unchecked: "Tokyo", 35.6762, 139.6503, 0.040),
        Site(unchecked: "Singapore", 1.3521, 103.8198, 0.015),
        Site(unchecked: "Jakarta", -6.2088, 106.8456, 0.008),
        Site(unchecked: "Bangkok", 13.7563, 100.5018, 0.002),
        Site(unchecked: "Sydney", -33.8688, 151.2093, 0.058),
        Site(unchecked: "Melbourne", -37.8136, 144.9631, 0.031),
        Site(unchecked: "Auckland", -36.8485, 174.7633, 0.026),
        Site(unchecked: "Honolulu", 21.3069, -157.8583, 0.006),
        Site(unchecked: "Los Angeles", 34.0522, -118.2437, 0.089),
        Site(unchecked: "San Francisco", 37.7749, -122.4194, 0.016),
        Site(unchecked: "Denver", 39.7392, -104.9903, 1.609),
        Site(unchecked: "Chicago", 41.8781, -87.6298, 0.181),
        Site(unchecked: "Houston", 29.7604, -95.3698, 0.015),
        Site(unchecked: "Washington", 38.9072, -77.0369, 0.022),
        Site(unchecked: "New York", 40.7128, -74.0060, 0.010),
        Site(unchecked: "Toronto", 43.6532, -79.3832, 0.076),
        Site(unchecked: "Mexico City", 19.4326, -99.1332, 2.240),
        Site(unchecked: "Bogota", 4.7110, -74.0721, 2.640),
        Site(unchecked: "Lima", -12.0464, -77.0428, 0.154),
        Site(unchecked: "Santiago", -33.4489, -70.6693, 0.570),
        Site(unchecked: "Buenos Aires", -34.6037, -58.3816, 0.025),
        Site(unchecked: "Sao Paulo", -23.5505, -46.6333, 0.760),
        Site(unchecked: "Rio de Janeiro", -22.9068, -43.1729, 0.005),
        Site(unchecked: "McMurdo Station", -77.8419, 166.6863, 0.010),
    ]

    /// The built-in site with this name, ignoring case, spaces, hyphens and underscores ("seoul", "New_York").
    ///
    /// - Returns: `nil` when no built-in site has the name.
    public static func named(_ name: String) -> Site? {
        let key = normalisedSiteName(name)
        return builtIn.first { normalisedSiteName($0.name) == key }
    }

    /// Lower-case letters and digits only.
    static func normalisedSiteName(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
