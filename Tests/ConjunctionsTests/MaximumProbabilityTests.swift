@testable import Conjunctions
import ElementSets
import Foundation
import Testing

@Suite struct MaximumProbabilityTests {
    /// The golden-section maximum equals the largest value of the disk integral on a fine logarithmic σ grid
    /// spanning d/1000 … 100·d (an exhaustive search that assumes nothing about where the maximum is), from
    /// d = 1.5 R (the full-range search) to d = 1000 R (the narrow bracket around d/√2). Not at d ≈ R: there the
    /// 128-interval Simpson rule under-resolves the Gaussian at σ ≪ R sitting on the disk's edge and the grid
    /// finds spurious values above 1 (a limitation of the integral, not of the search).
    @Test(arguments: [1.5, 2.0, 3.0, 5.0, 10.0, 100.0, 1_000.0])
    func maximumOverSigma(missOverRadius: Double) {
        let r = 0.010, d = missOverRadius * r
        let value = MaximumProbability.value(missKm: d, radiusKm: r)
        var gridMax = 0.0
        let lo = log(d * 1e-3), hi = log(d * 100)
        for k in 0...4_000 {
            let sigma = exp(lo + (hi - lo) * Double(k) / 4_000)
            gridMax = max(gridMax, MaximumProbability.diskProbability(
                d: d, r: r, sigma: sigma, intervals: MaximumProbability.intervals(missKm: d, radiusKm: r)))
        }
        // The grid spacing (0.3 % in σ) costs at most ~1e-5 relative at a smooth maximum; the search must reach
        // the grid's maximum and not exceed it by more than that.
        #expect(value >= gridMax * (1 - 1e-9))
        #expect(value <= gridMax * (1 + 1e-4))
    }

    /// The quadrature the search uses (48 Simpson intervals when d ≥ 2R) is within 1e-7 relative of the
    /// converged integral (4,096 intervals) over the search's bracket d/(2√2) … √2·d, from d = 2R to 1000 R.
    @Test(arguments: [2.0, 3.0, 5.0, 10.0, 100.0, 1_000.0])
    func quadratureConverged(missOverRadius: Double) {
        let r = 0.010, d = missOverRadius * r
        let n = MaximumProbability.intervals(missKm: d, radiusKm: r)
        #expect(n == 48)
        for k in 0...40 {
            let sigma = d / (2 * 2.0.squareRoot()) * pow(4, Double(k) / 40)
            let fine = MaximumProbability.diskProbability(d: d, r: r, sigma: sigma, intervals: 4_096)
            let used = MaximumProbability.diskProbability(d: d, r: r, sigma: sigma, intervals: n)
            #expect(abs(used - fine) <= 1e-7 * fine, "d/R \(missOverRadius), sigma \(sigma): \(used) vs \(fine)")
        }
    }

    /// The probability grows as the square of the hard-body radius when R ≪ d (Alfano: R²/(e·d²)).
    @Test func scalesWithRadiusSquared() {
        let p10 = MaximumProbability.value(missKm: 1, radiusKm: 0.010)
        let p20 = MaximumProbability.value(missKm: 1, radiusKm: 0.020)
        #expect(abs(p20 / p10 - 4) < 1e-3)
    }
}

@Suite struct ScreeningParameterTests {
    /// Out-of-range tuning parameters are typed errors, not traps or runaway memory.
    @Test func badParametersAreRejected() throws {
        let sets = try DenseCatalogTests.subset()
        var longStep = ConjunctionScreening(start: DenseCatalogTests.start, duration: .seconds(3_600), thresholdKm: 5)
        longStep.step = .seconds(7_200)
        #expect(throws: ScreeningError.self) { try longStep.run(sets) }
        var tinyCell = ConjunctionScreening(start: DenseCatalogTests.start, duration: .seconds(3_600), thresholdKm: 5)
        tinyCell.cellKm = 0.5
        #expect(throws: ScreeningError.self) { try tinyCell.run(sets) }
    }

    /// The events do not depend on the step or the cell size (every bound scales with them): the former 20 s and
    /// 60 s steps, a 120 s step with large cells and a 60 s step with small cells find the default's events (120 s
    /// step), to 1 ms and 1 m.
    @Test(arguments: [(20.0, nil), (60.0, nil), (120.0, 3_000.0), (60.0, 120.0)] as [(Double, Double?)])
    func eventsDoNotDependOnTuning(stepSeconds: Double, cellKm: Double?) throws {
        let sets = try DenseCatalogTests.subset()
        let reference = try DenseCatalogTests.sixHours.get()
        var s = ConjunctionScreening(start: DenseCatalogTests.start, duration: .seconds(21_600), thresholdKm: 20)
        s.step = .milliseconds(Int64(stepSeconds * 1000))
        s.cellKm = cellKm
        let events = try s.run(sets).conjunctions
        #expect(events.count == reference.count)
        for (a, b) in zip(events, reference) {
            #expect(a.catalogNumber1 == b.catalogNumber1 && a.catalogNumber2 == b.catalogNumber2)
            #expect(abs(a.timeOfClosestApproach.seconds(since: b.timeOfClosestApproach)) < 0.001)
            #expect(abs(a.missDistanceKm - b.missDistanceKm) < 0.001)
        }
    }
}
