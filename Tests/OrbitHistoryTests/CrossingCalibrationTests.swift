import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// The along-track crossing of two sets either side of a burn, on synthetic histories whose drag SGP4 does not model
/// (B* = 0) and whose issued mean motion lags the epoch by `h` days: the calibration removes the sets' speed lag
/// `A h` as well as the curvature `A`, which alone leaves the crossing `A h g / δ` late.
@Suite struct CrossingCalibrationTests {
    static let burnDay = 100.3
    static let burnKm = 0.05

    /// Crossing of the last set before the burn and the first one at least `lag + 1` days after it, days since the
    /// first set, with the pair medians the calibration used.
    static func crossing(lagDays: Double, seed: UInt64) throws -> (error: Double, curvature: Double, lag: Double) {
        var orbit = SyntheticOrbit()
        orbit.burnsA = [(day: burnDay, km: burnKm)]
        orbit.decayKmPerDay = 0.001
        orbit.meanMotionLagDays = lagDays
        orbit.seed = seed
        orbit.noiseScale = 0.1
        let sets = try orbit.elementSets()
        let start = sets[0].epoch
        let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
        let history = PropagatedHistory(sets: sets, days: days, window: 50)
        // Epochs are whole days plus up to 0.4 day from the synthetic start, which is `days[0]` before set 0.
        let origin = SyntheticOrbit.start.seconds(since: start) / 86_400
        let burn = burnDay + origin
        let early = try #require(days.lastIndex { $0 < burn })
        let late = try #require(days.firstIndex { $0 > burn + lagDays + 1 })
        let day = try #require(history.crossingDay(between: early, and: late, calibrationIndex: early + 1))
        return ((day - burn) * 24, history.curvature(around: early), history.lagSpeed(around: early))
    }

    @Test(arguments: [UInt64(3), 11, 29])
    func lagRemoved(seed: UInt64) throws {
        let lagged = try Self.crossing(lagDays: 2, seed: seed)
        // A = (3/2) n |ȧ| ≈ 0.134 km/day² for these sets and A h ≈ 0.27 km/day; δ ≈ 7 km/day and g ≈ 4 days, so the
        // curvature alone would leave the crossing about four hours late.
        #expect(abs(lagged.curvature - 0.134) < 0.02, "curvature \(lagged.curvature)")
        #expect(abs(lagged.lag - 0.268) < 0.03, "lag \(lagged.lag)")
        #expect(abs(lagged.error) < 1, "crossing \(lagged.error) h from the burn")
        let unlagged = try Self.crossing(lagDays: 0, seed: seed)
        #expect(abs(unlagged.lag) < 0.03, "lag \(unlagged.lag)")
        #expect(abs(unlagged.error) < 1, "crossing \(unlagged.error) h from the burn")
    }

    /// A kink's timing fit leaves out the sets after the gap whose lagged speed still dates from before it: sets
    /// that move from the old orbit to the new one along track over 2 days after a burn (speed lag 2 days) draw the
    /// plain fit late (5–10 h on these seven histories); the fit without them is on average within half of that.
    @Test func kinkTimingSkipsStaleSets() throws {
        var plainErrors: [Double] = [], refitErrors: [Double] = []
        for seed: UInt64 in [3, 11, 29, 41, 53, 67, 71] {
            var orbit = SyntheticOrbit()
            orbit.burnsA = [(day: Self.burnDay, km: 0.02)]
            orbit.decayKmPerDay = 0.001
            orbit.meanMotionLagDays = 2
            orbit.positionLagDays = 2
            orbit.noiseScale = 0.1
            orbit.seed = seed
            let sets = try orbit.elementSets()
            let start = sets[0].epoch
            let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
            let history = PropagatedHistory(sets: sets, days: days, window: 50)
            let burn = Self.burnDay + SyntheticOrbit.start.seconds(since: start) / 86_400
            let i = try #require(days.firstIndex { $0 > burn })
            let lag = history.lagDays(around: i)
            #expect(lag > 1.5 && lag < 2.5, "lag \(lag) days")
            let plain = AlongTrackKink.shortAndLong(history).short[i]
            let refit = AlongTrackKink.fit(history, gapBefore: i, skippingAfterGapUntil: days[i - 1] + lag)
            plainErrors.append(abs(plain.burnDay - burn) * 24)
            refitErrors.append(abs(refit.burnDay - burn) * 24)
        }
        let plain = plainErrors.reduce(0, +) / 7, refit = refitErrors.reduce(0, +) / 7
        #expect(plain > 5, "plain fit \(plainErrors) h")
        #expect(refit < 0.5 * plain, "refit \(refitErrors) h, plain \(plainErrors) h")
    }
}
