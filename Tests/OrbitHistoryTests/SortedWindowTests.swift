import Foundation
import Testing
@testable import OrbitHistory

/// The sliding sorted window gives exactly what sorting every window again gives: the running median and the local
/// noise sigma (a quantile of the absolute deviations), on heavy-tailed series with NaNs, ties and short windows.
@Suite struct SortedWindowTests {
    /// Heavy-tailed values (a Gaussian scaled by an occasional factor of 50), a tenth NaN, some repeated exactly.
    static func series(seed: UInt64, count: Int) -> [Double] {
        var random = SeededGenerator(state: seed)
        var values: [Double] = []
        for _ in 0..<count {
            let draw = Double.random(in: 0..<1, using: &random)
            if draw < 0.1 { values.append(.nan) }
            else if draw < 0.2, let last = values.last(where: { $0.isFinite }) { values.append(last) }
            else { values.append(random.gaussian() * (draw > 0.97 ? 50 : 1)) }
        }
        return values
    }

    /// The `q` quantile of `values` by sorting them (linear interpolation between order statistics), as the local
    /// sigma computed it before the sliding window.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }

    /// The window around `i` (the values the sliding window should hold).
    static func window(_ values: [Double], _ i: Int, _ w: Int) -> [Double] {
        values[max(0, i - w)...min(values.count - 1, i + w)].filter { $0.isFinite }
    }

    @Test(arguments: [(UInt64(1), 300, 50), (2, 40, 50), (3, 500, 5), (4, 7, 2), (5, 1, 3)])
    func runningMedianMatchesSorting(seed: UInt64, count: Int, halfWidth: Int) {
        let values = Self.series(seed: seed, count: count)
        let sliding = SortedWindow.map(values, halfWidth: halfWidth, over: 0..<count) { $0.median }
        for i in 0..<count {
            let direct = Robust.median(Self.window(values, i, halfWidth))
            #expect(sliding[i] == direct, "index \(i)")
        }
    }

    @Test(arguments: [(UInt64(6), 300, 50, 0.5), (7, 300, 50, 0.75), (8, 60, 5, 0.9), (9, 12, 50, 0.75)])
    func localSigmaMatchesSorting(seed: UInt64, count: Int, halfWidth: Int, quantile: Double) {
        let values = Self.series(seed: seed, count: count)
        let floor = 0.01
        let sliding = DetrendedSeries.localSigma(values, window: halfWidth, quantile: quantile, floor: floor)
        let gaussian = DetrendedSeries.standardNormalQuantile(0.5 + quantile / 2)
        for i in 0..<count {
            let around = Self.window(values, i, halfWidth)
            var direct = floor
            if let centre = Robust.median(around),
               let deviation = Self.quantile(around.map { abs($0 - centre) }, quantile) {
                direct = max(deviation / gaussian, floor)
            }
            #expect(sliding[i] == direct, "index \(i)")
        }
    }
}
