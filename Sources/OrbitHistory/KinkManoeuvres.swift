import Astrodynamics
import Foundation

/// How the along-track kinks of a near-Earth history become manoeuvres: four channels (the short fit, the long fit,
/// both together, and raising kinks of the long fit), each scored against its own cut.
enum KinkChannels {
    /// Short-fit score a kink that both fits show must reach (it is then scored by the sum of its two scores over
    /// their minimums, at least 2).
    static let jointShortScore = 6.0
    /// Multiple of the object's median long-fit score a kink that both fits show must reach.
    static let jointLongMedians = 5.0
    /// Multiples of the object's median long-fit kink score a long-fit kink must exceed.
    static let longThresholdMedians = 8.0
    /// Sets either side of an along-track kink that must score lower (one burn disturbs the fits of its neighbours).
    static let neighbourSets = 3
    /// Smallest change of along-track speed an along-track kink is scored for, km/day: about a kilometre over the
    /// six days the fit follows the gap, the along-track accuracy of public near-Earth sets (Δv ≈ 0.8 mm/s).
    static let minimumSpeedChangeKmPerDay = 0.2
    /// Multiples of the object's median long-fit kink score a kink that raises the orbit, by a change of
    /// along-track speed at least ``raiseChangeMultiple`` times the object's typical one, must exceed. Drag only
    /// lowers a near-Earth orbit, and the burns that keep it on its track raise it: a one-sided test of a change that
    /// size needs a lower cut than ``longThresholdMedians``, which either sign may pass.
    static let raiseThresholdMedians = 5.0
    /// Multiple of the object's median change of along-track speed over all long fits a raising kink must reach.
    /// Kinks of the smooth model's mismatch in quiet weeks score high with small changes; the burns that keep a
    /// track are several times the typical change (TOPEX: 1.3–2.3 km/day, against a typical 0.22).
    static let raiseChangeMultiple = 4.0
    /// Smallest change of along-track speed a raising kink must reach, km/day: twice the least change any kink is
    /// scored for, since its cut is lower (in a quiet history with little drag the typical change is tiny, and four
    /// times it is still within the along-track accuracy of a set).
    static let raiseMinimumKmPerDay = 2 * minimumSpeedChangeKmPerDay
    /// An along-track kink this close to another detection is that manoeuvre, seconds (three days).
    static let separationSeconds = 3.0 * 86_400

    /// `scores` where the fit in `kinks` raised the orbit (a slower motion along track, δ < 0) by at least
    /// ``raiseChangeMultiple`` times the median |δ| of all of `kinks` and at least ``raiseMinimumKmPerDay``, and 0
    /// elsewhere.
    static func raisingScores(_ kinks: [AlongTrackKink], scores: [Double]) -> [Double] {
        let typical = Robust.median(kinks.compactMap {
            $0.speedChangeKmPerDay.isFinite ? abs($0.speedChangeKmPerDay) : nil
        }) ?? 0
        return zip(kinks, scores).map { kink, score in
            typical > 0 && -kink.speedChangeKmPerDay >= max(raiseChangeMultiple * typical, raiseMinimumKmPerDay)
                ? score : 0
        }
    }
}

extension ManoeuvreScan {
    /// Along-track kinks: small burns that the issued mean motion hides in its scatter but the positions show, more
    /// than ``KinkChannels/separationSeconds`` from every time in `taken` and from each other.
    ///
    /// The short fit is scored against the object's own false-discovery threshold, never below `floor`; the long
    /// one, whose scores grow with any mismatch of the smooth model over three weeks, against the object's median
    /// score; a kink each fit shows clearly, though neither passes its own cut alone, is taken too, and so is a long-fit
    /// kink that raises the orbit by several times the typical change above ``KinkChannels/raiseThresholdMedians``.
    /// The short fits' along-track shifts that no single burn explains follow as burn pairs
    /// (``shiftManoeuvres(_:floor:taken:)``). Every kink's time is corrected by how late the same fits placed the
    /// manoeuvres `earlier` channels found nearby (``KinkTimingCalibration``).
    func kinkManoeuvres(orbits: PropagatedHistory, floor: Double, found earlier: [Manoeuvre]) -> [Manoeuvre] {
        let (short, long) = AlongTrackKink.shortAndLong(orbits)
        let calibration = KinkTimingCalibration(scan: self, short: short, long: long, found: earlier)
        func scores(_ kinks: [AlongTrackKink]) -> [Double] {
            kinks.map { abs($0.speedChangeKmPerDay) >= KinkChannels.minimumSpeedChangeKmPerDay ? $0.score : 0 }
        }
        let shortScores = scores(short)
        let shortCut = kinkCut(shortScores, floor: floor)
        // The typical score of every gap, before small speed changes are set aside.
        let typical = Robust.median(long.map(\.score).filter { $0 > 0 }) ?? 0
        let longScores = typical > 0 ? scores(long).map { $0 / typical } : long.map { _ in 0 }
        let jointScores = (0..<count).map { i in
            shortScores[i] >= KinkChannels.jointShortScore && longScores[i] >= KinkChannels.jointLongMedians
                ? shortScores[i] / KinkChannels.jointShortScore + longScores[i] / KinkChannels.jointLongMedians : 0
        }
        let raiseScores = KinkChannels.raisingScores(long, scores: longScores)
        var found: [Manoeuvre] = []
        var taken = earlier.map(\.time)
        for (kinks, kinkScores, cut, isLong) in [(short, shortScores, shortCut, false),
                                                 (long, longScores, KinkChannels.longThresholdMedians, true),
                                                 (short, jointScores, 2.0.nextDown, false),
                                                 (long, raiseScores, KinkChannels.raiseThresholdMedians, true)] {
            let channel = kinkManoeuvres(kinks, scores: kinkScores, cut: cut, taken: taken, orbits: orbits,
                                         lateByDays: { calibration.lateDays(near: $0, long: isLong) })
            found += channel
            taken += channel.map(\.time)
        }
        return found + shiftManoeuvres(short, floor: floor, taken: taken)
    }

