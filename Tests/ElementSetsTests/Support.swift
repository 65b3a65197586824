import Testing
import Foundation
@testable import ElementSets
import Astrodynamics

/// Fixture files, located from this source file so tests never read outside the repository.
enum Fixture {
    static let directory: String = {
        let file = "\(#filePath)"
        guard let slash = file.lastIndex(of: "/") else { return "Fixtures" }
        return String(file[..<slash]) + "/Fixtures"
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func bytes(_ name: String) throws -> [UInt8] { try FileReading.read(path(name)) }

    static func text(_ name: String) throws -> String { String(decoding: try bytes(name), as: UTF8.self) }

    static func decode(_ name: String, format: ElementSetFormat? = nil, strict: Bool = false) throws -> ElementSetDecodeResult {
        try ElementSetDecoder(strict: strict).decode(contentsOfFile: path(name), format: format)
    }
}

/// A small seeded generator (SplitMix64) so that property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum RandomSets {
    static let nameCharacters: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 -/()+,.&<>\"'=[]#é")

    static func name(_ g: inout SeededGenerator) -> String? {
        if Int.random(in: 0 ..< 5, using: &g) == 0 { return nil }
        let n = Int.random(in: 1 ... 24, using: &g)
        var s = String((0 ..< n).map { _ in nameCharacters.randomElement(using: &g) ?? "X" })
        while s.first == " " || s.last == " " { s = String(s.trimmingPrefix(" ")); if s.last == " " { s.removeLast() } }
        return s.isEmpty ? "X" : s
    }

    static func objectID(_ g: inout SeededGenerator) -> String? {
        if Int.random(in: 0 ..< 6, using: &g) == 0 { return nil }
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let pieces = String((0 ..< Int.random(in: 1 ... 3, using: &g)).map { _ in letters.randomElement(using: &g) ?? "A" })
        return "\(Int.random(in: 1957 ... 2056, using: &g))-\(pad(Int.random(in: 1 ... 999, using: &g), 3))\(pieces)"
    }

    static func epoch(_ g: inout SeededGenerator, tlePrecision: Bool) -> Instant {
        let year = Int.random(in: 1957 ... 2056, using: &g)
        let doy = Int.random(in: 1 ... CivilCalendar.daysInYear(year), using: &g)
        let micros = tlePrecision ? Int.random(in: 0 ..< 100_000_000, using: &g) * 864
            : Int.random(in: 0 ..< 86_400_000_000, using: &g)
        let (month, day) = CivilCalendar.monthAndDay(year: year, dayOfYear: doy)
        let s = micros / 1_000_000
        return CivilTime(year: year, month: month, day: day, hour: s / 3600, minute: s / 60 % 60, second: s % 60,
                         microsecond: micros % 1_000_000).instant
    }

    /// An element set with full-precision values (for the OMM formats).
    static func fullPrecision(_ g: inout SeededGenerator) -> ElementSet {
        func signed(_ scale: Double) -> Double {
            Double.random(in: -1 ... 1, using: &g) * scale * Double.random(in: 0 ... 1, using: &g)
        }
        return ElementSet(
            objectName: name(&g), objectID: objectID(&g), epoch: epoch(&g, tlePrecision: false),
            meanMotionRevPerDay: Double.random(in: 0.001 ... 17.5, using: &g),
            eccentricity: Int.random(in: 0 ..< 20, using: &g) == 0 ? 0 : Double.random(in: 0 ..< 1, using: &g),
            inclinationDeg: Double.random(in: 0 ... 180, using: &g),
            rightAscensionOfAscendingNodeDeg: Double.random(in: 0 ..< 360, using: &g),
            argumentOfPericenterDeg: Double.random(in: 0 ..< 360, using: &g),
            meanAnomalyDeg: Double.random(in: 0 ..< 360, using: &g),
            ephemerisType: Int.random(in: 0 ... 9, using: &g),
            classification: ["U", "C", "S"].randomElement(using: &g) ?? "U",
            catalogNumber: CatalogNumber(Int.random(in: 0 ... 999_999_999, using: &g)) ?? CatalogNumber(unchecked: 1),
            elementSetNumber: Int.random(in: 0 ... 9999, using: &g),
            revolutionNumberAtEpoch: Int.random(in: 0 ... 999_999, using: &g),
            bstarPerEarthRadii: signed(1e-2) * (Int.random(in: 0 ..< 3, using: &g) == 0 ? 1e-12 : 1),
            meanMotionDotRevPerDay2: signed(1e-3),
            meanMotionDDotRevPerDay3: Int.random(in: 0 ..< 2, using: &g) == 0 ? 0 : signed(1e-6))
    }

    /// An element set whose values are already at TLE precision (so a TLE round trip is exact).
    static func tlePrecision(_ g: inout SeededGenerator, named: Bool) -> ElementSet {
        func units(_ range: ClosedRange<Int>, _ scale: Double) -> Double { Double(Int.random(in: range, using: &g)) / scale }
        func exponentValue() -> Double {
            if Int.random(in: 0 ..< 5, using: &g) == 0 { return 0 }
            let m = UInt64(Int.random(in: 10_000 ... 99_999, using: &g))
            let e = Int.random(in: -9 ... 9, using: &g)
            let v = exactScaled(m, exponent10: e - 5) ?? 0
            return Bool.random(using: &g) ? -v : v
        }
        return ElementSet(
            objectName: named ? name(&g) : nil, objectID: objectID(&g), epoch: epoch(&g, tlePrecision: true),
            meanMotionRevPerDay: units(1 ... 1_999_999_999, 1e8),
            eccentricity: units(0 ... 9_999_999, 1e7),
            inclinationDeg: units(0 ... 1_800_000, 1e4),
            rightAscensionOfAscendingNodeDeg: units(0 ... 3_599_999, 1e4),
            argumentOfPericenterDeg: units(0 ... 3_599_999, 1e4),
            meanAnomalyDeg: units(0 ... 3_599_999, 1e4),
            ephemerisType: Int.random(in: 0 ... 9, using: &g),
            classification: ["U", "C", "S"].randomElement(using: &g) ?? "U",
            catalogNumber: CatalogNumber(Int.random(in: 0 ... 339_999, using: &g)) ?? CatalogNumber(unchecked: 1),
            elementSetNumber: Int.random(in: 0 ... 9999, using: &g),
            revolutionNumberAtEpoch: Int.random(in: 0 ... 99_999, using: &g),
            bstarPerEarthRadii: exponentValue(),
            meanMotionDotRevPerDay2: (Bool.random(using: &g) ? -1 : 1) * units(0 ... 99_999_999, 1e8),
            meanMotionDDotRevPerDay3: exponentValue())
    }
}

