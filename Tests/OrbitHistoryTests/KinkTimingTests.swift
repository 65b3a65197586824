import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// How an along-track kink is timed: the fit's burn time with its standard error, and the expectation of a time known
/// to lie in an interval.
@Suite struct KinkTimingTests {
    /// The mean of a normal distribution restricted to an interval, against a numerical integration of the density.
    @Test(arguments: [
        (mean: 0.5, standardError: 0.1, lower: 0.0, upper: 1.0),    // sharp and inside: the mean itself
        (mean: 0.9, standardError: 0.3, lower: 0.0, upper: 1.0),    // near one end: pulled inwards
        (mean: -2.0, standardError: 0.5, lower: 0.0, upper: 1.0),   // outside, sharp: close to the near end
        (mean: -2.0, standardError: 20.0, lower: 0.0, upper: 1.0),  // outside, vague: close to the middle
        (mean: 3.0, standardError: 1.0, lower: -1.0, upper: 1.5),   // outside above
        (mean: 12.0, standardError: 1.5, lower: 0.0, upper: 2.0),   // far outside: mass 10⁻¹¹, from the tail
    ])
    func truncatedNormalMeanMatchesIntegration(mean: Double, standardError: Double, lower: Double, upper: Double) {
        let steps = 200_000
        var weight = 0.0, moment = 0.0
        for k in 0..<steps {
            let x = lower + (Double(k) + 0.5) / Double(steps) * (upper - lower)
            let z = (x - mean) / standardError
            // Densities relative to the one at the interval's nearest point keep the far case in range.
            let nearest = min(max(mean, lower), upper)
            let z0 = (nearest - mean) / standardError
            let density = exp(-0.5 * (z * z - z0 * z0))
            weight += density
            moment += density * x
        }
        let expected = moment / weight
        let computed = Robust.truncatedNormalMean(mean, standardError: standardError, within: lower...upper)
        #expect(abs(computed - expected) < 1e-6 * (upper - lower), "\(computed) against \(expected)")
        #expect(computed >= lower && computed <= upper)
    }

    /// Without a usable standard error the time is the mean clamped to the interval; no NaN comes out.
    @Test func truncatedNormalMeanWithoutAnErrorClamps() {
        #expect(Robust.truncatedNormalMean(-3, standardError: .nan, within: 0...1) == 0)
        #expect(Robust.truncatedNormalMean(4, standardError: 0, within: 0...1) == 1)
        #expect(Robust.truncatedNormalMean(0.25, standardError: .infinity, within: 0...1) == 0.25)
        #expect(Robust.truncatedNormalMean(0.25, standardError: 1, within: 2...2) == 2)
        #expect(Robust.truncatedNormalMean(-1e300, standardError: 1, within: 0...1) == 0)
    }

    /// The standard error the kink fit gives its burn time describes the error of that time: over 40 synthetic
    /// histories with independent noise, the burn-time errors divided by their stated standard errors scatter by one
    /// (robust sigma within 0.7–1.4) and the times centre within an hour of the burn, for a 15 m raise (8 mm/s, a
    /// weak kink) and a 50 m one (27 mm/s), short fit at the gap of the burn.
    @Test(arguments: [0.015, 0.05])
    func kinkBurnTimeStandardErrorDescribesItsError(raiseKm: Double) throws {
        let burnDay = 60.3
        var normalised: [Double] = [], errorsHours: [Double] = []
        for seed in UInt64(100)..<140 {
            let sets = try SyntheticOrbit(days: 90, burnsA: [(burnDay, raiseKm)], seed: seed).elementSets()
            let start = sets[0].epoch
            let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
            let orbits = PropagatedHistory(sets: sets, days: days, window: 50)
            let i = try #require(days.firstIndex { $0 > burnDay })
            let kink = AlongTrackKink.shortAndLong(orbits).short[i]
            #expect(kink.burnDayStandardError.isFinite && kink.burnDayStandardError > 0, "\(kink)")
            // The history's days count from its first set, a fraction of a day after the synthetic orbit's day 0.
            let error = kink.burnDay + start.seconds(since: SyntheticOrbit.start) / 86_400 - burnDay
            errorsHours.append(error * 24)
            normalised.append(error / kink.burnDayStandardError)
        }
        let scatter = try #require(Robust.sigma(normalised))
        #expect(scatter > 0.7 && scatter < 1.4, "\(normalised)")
        // The fitted times centre on the burn (within the along-track offsets' averaging over an orbit).
        #expect(abs(Robust.median(errorsHours) ?? .nan) < 1, "\(errorsHours)")
    }
}

