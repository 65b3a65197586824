import Astrodynamics
import ElementSets
import Foundation
import Observation
import Propagation

/// The path of a file in `Tests/ObservationTests/Fixtures`.
func fixturePath(_ name: String, file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast()
    return parts.joined(separator: "/") + "/Fixtures/" + name
}

/// An instant from POSIX seconds (UTC, no leap seconds).
func instant(unix: Double) -> Instant {
    let day = (unix / 86_400).rounded(.down)
    let seconds = unix - day * 86_400
    return Instant(utcMJD: 40_587 + Int(day), fractionOfDay: seconds / 86_400)
}

/// POSIX seconds of an instant.
func unix(_ t: Instant) -> Double {
    let (mjd, seconds) = t.utcDayAndSeconds()
    return Double(mjd - 40_587) * 86_400 + seconds
}

/// The pass reference vectors (`Fixtures/pass-vectors/passes_ut1_utc.json`, schema satkit-pass-vectors/1).
struct PassVectors: Decodable, Sendable {
    struct Window: Decodable, Sendable { var startUnix: Double; var endUnix: Double }
    struct SiteJSON: Decodable, Sendable { var latDeg: Double; var lonDeg: Double; var heightM: Double }
    struct Satellite: Decodable, Sendable { var name: String; var line1: String; var line2: String }
    struct Event: Decodable, Sendable {
        var unix: Double
        var utc: String
        var azDeg: Double
        var elDeg: Double?
        var rangeKm: Double
        var satSunlit: Bool
        var sunElDeg: Double
    }
    struct Transition: Decodable, Sendable { var unix: Double; var entersSunlight: Bool }
    struct PassJSON: Decodable, Sendable {
        var rise: Event
        var culmination: Event
        var set: Event
        var durationS: Double
        var visibleAtCulmination: Bool
        var shadowTransitions: [Transition]
        var nCulminations: Int
        var flags: [String]
    }
    struct PassList: Decodable, Sendable { var norad: Int; var site: String; var minElDeg: Double; var passes: [PassJSON] }
    struct Sample: Decodable, Sendable {
        var unix: Double
        var azDeg: Double
        var elDeg: Double
        var rangeKm: Double
        var rangeRateKmS: Double
        var elRateDegS: Double
        var temeRKm: [Double]
        var temeVKmS: [Double]
        var subpointLatDeg: Double
        var subpointLonDeg: Double
        var subpointHeightKm: Double
        var satSunlit: Bool
        var sunElDeg: Double
    }
    struct FixedList: Decodable, Sendable { var norad: Int; var site: String; var samples: [Sample] }

    var window: Window
    var sites: [String: SiteJSON]
    var satellites: [String: Satellite]
    var passes: [PassList]
    var fixedTimes: [FixedList]

    static let shared: PassVectors = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: fixturePath("pass-vectors/passes_ut1_utc.json")))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(PassVectors.self, from: data)
        } catch {
            print("cannot load pass vectors: \(error)")
            return PassVectors(window: Window(startUnix: 0, endUnix: 0), sites: [:], satellites: [:], passes: [],
                               fixedTimes: [])
        }
    }()

    var start: Instant { instant(unix: window.startUnix) }
    var end: Instant { instant(unix: window.endUnix) }

    func site(_ name: String) throws -> Site {
        guard let s = sites[name] else { throw FixtureError(message: "no site \(name)") }
        return try Site(name: name, latitudeDeg: s.latDeg, longitudeDeg: s.lonDeg, heightMeters: s.heightM)
    }

    func propagator(_ norad: Int) throws -> SGP4Propagator {
        guard let s = satellites[String(norad)] else { throw FixtureError(message: "no satellite \(norad)") }
        return try SGP4Propagator(ElementSet(tleLine1: s.line1, tleLine2: s.line2, name: s.name))
    }
}

struct FixtureError: Error { var message: String }

/// Collects the worst case of a quantity and where it occurred.
struct Worst: CustomStringConvertible {
    var name: String
    var value = 0.0
    var place = "-"
    var count = 0

    init(_ name: String) { self.name = name }

    mutating func add(_ v: Double, _ place: @autoclosure () -> String) {
        count += 1
        if count == 1 || abs(v) > abs(value) || v.isNaN {
            value = v
            self.place = place()
        }
    }

    var description: String { "\(name): worst \(value) at \(place) (n = \(count))" }
}

/// Angle difference in degrees wrapped to −180 … 180.
func angleDiff(_ a: Double, _ b: Double) -> Double {
    var d = (a - b).truncatingRemainder(dividingBy: 360)
    if d > 180 { d -= 360 } else if d < -180 { d += 360 }
    return d
}