    /// The object's own false-discovery threshold over `scores`, never below `floor` (infinite when the rule flags
    /// nothing).
    func kinkCut(_ scores: [Double], floor: Double) -> Double {
        let cut = detector.objectThreshold(scores[...])
        return cut.isFinite ? max(cut, floor) : cut
    }

    /// Whether the score at set `i` is above `cut` and the highest within ``KinkChannels/neighbourSets`` sets either
    /// side (one burn disturbs the fits of its neighbours).
    func isKinkPeak(_ scores: [Double], at i: Int, above cut: Double) -> Bool {
        let reach = KinkChannels.neighbourSets
        return scores[i] > cut && scores[max(0, i - reach)...min(count - 1, i + reach)].allSatisfy { $0 <= scores[i] }
    }

    /// Whether `time` lies more than ``KinkChannels/separationSeconds`` from every time in `taken`.
    static func isClear(_ time: Instant, of taken: [Instant]) -> Bool {
        !taken.contains { abs($0.seconds(since: time)) < KinkChannels.separationSeconds }
    }

    /// Days a burn at the kink in the gap before set `i` may lie in: that gap and the one before, reaching back at
    /// least ``ManoeuvreScan/staleSetDays`` before set `i − 1` (a set issued within a day after a burn may still
    /// show the old orbit, and two sets issued hours apart may both).
    func kinkTimeBounds(gapBefore i: Int) -> ClosedRange<Double> {
        min(days[i - 2], days[i - 1] - Self.staleSetDays)...days[i]
    }

    /// In-plane manoeuvres at the along-track kinks scoring above `cut` (highest within
    /// ``KinkChannels/neighbourSets`` sets either side) that lie more than ``KinkChannels/separationSeconds`` from
    /// every time in `taken` and from each other. `lateByDays(day)` is how late these fits place a burn near `day`.
    func kinkManoeuvres(_ kinks: [AlongTrackKink], scores: [Double], cut: Double, taken: [Instant],
                        orbits: PropagatedHistory, lateByDays: (Double) -> Double = { _ in 0 }) -> [Manoeuvre] {
        guard cut.isFinite else { return [] }
        var found: [Manoeuvre] = []
        var taken = taken
        for i in 2..<(count - 1) where isKinkPeak(scores, at: i, above: cut) {
            guard kinks[i].burnDay.isFinite else { continue }
            // The public sets may show the burn one issue late: it lies in this gap or the one before, or within a
            // day before the set ahead of the gap when that gap is shorter (two sets issued hours apart after a burn
            // may both still show the old orbit, as in the step channel). The fitted time is uncertain (by days for
            // the smallest kinks); the time reported is its expectation given that it lies there, which tends to the
            // fitted time when that is sharp and inside, and stays off the ends of the interval when the fit is vague
            // or falls outside it.
            // Sets that carry the speed of days before their epoch (a lag h, measured from the neighbouring pairs,
            // see `PropagatedHistory.pairLag`) represent the orbit at about t − h: the sets after the gap whose t − h
            // still falls before it mostly show the old orbit along track and are left out of the timing fit.
            var timing = kinks[i]
            let skipUntil = days[i - 1] + orbits.lagDays(around: i)
            if skipUntil > days[i] {
                let refit = AlongTrackKink.fit(orbits, gapBefore: i, skippingAfterGapUntil: skipUntil)
                if refit.burnDay.isFinite { timing = refit }
            }
            let day = Robust.truncatedNormalMean(timing.burnDay - lateByDays(timing.burnDay),
                                                 standardError: timing.burnDayStandardError,
                                                 within: kinkTimeBounds(gapBefore: i))
            let time = start.adding(seconds: day * 86_400)
            guard Self.isClear(time, of: taken) else { continue }
            taken.append(time)
            let aKm = semiMajorAxesKm[i - 1]
            let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 86_400
            // δ = −(3/2)(Δa/a)v along track, and a tangential burn's Δv = v Δa / (2a) = |δ| / 3.
            let deltaA = -kinks[i].speedChangeKmPerDay * aKm / (1.5 * speedKmPerDay)
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: time, kind: .inPlane,
                deltaVMetresPerSecond: abs(kinks[i].speedChangeKmPerDay) / 3 * 1000 / 86_400,
                confidence: 0.5 * min(1, 2 * (1 - cut / scores[i])),
                precedingEpoch: sets[intervalStart(forBurnDay: day, after: i - 2)].epoch,
                followingEpoch: sets[i].epoch,
                semiMajorAxisChangeKm: deltaA,
                inclinationChangeDeg: inclination.level[i] - inclination.level[i - 1], significance: scores[i]))
        }
        return found
    }
}
