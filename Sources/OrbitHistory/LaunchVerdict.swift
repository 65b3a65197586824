public import Astrodynamics
public import ElementSets
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What became of one catalogued object of a launch, judged from its SATCAT row and its element sets.
public struct LaunchObjectVerdict: Sendable, Hashable {
    /// The fate of an object.
    public enum Verdict: Sendable, Hashable {
        /// Still in orbit as far as the data shows.
        case inOrbit
        /// Re-entered on the given date (`YYYY-MM-DD`, from the SATCAT).
        case decayed(date: String)
        /// Re-entered within ``LaunchVerdict/shortLivedDays`` of launch.
        case shortLived(decayDate: String)
        /// Never completed an orbit: no element set with a perigee above the surface, or decayed on launch day
        /// without any element set.
        case subOrbital
        /// Known from the SATCAT but with no public element set and no decay yet.
        case notCataloguedYet
    }

    /// The catalog number.
    public var catalogNumber: CatalogNumber
    /// The international designator ("2023-091A").
    public var internationalDesignator: String?
    /// The object's name.
    public var name: String?
    /// The first element set's epoch.
    public var firstEpoch: Instant?
    /// The latest element set's epoch.
    public var latestEpoch: Instant?
    /// Perigee height above the equatorial radius (WGS-72, km) from the latest element set.
    public var perigeeHeightKm: Double?
    /// Apogee height above the equatorial radius (WGS-72, km) from the latest element set.
    public var apogeeHeightKm: Double?
    /// The verdict.
    public var verdict: Verdict
    /// When an object in orbit will re-enter, if its element sets show decay (see ``DecayPredictor``).
    public var reentryForecast: DecayPrediction?
    /// The latest manoeuvre of an object in orbit within the last ``LaunchVerdict/manoeuvreWindowDays`` of its
    /// element sets with a confidence of at least ``LaunchVerdict/aliveConfidence`` (see ``ManoeuvreDetector``):
    /// whether it is alive.
    public var lastManoeuvre: Manoeuvre?
}

/// One launch object as the verdict logic needs it: SATCAT facts and element sets.
public struct LaunchObjectRecord: Sendable, Hashable {
    /// The catalog number.
    public var catalogNumber: CatalogNumber
    /// The international designator.
    public var internationalDesignator: String?
    /// The name.
    public var name: String?
    /// Launch date `YYYY-MM-DD`, if known.
    public var launchDate: String?
    /// Decay date `YYYY-MM-DD`, if the object re-entered.
    public var decayDate: String?
    /// The object's element sets, in any order.
    public var elementSets: [ElementSet]

    /// Creates a record.
    public init(catalogNumber: CatalogNumber, internationalDesignator: String? = nil, name: String? = nil,
                launchDate: String? = nil, decayDate: String? = nil, elementSets: [ElementSet] = []) {
        self.catalogNumber = catalogNumber
        self.internationalDesignator = internationalDesignator
        self.name = name
        self.launchDate = launchDate
        self.decayDate = decayDate
        self.elementSets = elementSets
    }
}

/// Verdicts for the objects of one launch: in orbit, decayed, short-lived, sub-orbital, or not catalogued yet.
public enum LaunchVerdict {
    /// An object that re-entered within this many days of launch is short-lived.
    public static let shortLivedDays = 30
    /// Days of an object's latest element sets searched for its last manoeuvre.
    public static let manoeuvreWindowDays = 120.0
    /// Smallest confidence of a manoeuvre reported as an object's last: weaker detections include drag surges of
    /// geomagnetic storms on objects without propulsion (NUTSAT in 2023: 0.15 and 0.30; Hubble: 0.19).
    public static let aliveConfidence = 0.5

    /// WGS-72 gravitational parameter, km³/s² (the constants SGP4 element sets are fitted with).
    static let mu = 398_600.8
    /// WGS-72 equatorial radius, km.
    static let earthRadiusKm = 6_378.135

    /// Perigee and apogee heights (km above the WGS-72 equatorial radius) of a set's mean orbit.
    public static func heights(of set: ElementSet) -> (perigeeKm: Double, apogeeKm: Double) {
        let n = set.meanMotionRevPerDay * 2 * Double.pi / 86_400
        guard n > 0 else { return (-earthRadiusKm, -earthRadiusKm) }
        let a = cbrt(mu / (n * n))
        return (a * (1 - set.eccentricity) - earthRadiusKm, a * (1 + set.eccentricity) - earthRadiusKm)
    }

