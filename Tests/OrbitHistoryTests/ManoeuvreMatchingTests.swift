import Astrodynamics
import Foundation
import Testing

/// The one-to-one matching of detections to truth times that the benchmark scores use.
@Suite struct ManoeuvreMatchingTests {
    static let t0: Instant = (try? Instant(iso8601: "2020-01-01T00:00:00Z")) ?? Instant(ttSecondsSinceJ2000: 0, fraction: 0)
    static func at(hours: Double) -> Instant { t0.adding(seconds: hours * 3600) }

    /// Nearest pairs first pairs the detection at 11 h with the truth at 20 h (9 h) and leaves the detection at 31 h
    /// without a partner; the maximum matching pairs both.
    @Test func maximumMatchingKeepsPairsNearestFirstLoses() {
        let truth = [0.0, 20].map(Self.at), detections = [11.0, 31].map(Self.at)
        #expect(nearestFirstMatches(detections: detections, truth: truth, toleranceSeconds: 12 * 3600).truth.count == 1)
        let matched = oneToOneMatches(detections: detections, truth: truth, toleranceSeconds: 12 * 3600)
        #expect(matched.truth == [0, 1] && matched.detections == [0, 1])
        #expect(matchedTimeErrorsHours(detections: detections, truth: truth) == [11, 11])
    }

    /// On random instances the sweep finds as many pairs as augmenting paths (Kuhn's algorithm) do, never fewer than
    /// nearest pairs first, every pair within the tolerance and nothing used twice.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func sweepIsMaximum(seed: UInt64) {
        var rng = SeededGenerator(state: seed)
        for _ in 0..<200 {
            let truth = (0..<Int.random(in: 0...8, using: &rng)).map { _ in Self.at(hours: Double.random(in: 0..<120, using: &rng)) }
            let detections = (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                Self.at(hours: Double.random(in: 0..<120, using: &rng).rounded())
            }
            let pairs = maximumMatching(detections: detections, truth: truth, toleranceSeconds: 12 * 3600)
            #expect(Set(pairs.map(\.detection)).count == pairs.count && Set(pairs.map(\.truth)).count == pairs.count)
            #expect(pairs.allSatisfy { abs(detections[$0.detection].seconds(since: truth[$0.truth])) <= 12 * 3600 })
            #expect(pairs.count == Self.kuhn(detections: detections, truth: truth))
            #expect(pairs.count >= nearestFirstMatches(detections: detections, truth: truth,
                                                       toleranceSeconds: 12 * 3600).truth.count)
        }
    }

    /// Size of a maximum bipartite matching by augmenting paths.
    static func kuhn(detections: [Instant], truth: [Instant]) -> Int {
        let edges = detections.map { d in truth.indices.filter { abs(d.seconds(since: truth[$0])) <= 12 * 3600 } }
        var owner = [Int?](repeating: nil, count: truth.count)
        func augment(_ d: Int, _ seen: inout [Bool]) -> Bool {
            for t in edges[d] where !seen[t] {
                seen[t] = true
                if owner[t] == nil || augment(owner[t]!, &seen) { owner[t] = d; return true }
            }
            return false
        }
        var size = 0
        for d in detections.indices {
            var seen = [Bool](repeating: false, count: truth.count)
            if augment(d, &seen) { size += 1 }
        }
        return size
    }
}
