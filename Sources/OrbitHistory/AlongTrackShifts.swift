import Astrodynamics
import Foundation

/// Burn pairs that cancel: a raise undone hours later (or a lowering undone), as collision-avoidance and some
/// calibration manoeuvres are flown, leaves the orbit as it was but the satellite shifted along track.
///
/// While the orbit is raised by `Δa` the satellite falls behind at `(3/2)(Δa/a)v = 3Δv` per unit time, so a pair of
/// tangential burns `+Δv`, `−Δv` a time `Δt` apart shifts it by `−3 Δv Δt` and changes nothing else: no step of the
/// mean motion and no change of along-track speed for the other signals to see. The short along-track fit of each gap
/// (`AlongTrackKink`) already carries that shift as `κ`, the change of offset at the first set after the gap. A shift
/// is a burn pair when one burn cannot explain it: one burn at `t_b` in the gap (or up to a day before the set
/// ahead of it, as the sets may show it one issue late) gives `κ = −δ (t_i − t_b)` with `δ` its change of speed, so
/// `|κ|` is at most `|δ|` times the reach of the interval; a shift over ``unexplainedFactor`` times that reach is
/// taken as a pair.
enum AlongTrackShifts {
    /// How many times the largest shift a single burn in the interval could make (its change of speed times the
    /// interval's reach) a shift must exceed to be scored as a burn pair.
    static let unexplainedFactor = 2.0
    /// Smallest along-track shift scored, km: the along-track scatter of a single public near-Earth set is a few
    /// hundred metres.
    static let minimumShiftKm = 0.3
}

extension ManoeuvreScan {
    /// The burn-pair score of the gap before set `i`: the short fit's `|κ|` over its standard error when the shift
    /// is at least ``AlongTrackShifts/minimumShiftKm`` and one burn in ``kinkTimeBounds(gapBefore:)`` cannot
    /// explain it, else 0.
    func shiftScore(_ kink: AlongTrackKink, gapBefore i: Int) -> Double {
        guard i >= 2, kink.offsetChangeKm.isFinite, kink.speedChangeKmPerDay.isFinite else { return 0 }
        let shift = abs(kink.offsetChangeKm)
        let reachDays = days[i] - kinkTimeBounds(gapBefore: i).lowerBound
        guard shift >= AlongTrackShifts.minimumShiftKm,
              shift > AlongTrackShifts.unexplainedFactor * abs(kink.speedChangeKmPerDay) * reachDays else { return 0 }
        return kink.offsetScore
    }

    /// In-plane burn pairs at the along-track shifts of the short fits `short` that score above the object's own
    /// false-discovery threshold (never below `floor`), highest within ``KinkChannels/neighbourSets`` sets either
    /// side, more than ``KinkChannels/separationSeconds`` from every time in `taken` and from each other.
    ///
    /// A shift does not tell when in its interval the pair was flown: the time reported is the middle of
    /// ``kinkTimeBounds(gapBefore:)``. The Δv reported is the smallest that explains the shift, two burns of
    /// `|κ| / (3 L)` each with `L` the interval's length (the real burns are larger when they were closer together).
    func shiftManoeuvres(_ short: [AlongTrackKink], floor: Double, taken: [Instant]) -> [Manoeuvre] {
        let scores = short.indices.map { shiftScore(short[$0], gapBefore: $0) }
        let cut = kinkCut(scores, floor: floor)
        guard cut.isFinite else { return [] }
        var found: [Manoeuvre] = []
        var taken = taken
        for i in 2..<(count - 1) where isKinkPeak(scores, at: i, above: cut) {
            let bounds = kinkTimeBounds(gapBefore: i)
            let day = (bounds.lowerBound + bounds.upperBound) / 2
            let time = start.adding(seconds: day * 86_400)
            guard Self.isClear(time, of: taken) else { continue }
            taken.append(time)
            let lengthSeconds = (bounds.upperBound - bounds.lowerBound) * 86_400
            let eachMetresPerSecond = abs(short[i].offsetChangeKm) * 1000 / (3 * lengthSeconds)
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: time, kind: .inPlane,
                deltaVMetresPerSecond: 2 * eachMetresPerSecond,
                confidence: 0.5 * min(1, 2 * (1 - cut / scores[i])),
                precedingEpoch: sets[intervalStart(forBurnDay: day, after: i - 2)].epoch,
                followingEpoch: sets[i].epoch,
                semiMajorAxisChangeKm: 0,
                inclinationChangeDeg: inclination.level[i] - inclination.level[i - 1], significance: scores[i]))
        }
        return found
    }
}