/// Field-by-field comparison that names the first differing field.
func differences(_ a: ElementSet, _ b: ElementSet, ignoring: Set<String> = []) -> [String] {
    var out: [String] = []
    func check<T: Equatable>(_ name: String, _ x: T, _ y: T) {
        if !ignoring.contains(name), x != y { out.append("\(name): \(x) ≠ \(y)") }
    }
    check("objectName", a.objectName, b.objectName)
    check("objectID", a.objectID, b.objectID)
    check("epoch", a.epoch, b.epoch)
    check("meanMotion", a.meanMotionRevPerDay, b.meanMotionRevPerDay)
    check("eccentricity", a.eccentricity, b.eccentricity)
    check("inclination", a.inclinationDeg, b.inclinationDeg)
    check("raan", a.rightAscensionOfAscendingNodeDeg, b.rightAscensionOfAscendingNodeDeg)
    check("argp", a.argumentOfPericenterDeg, b.argumentOfPericenterDeg)
    check("meanAnomaly", a.meanAnomalyDeg, b.meanAnomalyDeg)
    check("ephemerisType", a.ephemerisType, b.ephemerisType)
    check("classification", a.classification, b.classification)
    check("catalogNumber", a.catalogNumber, b.catalogNumber)
    check("elementSetNumber", a.elementSetNumber, b.elementSetNumber)
    check("revolution", a.revolutionNumberAtEpoch, b.revolutionNumberAtEpoch)
    check("bstar", a.bstarPerEarthRadii, b.bstarPerEarthRadii)
    check("nDot", a.meanMotionDotRevPerDay2, b.meanMotionDotRevPerDay2)
    check("nDDot", a.meanMotionDDotRevPerDay3, b.meanMotionDDotRevPerDay3)
    return out
}

/// Splits text into lines without line breaks.
func textLines(_ text: String) -> [String] {
    Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
        var bytes = Array(line)
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a JSON vector file of the gpconf corpus with Foundation (tests only).
func jsonObject(_ name: String) throws -> [String: Any] {
    let data = Data(try Fixture.bytes(name))
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}
