import Astrodynamics
import ElementSets
import Foundation
import Testing
@testable import OrbitHistory

/// Orbit raising spread over days (Starlink's electric propulsion): found from the histories, with the Δv of a slow
/// spiral between the first and the last orbit, and nothing on objects that did not raise.
@Suite struct SustainedRaiseTests {
    /// μ of WGS-72, km³/s², as the synthetic orbits use it (the expected Δv below is computed here, not by the
    /// detector's code).
    static let mu = SyntheticOrbit.mu

    /// One week of CelesTrak sets of twelve Starlinks (fixture `sustained-raise/`) and the tag the data's summary
    /// gives each (`raising`: mean motion fell by more than 0.02 rev/day over the week).
    static func week() throws -> (sets: [ElementSet], tags: [Int: String]) {
        let sets = try Fixture.elementSets("sustained-raise/starlink_week_2026-05.tle")
        let rows = try String(contentsOfFile: Fixture.path("sustained-raise/classes.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        var tags: [Int: String] = [:]
        for row in rows where row.count == 2 { tags[Int(row[0]) ?? -1] = row[1] }
        return (sets, tags)
    }

    static func history(_ number: Int, in sets: [ElementSet]) -> [ElementSet] {
        sets.filter { $0.catalogNumber.rawValue == number }.sorted { $0.epoch < $1.epoch }
    }

    static func semiMajorAxisKm(_ set: ElementSet) -> Double {
        let n = set.meanMotionRevPerDay * 2 * Double.pi / 86_400
        return Foundation.cbrt(mu / (n * n))
    }

    @Test("a raising Starlink is reported with the spiral's Δv", arguments: [68_298, 68_611, 68_722, 68_743, 68_802, 69_037])
    func raisingStarlink(number: Int) throws {
        let (sets, tags) = try Self.week()
        #expect(tags[number] == "raising")
        let history = Self.history(number, in: sets)
        let first = try #require(history.first), last = try #require(history.last)
        let a0 = Self.semiMajorAxisKm(first), a1 = Self.semiMajorAxisKm(last)
        let expected = (Self.mu / a0).squareRoot() * 1000 * (a1 - a0) / (2 * a0)
        let found = ManoeuvreDetector().manoeuvres(in: history).filter { $0.kind == .inPlane }
        let total = found.map(\.deltaVMetresPerSecond).reduce(0, +)
        #expect(!found.isEmpty)
        #expect(total >= 0.8 * expected && total <= 1.2 * expected,
                "\(number): reported \(total) m/s, spiral from the first to the last set \(expected) m/s")
        for manoeuvre in found {
            #expect(manoeuvre.time >= first.epoch && manoeuvre.time <= last.epoch)
        }
        #expect(found.contains { $0.confidence >= 0.9 })
    }

    @Test("no manoeuvre on Starlinks that did not raise", arguments: [49_141, 63_500, 55_357, 53_559, 49_408, 52_135])
    func otherStarlink(number: Int) throws {
        let (sets, tags) = try Self.week()
        #expect(tags[number] == "control" || tags[number] == "decaying")
        #expect(ManoeuvreDetector().manoeuvres(in: Self.history(number, in: sets)).isEmpty)
    }

    /// Sets every eight hours for ten days at 6,900 km: `semiMajorAxisKm(day)` plus `noiseKm` of Gaussian noise.
    static func scan(noiseKm: Double = 0.02, _ semiMajorAxisKm: (Double) -> Double) throws -> ManoeuvreScan {
        var random = SeededGenerator(state: 11)
        let number = try #require(CatalogNumber(99_004))
        let sets = (0..<30).map { (k: Int) -> ElementSet in
            let day = Double(k) / 3
            let a = semiMajorAxisKm(day) + noiseKm * random.gaussian()
            return ElementSet(epoch: SyntheticOrbit.start.adding(seconds: day * 86_400),
                              meanMotionRevPerDay: SyntheticOrbit.meanMotionRevPerDay(semiMajorAxisKm: a),
                              eccentricity: 0.0001, inclinationDeg: 53, rightAscensionOfAscendingNodeDeg: 100,
                              argumentOfPericenterDeg: 90, meanAnomalyDeg: 0, catalogNumber: number,
                              bstarPerEarthRadii: 0)
        }
        let history = try #require(ElementHistory.histories(from: sets).first)
        return try #require(ManoeuvreScan(history: history, detector: ManoeuvreDetector()))
    }

    @Test func steadyRaiseIsOneManoeuvreAtItsStart() throws {
        // 2 km a day from day 3 on: 14 km by day 10 (the last set is at day 9.67).
        let scan = try Self.scan { day in 6_900 + 2 * max(0, day - 3) }
        let found = scan.sustainedRaises(minimumRiseKm: 1, found: [])
        let raise = try #require(found.first)
        #expect(found.count == 1)
        let day = raise.time.seconds(since: SyntheticOrbit.start) / 86_400
        #expect(day >= 3 - 1.0 / 3 && day <= 3 + 1.0 / 3)
        let expected = (Self.mu / 6_900).squareRoot() * 1000 * (2 * (29.0 / 3 - 3)) / (2 * 6_900)
        #expect(abs(raise.deltaVMetresPerSecond / expected - 1) < 0.05)
        // A detection inside the run that carries most of its Δv is the run; one carrying a tenth is not.
        var inside = raise
        inside.deltaVMetresPerSecond = 0.6 * expected
        #expect(scan.sustainedRaises(minimumRiseKm: 1, found: [inside]).isEmpty)
        inside.deltaVMetresPerSecond = 0.1 * expected
        let rest = try #require(scan.sustainedRaises(minimumRiseKm: 1, found: [inside]).first)
        #expect(abs((rest.deltaVMetresPerSecond + inside.deltaVMetresPerSecond) / raise.deltaVMetresPerSecond - 1) < 1e-9)
    }

    @Test func lowerSmallOrSuddenChangesAreNotSustainedRaises() throws {
        // Lowering at the same rate (drag, or a deorbit): never a raise.
        #expect(try Self.scan { day in 6_900 - 2 * max(0, day - 3) }.sustainedRaises(minimumRiseKm: 1, found: []).isEmpty)
        // A raise of 0.67 km in all with 2 m of noise: far out of the noise, found above a floor of 0.1 km, not above
        // the floor of 1 km.
        let small = try Self.scan(noiseKm: 0.002) { day in 6_900 + 0.1 * max(0, day - 3) }
        #expect(small.sustainedRaises(minimumRiseKm: 0.1, found: []).count == 1)
        #expect(small.sustainedRaises(minimumRiseKm: 1, found: []).isEmpty)
        // One step of 10 km with the sets rising slightly after it: the step carries most of the run.
        #expect(try Self.scan { day in 6_900 + (day >= 5 ? 10 + 0.05 * (day - 5) : 0) }
            .sustainedRaises(minimumRiseKm: 1, found: []).isEmpty)
    }
}
