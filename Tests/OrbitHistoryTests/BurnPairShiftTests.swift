import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// Burn pairs that cancel (a raise undone hours later) leave the orbit as it was and shift the satellite along track.
@Suite struct BurnPairShiftTests {
    /// A raise of 50 m undone 4.8 h later, between two daily sets: the orbit is unchanged, the satellite is
    /// 3 Δv Δt ≈ 1.4 km behind. It is found as one in-plane manoeuvre whose interval holds the pair, with a Δv no
    /// larger than the pair's; the same history without the pair has no manoeuvre near that day.
    @Test(arguments: [UInt64(7), 19, 31])
    func cancellingPairIsFoundByItsShift(seed: UInt64) throws {
        let first = 100.45, second = 100.65
        let pair = try SyntheticOrbit(burnsA: [(first, 0.05), (second, -0.05)], seed: seed).elementSets()
        let history = try #require(ElementHistory.histories(from: pair).first)
        let found = ManoeuvreDetector().manoeuvres(in: history)
        let dayOf = { (time: Instant) in time.seconds(since: SyntheticOrbit.start) / 86_400 }
        let near = found.filter { abs(dayOf($0.time) - first) < 5 }
        #expect(near.count == 1, "\(found.map { dayOf($0.time) })")
        let manoeuvre = try #require(near.first)
        #expect(manoeuvre.kind == .inPlane)
        #expect(dayOf(manoeuvre.precedingEpoch) <= first && dayOf(manoeuvre.followingEpoch) >= second)
        #expect(abs(dayOf(manoeuvre.time) - first) < 1, "\(dayOf(manoeuvre.time))")
        // Each burn: v Δa / (2a) with v ≈ 7.55 km/s at 7000 km, 27 mm/s; the shift gives a lower bound on the sum.
        let eachMetresPerSecond = 7.546 * 0.05 / (2 * 7000) * 1000
        #expect(manoeuvre.deltaVMetresPerSecond > 0 && manoeuvre.deltaVMetresPerSecond <= 2 * eachMetresPerSecond,
                "\(manoeuvre.deltaVMetresPerSecond)")
        #expect(manoeuvre.semiMajorAxisChangeKm == 0)

        let quiet = try SyntheticOrbit(seed: seed).elementSets()
        let quietHistory = try #require(ElementHistory.histories(from: quiet).first)
        let quietFound = ManoeuvreDetector().manoeuvres(in: quietHistory)
        #expect(quietFound.allSatisfy { abs(dayOf($0.time) - first) >= 5 }, "\(quietFound.map { dayOf($0.time) })")
    }

    /// A single burn also changes the offset at the first set after it (κ = −δ (t_i − t_b)), by no more than its change
    /// of speed times the reach of the interval: the shift channel leaves it to the kink channel (score 0), while a
    /// shift with too little change of speed to explain it, or one below the along-track scatter of a set, is scored
    /// or left out as such.
    @Test func shiftsOneBurnExplainsAreNotScored() throws {
        let sets = try SyntheticOrbit(days: 40).elementSets()
        let history = try #require(ElementHistory.histories(from: sets).first)
        let scan = try #require(ManoeuvreScan(history: history, detector: ManoeuvreDetector()))
        let i = 20
        let reach = scan.days[i] - scan.kinkTimeBounds(gapBefore: i).lowerBound
        func kink(offsetKm: Double, speedKmPerDay: Double) -> AlongTrackKink {
            AlongTrackKink(speedChangeKmPerDay: speedKmPerDay, score: 50, burnDay: scan.days[i - 1],
                           burnDayStandardError: 0.1, offsetChangeKm: offsetKm, offsetScore: 40)
        }
        // One burn half-way through the gap: κ = −δ × (half the gap).
        let gap = scan.days[i] - scan.days[i - 1]
        #expect(scan.shiftScore(kink(offsetKm: -1.0 * gap / 2, speedKmPerDay: 1.0), gapBefore: i) == 0)
        // A shift of 2 km with a change of speed that explains a tenth of it: a burn pair.
        #expect(scan.shiftScore(kink(offsetKm: -2, speedKmPerDay: 0.2 / reach), gapBefore: i) == 40)
        // Just inside the factor: not scored; just outside: scored.
        let limit = AlongTrackShifts.unexplainedFactor * reach
        #expect(scan.shiftScore(kink(offsetKm: 2, speedKmPerDay: 2 / limit * 1.01), gapBefore: i) == 0)
        #expect(scan.shiftScore(kink(offsetKm: 2, speedKmPerDay: 2 / limit * 0.99), gapBefore: i) == 40)
        // Below the along-track scatter of one set.
        #expect(scan.shiftScore(kink(offsetKm: 0.2, speedKmPerDay: 0), gapBefore: i) == 0)
        // Unavailable fits score nothing.
        #expect(scan.shiftScore(.unavailable, gapBefore: i) == 0)
    }
}
