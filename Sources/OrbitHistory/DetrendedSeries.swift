import Foundation

/// One element's detrended level series with its local noise sigma.
struct DetrendedSeries {
    /// Cumulative change with the local trend removed.
    var level: [Double]
    /// Local robust sigma of the detrended consecutive changes.
    var sigma: [Double]

    init(values: [Double], days: [Double], window: Int, sigmaFloor: Double, quantile: Double) {
        let count = values.count
        let w = max(5, window)
        var rate = [Double](repeating: .nan, count: count)
        for i in 1..<count {
            let gap = days[i] - days[i - 1]
            if gap > 0 { rate[i] = (values[i] - values[i - 1]) / gap }
        }
        var residual = [Double](repeating: .nan, count: count)
        level = [Double](repeating: 0, count: count)
        let trends = SortedWindow.map(rate, halfWidth: w, over: 1..<count) { $0.median ?? 0 }
        for i in 1..<count {
            let trend = trends[i - 1]
            residual[i] = (values[i] - values[i - 1]) - trend * (days[i] - days[i - 1])
            level[i] = level[i - 1] + residual[i]
        }
        sigma = Self.localSigma(residual, window: w, quantile: quantile, floor: sigmaFloor)
    }

    /// Local robust sigma of `values` over `window` entries either side: the `quantile` quantile of the absolute
    /// deviations from the local median, scaled to a Gaussian sigma, never below `floor` (NaNs ignored).
    static func localSigma(_ values: [Double], window w: Int, quantile: Double, floor: Double) -> [Double] {
        let gaussianQuantile = standardNormalQuantile(0.5 + quantile / 2)
        return SortedWindow.map(values, halfWidth: w, over: 0..<values.count) { window in
            guard let centre = window.median, let deviation = window.deviationQuantile(from: centre, quantile) else {
                return floor
            }
            return max(deviation / gaussianQuantile, floor)
        }
    }

    /// Mean level of the `k` sets starting `skip` sets after set `i` minus the mean level of the `k` sets before
    /// set `i`: a step that the public sets absorbed gradually over up to `skip + 1` issues; `nil` near the ends.
    func windowChange(at i: Int, sets k: Int, skip: Int) -> Double? {
        guard k > 0, i - k >= 0, i + skip + k <= level.count else { return nil }
        let before = level[(i - k)..<i].reduce(0, +) / Double(k)
        let after = level[(i + skip)..<(i + skip + k)].reduce(0, +) / Double(k)
        return after - before
    }

    /// Score of a step at set `i` (between sets `i − 1` and `i`) confirmed by sets `i − 2` and `i + 1`: the
    /// smallest of the four level differences in noise sigmas, 0 when they disagree in sign.
    func stepScore(at i: Int) -> Double {
        guard i >= 2, i + 1 < level.count else { return 0 }
        let differences = [level[i] - level[i - 1], level[i] - level[i - 2],
                           level[i + 1] - level[i - 1], level[i + 1] - level[i - 2]]
        guard differences.allSatisfy({ $0 > 0 }) || differences.allSatisfy({ $0 < 0 }) else { return 0 }
        return (differences.map { abs($0) }.min() ?? 0) / sigma[i]
    }

    /// The standard normal quantile Φ⁻¹(p) by bisection on erf (p in 0.5 ..< 1).
    static func standardNormalQuantile(_ p: Double) -> Double {
        var low = 0.0, high = 10.0
        for _ in 0..<80 {
            let middle = 0.5 * (low + high)
            if 0.5 * (1 + erf(middle / 2.0.squareRoot())) < p { low = middle } else { high = middle }
        }
        return 0.5 * (low + high)
    }

    /// The run of consecutive sets around `i` whose level each moved by more than `sigmas` noise sigmas in the
    /// direction `sign`: the issues over which the public sets absorbed one burn.
    func ramp(around i: Int, sign: Double, sigmas: Double, atLeastKm: Double = 0) -> (first: Int, last: Int, sign: Double) {
        var first = i, last = i
        while first - 1 >= 1, (level[first - 1] - level[first - 2]) * sign > max(sigmas * sigma[first - 1], atLeastKm) {
            first -= 1
        }
        while last + 1 < level.count, (level[last + 1] - level[last]) * sign > max(sigmas * sigma[last + 1], atLeastKm) {
            last += 1
        }
        return (first, last, sign)
    }

    /// Median level of the sets in `after` minus that of the sets in `before` (0 when either is empty).
    func levelChange(before: Range<Int>, after: Range<Int>) -> Double {
        guard let old = Robust.median(Array(level[before])), let new = Robust.median(Array(level[after])) else {
            return 0
        }
        return new - old
    }
}
