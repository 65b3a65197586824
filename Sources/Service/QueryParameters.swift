public import Astrodynamics
public import ElementSets
public import Hummingbird
public import Observation

/// The query parameters of one request, read with typed errors that name the parameter and what was expected.
public struct QueryParameters: Sendable {
    private var values: [String: [String]] = [:]

    /// Reads the query of `request` (percent-decoded).
    public init(_ request: Request) {
        for (key, value) in request.uri.queryParameters {
            values[String(key), default: []].append(String(value))
        }
    }

    /// Creates parameters from a dictionary (for tests).
    public init(_ values: [String: [String]]) {
        self.values = values
    }

    /// The single value of `name`, or `nil` when absent; 400 when given more than once.
    public func string(_ name: String) throws(ServiceError) -> String? {
        guard let list = values[name] else { return nil }
        guard list.count == 1, let only = list.first else {
            throw .badParameter(name, "give \(name) once, not \(list.count) times")
        }
        return only
    }

    /// Every value of `name` (repeated parameters and comma-separated lists).
    public func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// An ISO 8601 instant, `fallback` when absent.
    public func instant(_ name: String, default fallback: Instant) throws(ServiceError) -> Instant {
        guard let text = try string(name) else { return fallback }
        return try Self.parseInstant(text, name: name)
    }

    /// An optional ISO 8601 instant.
    public func instant(_ name: String) throws(ServiceError) -> Instant? {
        guard let text = try string(name) else { return nil }
        return try Self.parseInstant(text, name: name)
    }

    static func parseInstant(_ text: String, name: String) throws(ServiceError) -> Instant {
        do {
            let instant = try Instant(iso8601: text)
            // Far outside the range any element set describes; also keeps later arithmetic finite.
            guard instant.ttSecondsSinceJ2000.isFinite, abs(instant.ttSecondsSinceJ2000) < 200 * 365.25 * 86_400 else {
                throw ServiceError.badParameter(name, "\(name) must be a time between 1800 and 2199, got \"\(text)\"")
            }
            return instant
        } catch let error as ServiceError {
            throw error
        } catch {
            throw .badParameter(name, "\(name) must be an ISO 8601 UTC time such as 2024-03-01T12:00:00Z, got \"\(text)\": \(error)")
        }
    }

    /// A finite number within `range`, `fallback` when absent.
    public func double(_ name: String, default fallback: Double? = nil, in range: ClosedRange<Double>,
                       unit: String = "") throws(ServiceError) -> Double? {
        guard let text = try string(name) else { return fallback }
        guard let value = Double(text), value.isFinite else {
            throw .badParameter(name, "\(name) must be a number, got \"\(text)\"")
        }
        guard range.contains(value) else {
            throw .badParameter(name, "\(name) must be between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound))\(unit), got \(text)",
                                limit: "\(Self.plain(range.lowerBound))...\(Self.plain(range.upperBound))\(unit)")
        }
        return value
    }

    /// A required finite number within `range`.
    public func requiredDouble(_ name: String, in range: ClosedRange<Double>, unit: String = "") throws(ServiceError) -> Double {
        guard let value = try double(name, in: range, unit: unit) else {
            throw .badParameter(name, "\(name) is required")
        }
        return value
    }

    /// An integer within `range`, `fallback` when absent.
    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ServiceError) -> Int {
        guard let text = try string(name) else { return fallback }
        guard let value = Int(text) else {
            throw .badParameter(name, "\(name) must be a whole number, got \"\(text)\"")
        }
        guard range.contains(value) else {
            throw .badParameter(name, "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)",
                                limit: "\(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// A catalog number from text (1 … 999,999,999), naming `name` on failure.
    public static func catalogNumber(_ text: String, name: String) throws(ServiceError) -> CatalogNumber {
        guard let value = Int(text.trimmingBlanks()), let number = CatalogNumber(value) else {
            throw .badParameter(name, "\(name) must be a catalog number from 1 to \(CatalogNumber.maximum), got \"\(text)\"")
        }
        return number
    }

    /// The listed catalog numbers (repeated or comma-separated), at most `maximum`.
    public func catalogNumbers(_ name: String, maximum: Int) throws(ServiceError) -> [CatalogNumber] {
        let items = list(name)
        guard items.count <= maximum else {
            throw .badParameter(name, "at most \(maximum) catalog numbers per request, got \(items.count)", limit: String(maximum))
        }
        var numbers: [CatalogNumber] = []
        var seen = Set<CatalogNumber>()
        for item in items {
            let number = try Self.catalogNumber(item, name: name)
            if seen.insert(number).inserted { numbers.append(number) }
        }
        return numbers
    }

    /// The observer: `latitude`, `longitude` and optional `height_m`, or `site` naming a built-in place.
    public func site() throws(ServiceError) -> Site {
        if let name = try string("site") {
            guard let site = Site.named(name) else {
                throw .badParameter("site", "no built-in site called \"\(name)\"; GET /api/v1/sites lists them")
            }
            return site
        }
        let latitude = try requiredDouble("latitude", in: -90...90, unit: " degrees")
        let longitude = try requiredDouble("longitude", in: -180...360, unit: " degrees")
        let height = try double("height_m", default: 0, in: -500...10_000, unit: " m") ?? 0
        do {
            return try Site(name: "", latitudeDeg: latitude, longitudeDeg: longitude, heightMeters: height)
        } catch {
            throw .badParameter("latitude", "the site is not valid: \(error)")
        }
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingBlanks() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// A time span such as `1d`, `6h`, `90m` or `30s`, or a plain number of seconds.
func parseSpanSeconds(_ text: String, name: String) throws(ServiceError) -> Double {
    let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
    var number = Substring(text)
    var scale = 1.0
    if let last = text.last, let unit = units[last] {
        number = text.dropLast()
        scale = unit
    }
    guard let value = Double(number), value.isFinite, value > 0 else {
        throw .badParameter(name, "\(name) must be a positive number with d, h, m or s (for example 1d or 6h), got \"\(text)\"")
    }
    return value * scale
}
