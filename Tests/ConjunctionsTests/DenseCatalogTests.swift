import Astrodynamics
import Conjunctions
import ElementSets
import Foundation
import Propagation
import Testing

@Suite struct DenseCatalogTests {
    static func subset() throws -> [ElementSet] {
        try ElementSetDecoder().decode(contentsOfFile: fixturePath("catalog-2023-10/leo-400.3le")).elementSets
    }

    static let start: Instant = (try? Instant(iso8601: "2023-10-10T00:00:00Z")) ?? .j2000

    /// The dense reference: every pair (no shell prefilter), each object sampled every 20 s; a pair whose sampled
    /// distance has a local minimum below 200 km (≥ the 20 km threshold plus half a step at 15.5 km/s) is refined
    /// on Δr·Δv over ±20 s of that sample by bisection.
    static func dense(_ sets: [ElementSet], seconds: Double, thresholdKm: Double) -> [DenseMinimum] {
        let props = sets.compactMap { try? SGP4Propagator($0) }
        let step = 20.0
        let m = Int(seconds / step) + 1
        let n = props.count
        var pos = [Double](repeating: .nan, count: n * m * 3)
        for (i, p) in props.enumerated() {
            for k in 0..<m {
                if let s = try? p.state(at: start.adding(seconds: Double(k) * step)) {
                    pos[(i * m + k) * 3] = s.positionKm.x
                    pos[(i * m + k) * 3 + 1] = s.positionKm.y
                    pos[(i * m + k) * 3 + 2] = s.positionKm.z
                }
            }
        }
        var out: [DenseMinimum] = []
        pos.withUnsafeBufferPointer { q in
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var prev2 = Double.infinity, prev1 = Double.infinity
                    for k in 0...m {
                        var d = Double.infinity
                        if k < m {
                            let a = (i * m + k) * 3, b = (j * m + k) * 3
                            let dx = q[a] - q[b], dy = q[a + 1] - q[b + 1], dz = q[a + 2] - q[b + 2]
                            d = (dx * dx + dy * dy + dz * dz).squareRoot()
                        }
                        // sample k-1 is a local minimum of the samples (ends included)
                        if k >= 1, prev1 < 200, prev1 <= prev2, prev1 <= d {
                            let center = Double(k - 1) * step
                            let lo = max(0, center - step), hi = min(seconds, center + step)
                            for e in denseMinima(props[i], props[j], start: start.adding(seconds: lo),
                                                 seconds: hi - lo, stepSeconds: 5, thresholdKm: thresholdKm)
                            where !out.contains(where: { $0.catalogNumber1 == e.catalogNumber1
                                && $0.catalogNumber2 == e.catalogNumber2 && abs($0.tca.seconds(since: e.tca)) < 1 }) {
                                out.append(e)
                            }
                        }
                        prev2 = prev1
                        prev1 = d
                    }
                }
            }
        }
        return out
    }

    /// The screener finds exactly the dense reference's events on 400 LEO objects over one day at 20 km.
    @Test func screeningEqualsDenseReference() throws {
        let sets = try Self.subset()
        #expect(sets.count == 400)
        let seconds = 86_400.0
        let screening = ConjunctionScreening(start: Self.start, duration: .seconds(86_400), thresholdKm: 20)
        let ours = try screening.run(sets).conjunctions
        let reference = Self.dense(sets, seconds: seconds, thresholdKm: 20)
        print("dense reference: \(reference.count) events; screening: \(ours.count)")
        #expect(reference.count > 50)
        var unmatched = 0, worstTCA = 0.0, worstMiss = 0.0
        for d in reference {
            guard let o = ours.first(where: { $0.catalogNumber1.rawValue == d.catalogNumber1
                && $0.catalogNumber2.rawValue == d.catalogNumber2 && abs($0.timeOfClosestApproach.seconds(since: d.tca)) < 1 })
            else { unmatched += 1; print("missed: \(d)"); continue }
            worstTCA = max(worstTCA, abs(o.timeOfClosestApproach.seconds(since: d.tca)))
            worstMiss = max(worstMiss, abs(o.missDistanceKm - d.missKm))
        }
        print("dense comparison: unmatched \(unmatched), worst TCA \(worstTCA * 1000) ms, worst miss \(worstMiss * 1000) m")
        #expect(unmatched == 0)
        #expect(ours.count == reference.count)
        #expect(worstTCA <= 0.010)
        #expect(worstMiss <= 0.010)
    }

    /// The all-vs-all events of the subset over six hours at 20 km, screened once and shared by the tests below.
    static let sixHours: Result<[Conjunction], any Error> = Result {
        try ConjunctionScreening(start: start, duration: .seconds(21_600), thresholdKm: 20).run(try subset()).conjunctions
    }

    /// Four time-window shards give exactly the single run's events.
    @Test func shardsEqualSingleRun() throws {
        let sets = try Self.subset()
        let single = try Self.sixHours.get()
        var merged: [Conjunction] = []
        for k in 0..<4 {
            let s = ConjunctionScreening(start: Self.start, duration: .seconds(21_600), thresholdKm: 20,
                                         shard: try ScreeningShard(index: k, count: 4))
            merged += try s.run(sets).conjunctions
        }
        merged.sort {
            ($0.catalogNumber1.rawValue, $0.catalogNumber2.rawValue, $0.timeOfClosestApproach)
                < ($1.catalogNumber1.rawValue, $1.catalogNumber2.rawValue, $1.timeOfClosestApproach)
        }
        #expect(single.count > 20)
        #expect(merged == single)
    }

    /// Primaries mode gives the all-vs-all events that involve a primary.
    @Test func primariesAreASubsetOfAllVsAll() throws {
        let sets = try Self.subset()
        let all = try Self.sixHours.get()
        let primaries = Set(sets.prefix(40).map(\.catalogNumber))
        let some = try ConjunctionScreening(start: Self.start, duration: .seconds(21_600), thresholdKm: 20,
                                            selection: .primaries(primaries)).run(sets).conjunctions
        #expect(some == all.filter { primaries.contains($0.catalogNumber1) || primaries.contains($0.catalogNumber2) })
    }

    /// Alfano's maximum probability: R²/(e·d²) when R ≪ d, 1 at zero miss.
    @Test func maximumProbability() {
        let p = MaximumProbability.value(missKm: 1, radiusKm: 0.01)
        #expect(abs(p - 1e-4 / exp(1)) / p < 1e-3)
        #expect(MaximumProbability.value(missKm: 0, radiusKm: 0.01) == 1)
    }
}
