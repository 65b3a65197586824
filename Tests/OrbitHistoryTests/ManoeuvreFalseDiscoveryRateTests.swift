import Foundation
import Testing
@testable import OrbitHistory

/// The per-object thresholds of the manoeuvre detector: Student-t tail probabilities and the Benjamini–Hochberg rule.
@Suite struct ManoeuvreFalseDiscoveryRateTests {
    /// P(T > x) against SciPy 1.17.1 `scipy.stats.t.sf(x, nu)`, to a relative 1e-10.
    @Test(arguments: [
        (3.0, 8.0, 0.002038288793892733), (3, 20, 0.0001366016251236558), (1, 20, 0.015902251256176374),
        (5, 2.5, 0.02724504967118813), (2.5, 30, 0.00014553235457869768), (30, 4, 0.0001909228180418782),
        (0.5, 1000, 0.010141454540857095), (3, 0.1, 0.46332617440040297),
    ])
    func studentTSurvivalMatchesSciPy(nu: Double, x: Double, expected: Double) {
        let value = FalseDiscoveryRate.studentTSurvival(x, degreesOfFreedom: nu)
        #expect(abs(value - expected) <= 1e-10 * expected, "t(\(nu)) sf(\(x)) = \(value), SciPy \(expected)")
    }

    /// Ten scores whose two-sided t(3) p-values are (SciPy) 3.4e-5, 1.4e-4, 1.2e-3, 2.9e-3, 9.3e-3, 0.058, 0.14, 0.39,
    /// 0.65 and 1: at rate 0.05 the rule keeps the five largest (p₅ = 0.0093 ≤ 0.05·5/10, p₆ = 0.058 > 0.05·6/10) and
    /// at rate 0.2 the seven largest; shuffled input gives the same cut.
    @Test func benjaminiHochbergCut() {
        let scores: [Double] = [2, 40, 0, 9, 1, 25, 0.5, 12, 6, 3]
        #expect(FalseDiscoveryRate.threshold(scores: scores, degreesOfFreedom: 3, rate: 0.05) == 6)
        #expect(FalseDiscoveryRate.threshold(scores: scores, degreesOfFreedom: 3, rate: 0.2) == 2)
        #expect(FalseDiscoveryRate.threshold(scores: [0, 0, 0], degreesOfFreedom: 3, rate: 0.2) == nil)
    }

    /// The same step of 12 noise sigmas passes in a history with many steps that stand far out of the noise and not in
    /// one where it is the only large score: the threshold comes from the object's own history.
    @Test func thresholdAdaptsToTheHistory() throws {
        let quiet = [Double](repeating: 0.8, count: 400)
        let busy = quiet + [Double](repeating: 60, count: 30) + [12]
        let lone = quiet + [12]
        let busyCut = try #require(FalseDiscoveryRate.threshold(scores: busy, degreesOfFreedom: 3, rate: 0.2))
        #expect(busyCut <= 12)
        #expect(FalseDiscoveryRate.threshold(scores: lone, degreesOfFreedom: 3, rate: 0.2) == nil)
    }

    /// With the rate turned off the detector uses the fixed threshold; with it on, a single injected raise in a quiet
    /// synthetic history is still found (the rule never needs more than one step to flag it).
    @Test func singleBurnInQuietHistoryStillFound() throws {
        let sets = try SyntheticOrbit(burnsA: [(60.3, 0.2)]).elementSets()
        #expect(ManoeuvreDetector().manoeuvres(in: sets).count == 1)
        #expect(ManoeuvreDetector(falseDiscoveryRate: nil).manoeuvres(in: sets).count == 1)
    }
}