/// The interval a kink's burn time is taken from.
@Suite struct KinkTimeBoundsTests {
    /// A kink's burn lies in its gap or the one before (the sets may show it one issue late), and at least a day
    /// before the set ahead of its gap: when that set was reissued hours after the one before it, both may still show
    /// the old orbit, and the interval reaches back past the pair.
    @Test func reachesBackADayPastASetReissuedHoursLater() throws {
        var orbit = SyntheticOrbit(days: 40)
        orbit.extraEpochs = [20.3]   // the set of day 20 falls in 20.0 ..< 20.4; this one follows it within hours
        let sets = try orbit.elementSets()
        let history = try #require(ElementHistory.histories(from: sets).first)
        let scan = try #require(ManoeuvreScan(history: history, detector: ManoeuvreDetector()))
        #expect(scan.sets.count == 41)
        let days = scan.days
        let reissued = try #require(days.indices.first { $0 > 0 && days[$0] - days[$0 - 1] < 0.4 })
        // The gap after the reissued set: the set two back is hours before the one ahead, so a day back is earlier.
        let afterPair = scan.kinkTimeBounds(gapBefore: reissued + 1)
        #expect(abs(afterPair.lowerBound - (days[reissued] - 1)) < 1e-9, "\(afterPair) \(days[reissued])")
        #expect(afterPair.upperBound == days[reissued + 1])
        // A gap whose set two back is more than a day before the one ahead: the interval starts at that set.
        let wide = try #require((reissued + 2..<days.count).first { days[$0 - 1] - days[$0 - 2] > 1 })
        let ordinary = scan.kinkTimeBounds(gapBefore: wide)
        #expect(ordinary.lowerBound == days[wide - 2])
        #expect(ordinary.upperBound == days[wide])
    }
}

/// Which gaps the along-track kink fits are made for.
@Suite struct KinkFitSpanTests {
    /// A history with a week without sets: no fit reads sets on both sides of the hole (its curve would extrapolate
    /// across the week), while every gap whose sets are about a day apart is fitted as before.
    @Test func noFitSpansAWeekWithoutSets() throws {
        let sets = try SyntheticOrbit(days: 80).elementSets().filter {
            let day = $0.epoch.seconds(since: SyntheticOrbit.start) / 86_400
            return day < 40 || day >= 47
        }
        let start = sets[0].epoch
        let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
        let hole = try #require(days.indices.first { $0 > 0 && days[$0] - days[$0 - 1] > 5 })
        let orbits = PropagatedHistory(sets: sets, days: days, window: 50)
        let (short, long) = AlongTrackKink.shortAndLong(orbits)
        for i in AlongTrackKink.setsPerSide...(sets.count - AlongTrackKink.setsPerSide) {
            // The short fit reads sets i − 6 ..< i + 6: it spans the hole when both the sets before and after it are in.
            let spans = i - AlongTrackKink.setsPerSide < hole && hole <= i + AlongTrackKink.setsPerSide - 1
            #expect(AlongTrackKink.spansLongGap(days, gapBefore: i, setsPerSide: AlongTrackKink.setsPerSide) == spans)
            #expect(short[i].speedChangeKmPerDay.isFinite == !spans, "gap before set \(i), hole before \(hole)")
        }
        let longReach = AlongTrackKink.longSetsPerSide
        for i in longReach...(sets.count - longReach) where i - longReach < hole && hole <= i + longReach - 1 {
            #expect(!long[i].speedChangeKmPerDay.isFinite && long[i].score == 0)
        }
        // Far from the hole both fits are made.
        #expect(short[hole + 20].speedChangeKmPerDay.isFinite && long[hole + 20].speedChangeKmPerDay.isFinite)
        // Gaps of exactly the limit still count as ordinary.
        #expect(!AlongTrackKink.spansLongGap([0, 1, 2, 7, 8, 9], gapBefore: 3, setsPerSide: 3))
        #expect(AlongTrackKink.spansLongGap([0, 1, 2, 7.01, 8, 9], gapBefore: 3, setsPerSide: 3))
    }
}

/// Steps across a week without sets.
@Suite struct StepAcrossHoleTests {
    /// Two raises of 12 km inside a week without sets (an orbit change flown while no sets were published, as Jason-3's
    /// move of April 2022): the sets either side are then more than 100° apart along the orbit, too far for the
    /// along-track confirmation (whose separation is measured along the local direction of motion), but a step this
    /// far out of the noise is reported all the same, once, inside the hole, with the whole change.
    @Test func largeStepAcrossAHoleIsReported() throws {
        let sets = try SyntheticOrbit(days: 90, burnsA: [(41.5, 12), (45.5, 12)]).elementSets().filter {
            let day = $0.epoch.seconds(since: SyntheticOrbit.start) / 86_400
            return day < 40 || day >= 47
        }
        let history = try #require(ElementHistory.histories(from: sets).first)
        let found = ManoeuvreDetector().manoeuvres(in: history)
        let dayOf = { (time: Instant) in time.seconds(since: SyntheticOrbit.start) / 86_400 }
        let near = found.filter { dayOf($0.time) > 35 && dayOf($0.time) < 52 }
        #expect(near.count == 1, "\(found.map { (dayOf($0.time), $0.semiMajorAxisChangeKm) })")
        let step = try #require(near.first)
        #expect(step.kind == .inPlane)
        #expect(dayOf(step.time) >= 40 - 1 && dayOf(step.time) <= 47.4, "\(dayOf(step.time))")
        #expect(abs(step.semiMajorAxisChangeKm - 24) < 1, "\(step.semiMajorAxisChangeKm)")
    }
}
