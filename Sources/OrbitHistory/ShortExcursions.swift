import Astrodynamics
import Foundation

/// Runs of consecutive sets whose own changes of the semi-major axis each stand out but do not persist: an orbit
/// raised and lowered again a day later (a collision-avoidance or phasing pair), which the persistent-step test
/// cannot see.
struct ShortExcursions {
    /// Candidate runs (indices of the sets whose change is a burn).
    var runs: [ClosedRange<Int>]
    /// Absolute single-set change of the semi-major axis at every set, noise sigmas.
    var singleScores: [Double]
    /// The object's threshold for single-set changes.
    var threshold: Double

    /// Most consecutive burns an excursion may hold.
    static let maximumBurns = 3
    /// Smallest share of the largest change in a run that a burn of the excursion carries (the settling of the sets
    /// around the burns carries less).
    static let burnFraction = 0.1
    /// How many times its object's threshold every change of an excursion must exceed to be taken as a burn without
    /// the along-track check.
    static let certainFactor = 10.0
    /// Smallest along-track separation, km, an excursion must predict between the sets either side of it to be
    /// checked: a few times the along-track accuracy of public near-Earth element sets (about a kilometre).
    static let minimumSeparationKm = 3.0
}

extension ManoeuvreScan {
    /// The candidate excursions of a near-Earth history; their threshold comes from the object's single-set changes,
    /// like the other signals' (none when the along-track confirmation is off).
    func shortExcursions() -> ShortExcursions {
        var runs: [ClosedRange<Int>] = []
        let singleScores = (0..<count).map { $0 >= 1 ? abs(singleStep($0)) : 0 }
        let threshold = detector.objectThreshold(singleScores[2..<(count - 1)])
        if detector.alongTrackConsistency != nil, nearEarth, threshold.isFinite {
            var j = 2
            while j < count - 1 {
                guard singleScores[j] > threshold else { j += 1; continue }
                var end = j
                while end + 1 < count - 1, singleScores[end + 1] > threshold { end += 1 }
                // The burns are the changes of at least a tenth of the largest one in the run; the settling of the
                // element sets around them is not.
                let largest = singleScores[j...end].max() ?? 0
                let members = (j...end).filter { singleScores[$0] >= ShortExcursions.burnFraction * largest }
                if let first = members.first, let last = members.last, last > first,
                   members.count == last - first + 1, members.count <= ShortExcursions.maximumBurns {
                    runs.append(first...last)
                }
                j = end + 1
            }
        }
        return ShortExcursions(runs: runs, singleScores: singleScores, threshold: threshold)
    }

    /// One in-plane manoeuvre per change of every real excursion, appended to `found` (their sets to `reported`).
    ///
    /// An excursion is real when the sets either side of it have separated along track as its changes of the
    /// semi-major axis predict; a single bad set in between leaves them together. Runs next to a reported step are
    /// left to it.
    func reportExcursions(_ excursions: ShortExcursions, orbits: PropagatedHistory, found: inout [Manoeuvre],
                          reported: inout [Int]) {
        let singleScores = excursions.singleScores, thresholdX = excursions.threshold
        let a = semiMajorAxesKm
        for run in excursions.runs
        where !reported.contains(where: { $0 >= run.lowerBound - 1 && $0 <= run.upperBound + 1 }) {
            let before = run.lowerBound - 1, after = run.upperBound
            var burnDays: [Double] = []
            for j in run {
                guard let t = orbits.burnDay(between: j - 1, and: j, latest: days[j], calibrationIndex: j) else { break }
                burnDays.append(t)
            }
            guard burnDays.count == run.count, let allowed = detector.alongTrackConsistency,
                  let observed = orbits.driftKm(early: before, late: after, calibrationIndex: before) else { continue }
            let aKm = a[before]
            let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 86_400
            var expected = 0.0
            for (k, j) in run.enumerated() {
                let deltaA = semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]
                expected += -1.5 * deltaA / aKm * speedKmPerDay * (days[after] - burnDays[k])
            }
            let ratio = observed / expected
            let agrees = abs(expected) >= ShortExcursions.minimumSeparationKm && ratio.isFinite
                && ratio >= 1 / allowed && ratio <= allowed
            // A single bad set (mean motion wrong, position at its epoch right) puts both crossings around it at its
            // own epoch.
            let badSet = run.dropLast().contains { j in
                let k = j - run.lowerBound
                return burnDays[k] - days[j - 1] >= 0.9 * (days[j] - days[j - 1])
                    && burnDays[k + 1] - days[j] <= 0.1 * (days[j + 1] - days[j])
            }
            // A sequence planned to end at the old position along track (a phasing or calibration sequence) cannot be
            // checked by the separation; changes far beyond any noise (every one over ten times the object's
            // threshold) and without that mark of a bad set are taken as burns then.
            let certain = !badSet && run.allSatisfy { singleScores[$0] > ShortExcursions.certainFactor * thresholdX }
            guard agrees || certain else { continue }
            let consistency = agrees ? 1 - 0.5 * abs(log(ratio)) / log(max(allowed, 1.000_001)) : 0.75
            for (k, j) in run.enumerated() {
                let deltaA = semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]
                let score = singleScores[j]
                found.append(Manoeuvre(
                    catalogNumber: history.catalogNumber, time: start.adding(seconds: burnDays[k] * 86_400),
                    kind: .inPlane,
                    deltaVMetresPerSecond: inPlaneDeltaVMetresPerSecond(semiMajorAxisChangeKm: deltaA,
                                                                        at: run.lowerBound),
                    confidence: min(1, max(0, (0.5 + 0.5 * min(1, 2 * (1 - thresholdX / score))) * consistency)),
                    precedingEpoch: sets[j - 1].epoch, followingEpoch: sets[j].epoch,
                    semiMajorAxisChangeKm: deltaA,
                    inclinationChangeDeg: inclination.level[j] - inclination.level[j - 1], significance: score))
                reported.append(j)
            }
        }
    }
}