    /// Judges every object of a launch.
    ///
    /// - Parameters:
    ///   - records: The launch's objects (SATCAT rows with their element sets).
    ///   - forecaster: Predicts the re-entry of the objects still in orbit (`nil`: no forecasts).
    ///   - detector: Finds the last manoeuvre of the objects still in orbit (`nil`: none looked for).
    /// - Returns: One verdict per object, in international-designator order (pieces by length, then letters:
    ///   "2023-091Z" before "2023-091AA"), then catalog-number order; objects without a designator last.
    public static func assess(_ records: [LaunchObjectRecord], forecaster: DecayPredictor? = DecayPredictor(),
                              detector: ManoeuvreDetector? = ManoeuvreDetector()) -> [LaunchObjectVerdict] {
        records.sorted { designatorPrecedes($0, $1) }.map { assess($0, forecaster: forecaster, detector: detector) }
    }

    /// Whether `a` sorts before `b`: launch ("2023-091"), then piece length, then piece letters, then catalog
    /// number; objects without a designator go last.
    static func designatorPrecedes(_ a: LaunchObjectRecord, _ b: LaunchObjectRecord) -> Bool {
        switch (a.internationalDesignator.map(designatorParts), b.internationalDesignator.map(designatorParts)) {
        case (nil, nil): return a.catalogNumber.rawValue < b.catalogNumber.rawValue
        case (nil, _): return false
        case (_, nil): return true
        case let (x?, y?):
            if x.launch != y.launch { return x.launch < y.launch }
            if x.piece.count != y.piece.count { return x.piece.count < y.piece.count }
            if x.piece != y.piece { return x.piece < y.piece }
            return a.catalogNumber.rawValue < b.catalogNumber.rawValue
        }
    }

    /// "2023-091AA" → ("2023-091", "AA"): the launch is everything up to the last digit, the piece the letters after.
    static func designatorParts(_ designator: String) -> (launch: String, piece: String) {
        let text = designator.uppercased()
        guard let lastDigit = text.lastIndex(where: \.isNumber) else { return (text, "") }
        let split = text.index(after: lastDigit)
        return (String(text[..<split]), String(text[split...]))
    }

    /// Judges one object; when it is in orbit, with a re-entry forecast from `forecaster` if it is decaying and
    /// its last manoeuvre from `detector` in its last ``manoeuvreWindowDays`` of sets.
    public static func assess(_ record: LaunchObjectRecord, forecaster: DecayPredictor? = DecayPredictor(),
                              detector: ManoeuvreDetector? = ManoeuvreDetector()) -> LaunchObjectVerdict {
        let sets = record.elementSets.sorted { $0.epoch < $1.epoch }
        let latest = sets.last
        let latestHeights = latest.map { Self.heights(of: $0) }
        let verdict: LaunchObjectVerdict.Verdict
        if let decay = record.decayDate {
            let days = record.launchDate.flatMap { launch in daysBetween(launch, decay) }
            if sets.isEmpty, let days, days <= 1 {
                verdict = .subOrbital
            } else if let days, days < shortLivedDays {
                verdict = .shortLived(decayDate: decay)
            } else {
                verdict = .decayed(date: decay)
            }
        } else if sets.isEmpty {
            verdict = .notCataloguedYet
        } else if sets.allSatisfy({ Self.heights(of: $0).perigeeKm < 0 }) {
            verdict = .subOrbital
        } else {
            verdict = .inOrbit
        }
        var forecast: DecayPrediction? = nil
        var lastManoeuvre: Manoeuvre? = nil
        if verdict == .inOrbit {
            let history = ElementHistory(catalogNumber: record.catalogNumber, elementSets: sets)
            forecast = forecaster.flatMap { try? $0.predict(history) }
            if let detector, let latest {
                let start = latest.epoch.adding(seconds: -manoeuvreWindowDays * 86_400)
                let recent = ElementHistory(catalogNumber: record.catalogNumber,
                                            elementSets: sets.filter { $0.epoch >= start })
                lastManoeuvre = detector.manoeuvres(in: recent).last { $0.confidence >= aliveConfidence }
            }
        }
        return LaunchObjectVerdict(
            catalogNumber: record.catalogNumber, internationalDesignator: record.internationalDesignator,
            name: record.name ?? latest?.objectName, firstEpoch: sets.first?.epoch, latestEpoch: latest?.epoch,
            perigeeHeightKm: latestHeights?.perigeeKm, apogeeHeightKm: latestHeights?.apogeeKm, verdict: verdict,
            reentryForecast: forecast, lastManoeuvre: lastManoeuvre)
    }

    /// Whole days from one `YYYY-MM-DD` date to another, or `nil` if either is not such a date.
    static func daysBetween(_ from: String, _ to: String) -> Int? {
        guard let a = dayNumber(from), let b = dayNumber(to) else { return nil }
        return b - a
    }

    private static func dayNumber(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let instant = Instant(utc: UTCComponents(year: y, month: m, day: d))
        return instant.utcDayAndSeconds().mjd
    }
}
