import Astrodynamics
import ElementSets
import Foundation
import Testing
import OrbitHistory

/// A small deterministic generator (SplitMix64) for synthetic histories.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Standard normal deviate (Box–Muller).
    mutating func gaussian() -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self), v = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// A synthetic near-circular LEO history: one set a day (jittered), drag decay, heavy-tailed noise, optional jumps.
func syntheticHistory(days: Int = 200, jumpA: (day: Double, km: Double)? = nil, jumpI: (day: Double, deg: Double)? = nil,
                      seed: UInt64 = 7) throws -> [ElementSet] {
    var rng = SeededGenerator(state: seed)
    let start = try Instant(iso8601: "2024-01-01T00:00:00Z")
    let mu = 398_600.8
    var sets: [ElementSet] = []
    for d in 0..<days {
        let t = Double(d) + Double.random(in: 0..<0.4, using: &rng)
        // Heavy tails: one set in 25 carries ten times the usual noise.
        let scale = Double.random(in: 0..<1, using: &rng) < 0.04 ? 10.0 : 1.0
        var a = 7000 - 0.001 * t + scale * 0.004 * rng.gaussian()
        var inc = 98.0 + scale * 0.0004 * rng.gaussian()
        if let jump = jumpA, t > jump.day { a += jump.km }
        if let jump = jumpI, t > jump.day { inc += jump.deg }
        let n = (mu / (a * a * a)).squareRoot() * 86_400 / (2 * Double.pi)
        let e = 0.001 + scale * 0.00002 * rng.gaussian()
        sets.append(ElementSet(epoch: start.adding(seconds: t * 86_400), meanMotionRevPerDay: n, eccentricity: e,
                               inclinationDeg: inc, rightAscensionOfAscendingNodeDeg: 10 + 0.98 * t,
                               argumentOfPericenterDeg: 90, meanAnomalyDeg: (t * 5_000).truncatingRemainder(dividingBy: 360),
                               catalogNumber: try #require(CatalogNumber(99_001)), bstarPerEarthRadii: 1e-5))
    }
    return sets
}

@Suite struct ManoeuvreUnitTests {
    @Test func injectedInPlaneAndOutOfPlaneManoeuvres() throws {
        let sets = try syntheticHistory(jumpA: (60.5, 0.2), jumpI: (130.5, 0.01))
        let found = ManoeuvreDetector().manoeuvres(in: sets)
        #expect(found.count == 2, "\(found)")
        let start = try Instant(iso8601: "2024-01-01T00:00:00Z")
        let speed = (398_600.8 / 7000).squareRoot() * 1000
        if let inPlane = found.first(where: { $0.kind == .inPlane }) {
            let expected = speed * 0.2 / (2 * 7000)
            #expect(abs(inPlane.deltaVMetresPerSecond - expected) <= 0.2 * expected, "\(inPlane)")
            #expect(abs(inPlane.time.seconds(since: start) / 86_400 - 60.5) < 1.5)
        } else {
            Issue.record("no in-plane manoeuvre in \(found)")
        }
        if let outOfPlane = found.first(where: { $0.kind == .outOfPlane }) {
            let expected = speed * 0.01 * Double.pi / 180
            #expect(abs(outOfPlane.deltaVMetresPerSecond - expected) <= 0.2 * expected, "\(outOfPlane)")
            #expect(abs(outOfPlane.time.seconds(since: start) / 86_400 - 130.5) < 1.5)
        } else {
            Issue.record("no out-of-plane manoeuvre in \(found)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func pureNoiseGivesNothing(seed: UInt64) throws {
        let found = ManoeuvreDetector().manoeuvres(in: try syntheticHistory(seed: seed))
        #expect(found.isEmpty, "\(found)")
    }

    @Test func duplicatesOutOfOrderAndReissuesAreCleaned() throws {
        var sets = try syntheticHistory(days: 30)
        let reissued = sets[10]
        var corrected = reissued
        corrected.meanMotionRevPerDay += 1e-6
        corrected.epoch = reissued.epoch.adding(seconds: 5)
        sets.append(corrected)             // a re-issue of day 10, later in the file: it wins
        sets.append(sets[3])               // an exact duplicate
        sets.reverse()                     // out of order
        let history = try #require(ElementHistory.histories(from: sets).first)
        #expect(history.elementSets.count == 30)
        #expect(zip(history.elementSets, history.elementSets.dropFirst()).allSatisfy { $0.epoch < $1.epoch })
        #expect(history.droppedCount == 2)
    }

    @Test func sparseHistoryIsHandled() throws {
        #expect(ManoeuvreDetector().manoeuvres(in: Array(try syntheticHistory(days: 5))).isEmpty)
        #expect(ManoeuvreDetector().manoeuvres(in: []).isEmpty)
    }
}
