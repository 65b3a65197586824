public import Astrodynamics
public import ElementSets
import Foundation
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
        /// Known from the SATCAT, launched within ``LaunchVerdict/staleDays`` of the data's end, with no public element
        /// set and no decay yet.
        case notCataloguedYet
        /// Known from the SATCAT without a decay date, launched more than ``LaunchVerdict/staleDays`` before the data's
        /// end, and without a public element set in the data: it re-entered after the SATCAT was made, or its orbit is
        /// not published.
        case noPublicElementSets
        /// No element set in the last ``LaunchVerdict/staleDays`` of the data, no SATCAT decay date, and its last sets
        /// forecast a re-entry before the data's end (see ``LaunchObjectVerdict/reentryForecast``): it has most likely
        /// re-entered.
        case presumedDecayed
        /// No element set in the last ``LaunchVerdict/staleDays`` of the data, no SATCAT decay date, and no forecast
        /// re-entry before the data's end: no longer tracked or published (or missing from the data ingested).
        case noRecentElementSets
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
    /// When an object in orbit (or one whose sets stopped) will re-enter or re-entered, if its element sets show
    /// decay (see ``DecayPredictor``).
    public var reentryForecast: DecayPrediction?
    /// The latest manoeuvre of an object in orbit within the last ``LaunchVerdict/manoeuvreWindowDays`` of its
    /// element sets with a confidence of at least ``LaunchVerdict/aliveConfidence`` (see ``ManoeuvreDetector``):
    /// whether it is alive.
    public var lastManoeuvre: Manoeuvre?
}

extension LaunchObjectVerdict.Verdict {
    /// The verdict as the command line and the HTTP service name it: "in orbit", "decayed", "short-lived",
    /// "sub-orbital", "not catalogued yet", "no public element sets", "presumed decayed" or "no recent element sets".
    public var name: String {
        switch self {
        case .inOrbit: "in orbit"
        case .decayed: "decayed"
        case .shortLived: "short-lived"
        case .subOrbital: "sub-orbital"
        case .notCataloguedYet: "not catalogued yet"
        case .noPublicElementSets: "no public element sets"
        case .presumedDecayed: "presumed decayed"
        case .noRecentElementSets: "no recent element sets"
        }
    }

    /// The SATCAT decay date (`YYYY-MM-DD`) of a decayed or short-lived object.
    public var decayDate: String? {
        switch self {
        case .decayed(let date), .shortLived(let date): date
        default: nil
        }
    }
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
    /// Days before the data's end within which an object in orbit has an element set (public sets of tracked objects
    /// come daily in low orbit and at least every few days higher up), and within which a launch's objects may still
    /// await their first public set.
    public static let staleDays = 30.0

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
    ///   - dataEnd: The newest epoch of the data the records come from (a store's or a snapshot's); objects whose
    ///     sets stop more than ``staleDays`` before it are judged as no longer tracked (`nil`: every object with sets
    ///     and no decay date is in orbit, every one without is not catalogued yet).
    ///   - forecaster: Predicts the re-entry of the objects still in orbit or whose sets stopped (`nil`: no forecasts).
    ///   - detector: Finds the last manoeuvre of the objects still in orbit (`nil`: none looked for).
    /// - Returns: One verdict per object, in international-designator order (pieces by length, then letters:
    ///   "2023-091Z" before "2023-091AA"), then catalog-number order; objects without a designator last.
    public static func assess(_ records: [LaunchObjectRecord], dataEnd: Instant? = nil,
                              forecaster: DecayPredictor? = DecayPredictor(),
                              detector: ManoeuvreDetector? = ManoeuvreDetector()) -> [LaunchObjectVerdict] {
        records.sorted { designatorPrecedes($0, $1) }.map {
            assess($0, dataEnd: dataEnd, forecaster: forecaster, detector: detector)
        }
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

    /// Judges one object (see ``assess(_:dataEnd:forecaster:detector:)-swift.type.method``); when it is in orbit
    /// or its sets stopped, with a re-entry forecast from `forecaster` if it is decaying, and when it is in orbit,
    /// its last manoeuvre from `detector` in its last ``manoeuvreWindowDays`` of sets.
    public static func assess(_ record: LaunchObjectRecord, dataEnd: Instant? = nil,
                              forecaster: DecayPredictor? = DecayPredictor(),
                              detector: ManoeuvreDetector? = ManoeuvreDetector()) -> LaunchObjectVerdict {
        let sets = record.elementSets.sorted { $0.epoch < $1.epoch }
        let latest = sets.last
        let latestHeights = latest.map { Self.heights(of: $0) }
        var verdict: LaunchObjectVerdict.Verdict
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
            if let dataEnd, let launch = record.launchDate.flatMap(instant(ofDate:)),
               dataEnd.seconds(since: launch) > staleDays * 86_400 {
                verdict = .noPublicElementSets
            }
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
            // Sets that stop well before the data's end: re-entered if the last ones say so, else no longer tracked.
            if let dataEnd, let latest, dataEnd.seconds(since: latest.epoch) > staleDays * 86_400 {
                verdict = forecast.map { $0.predictedReentry <= dataEnd } == true ? .presumedDecayed : .noRecentElementSets
            }
        }
        if verdict == .inOrbit {
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
        instant(ofDate: text)?.utcDayAndSeconds().mjd
    }

    /// 00:00 UTC of a `YYYY-MM-DD` date, or `nil` if it is not such a date.
    static func instant(ofDate text: String) -> Instant? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return Instant(utc: UTCComponents(year: y, month: m, day: d))
    }
}

/// An international designator as a user asks for a launch or one of its objects: "2023-091" or "2023-091A", or the
/// TLE's short form "23091" / "23091A" (two-digit years 57–99 are 1957–1999).
public struct LaunchDesignatorQuery: Sendable, Hashable {
    /// The launch, "2023-091".
    public var launch: String
    /// The piece, "A" to "ZZZ", when one object was asked for.
    public var piece: String?

    /// Parses `text` (case-insensitive, surrounding spaces and tabs ignored); `nil` unless it is a year of four digits, a
    /// hyphen and a launch number of three digits (or two year digits and the three launch digits), followed by at
    /// most three piece letters.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let year: Int, rest: Substring
        if t.count >= 8, t.dropFirst(4).first == "-", t.prefix(4).allSatisfy(Self.isDigit), let y = Int(t.prefix(4)) {
            (year, rest) = (y, t.dropFirst(5))
        } else if t.count >= 5, t.prefix(2).allSatisfy(Self.isDigit), let yy = Int(t.prefix(2)) {
            (year, rest) = (yy < 57 ? 2000 + yy : 1900 + yy, t.dropFirst(2))
        } else {
            return nil
        }
        let number = rest.prefix(3), letters = rest.dropFirst(3)
        guard year >= 1957, number.count == 3, number.allSatisfy(Self.isDigit), letters.count <= 3,
              letters.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return nil }
        launch = "\(year)-\(number)"
        piece = letters.isEmpty ? nil : String(letters)
    }

    /// Whether a catalogued designator ("2023-091AA") is the launch asked for, or exactly the piece asked for.
    public func matches(_ designator: String) -> Bool {
        let parts = LaunchVerdict.designatorParts(designator)
        return parts.launch == launch && (piece == nil || parts.piece == piece)
    }

    /// The designator as asked for, "2023-091" or "2023-091A".
    public var text: String { launch + (piece ?? "") }

    private static func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
}
