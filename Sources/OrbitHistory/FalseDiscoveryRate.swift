import Foundation

/// Thresholds chosen on an object's own history by the Benjamini–Hochberg false-discovery-rate rule against a
/// heavy-tailed (Student-t) reference for the step scores.
enum FalseDiscoveryRate {
    /// The smallest score that the Benjamini–Hochberg rule at rate `q` flags among `scores` (one per set), with each
    /// score's p-value taken from a Student-t reference with `degreesOfFreedom` (two-sided, unit scale); `nil` when
    /// the rule flags nothing.
    ///
    /// With the scores sorted from the largest, the rule flags the `k` largest for the largest `k` whose p-value is at
    /// most `q k / m` (`m` scores in all): an object whose history holds many steps far out of its noise gets a
    /// lower threshold than one with few, without any label.
    static func threshold(scores: [Double], degreesOfFreedom nu: Double, rate q: Double) -> Double? {
        let sorted = scores.filter { $0.isFinite }.sorted(by: >)
        let m = Double(sorted.count)
        var cut: Double?
        for (k, score) in sorted.enumerated() where score > 0 {
            if 2 * studentTSurvival(score, degreesOfFreedom: nu) <= q * Double(k + 1) / m { cut = score }
        }
        return cut
    }

    /// P(T > x) for a Student-t variable with `nu` degrees of freedom, x ≥ 0.
    static func studentTSurvival(_ x: Double, degreesOfFreedom nu: Double) -> Double {
        guard x > 0 else { return 0.5 }
        return 0.5 * regularizedIncompleteBeta(nu / (nu + x * x), a: nu / 2, b: 0.5)
    }

    /// The regularised incomplete beta function I_x(a, b) (continued fraction, modified Lentz).
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logBeta + logPowers
        if x > (a + 1) / (a + b + 2) {
            return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a)
        }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let mm = Double(m)
            let evenDenominator: Double = (a + 2 * mm - 1) * (a + 2 * mm)
            var numerator: Double = mm * (b - mm) * x / evenDenominator
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            let oddDenominator: Double = (a + 2 * mm) * (a + 2 * mm + 1)
            numerator = -(a + mm) * (a + b + mm) * x / oddDenominator
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return exp(logFront) * h / a
    }
}
