import Foundation

/// Steps of the semi-major axis that the public sets took up over several issues (about five daily issues for the
/// slowly decaying orbits of Jason-2 and TOPEX), so no single set stands out: the mean level of a few sets after a
/// short transition against the few sets before, scored against the spread of the same statistic over the object's
/// own neighbouring sets.
struct GradualSteps {
    /// The flagged sets: local maxima of the score above the object's threshold.
    var indices: [Int]
    /// The windowed change of the level at every set, km (NaN near the ends).
    var change: [Double]
    /// The change over its local spread at every set.
    var scores: [Double]
    /// The object's threshold for the score.
    var threshold: Double
    /// Sets averaged either side.
    var setCount: Int
    /// Sets skipped after the first changed one.
    var skip: Int

    /// Sets either side of a flagged set that belong to the same step.
    var reach: Int { setCount + skip }

    /// Sets averaged either side of a gradual step.
    static let averagedSets = 4
}

extension ManoeuvreScan {
    /// The gradual steps of the history (none when ``ManoeuvreDetector/absorptionSetCount`` is `nil`).
    func gradualSteps() -> GradualSteps {
        let k = detector.absorptionSetCount == nil ? 0 : GradualSteps.averagedSets
        let skip = detector.absorptionSetCount ?? 0
        let change = (0..<count).map { k > 0 ? semiMajorAxis.windowChange(at: $0, sets: k, skip: skip) ?? .nan : .nan }
        let changeSigma = DetrendedSeries.localSigma(change, window: max(5, detector.noiseSetCount),
                                                     quantile: detector.noiseQuantile, floor: semiMajorAxisResolutionKm)
        let scores = (0..<count).map { change[$0].isFinite ? abs(change[$0]) / changeSigma[$0] : 0 }
        var indices: [Int] = []
        let reach = k + skip
        let threshold = k > 0 ? detector.objectThreshold(scores[2..<(count - 1)]) : .infinity
        if k > 0 {
            for i in 2..<(count - 1) where scores[i] > threshold {
                let neighbours = max(0, i - reach)...min(count - 1, i + reach)
                guard neighbours.allSatisfy({ scores[$0] <= scores[i] }),
                      indices.last.map({ i - $0 > reach }) ?? true else { continue }
                indices.append(i)
            }
        }
        return GradualSteps(indices: indices, change: change, scores: scores, threshold: threshold, setCount: k,
                            skip: skip)
    }

    /// In-plane manoeuvres at the gradual steps that are not next to a reported step (that is the same burn) and pass
    /// the along-track confirmation between the set before the step and the first fully absorbed set, assuming the
    /// burn at the start of the ramp (an issued mean-motion change without along-track motion fails).
    func gradualManoeuvres(_ gradual: GradualSteps, orbits: PropagatedHistory, reported: [Int]) -> [Manoeuvre] {
        let k = gradual.setCount, skip = gradual.skip, reach = gradual.reach
        var found: [Manoeuvre] = []
        for i in gradual.indices where !reported.contains(where: { abs($0 - i) <= reach + 1 }) {
            let deltaA = gradual.change[i]
            // The burn lies shortly before the first set that moved (the public sets lag it by up to a set): the
            // along-track crossing of the set before it and the first fully absorbed set, from one set earlier on.
            let early = max(0, i - 1), late = min(count - 1, i + skip)
            let time = orbits.burnDay(between: early, and: late, earliest: days[max(0, i - 2)], latest: days[late],
                                      calibrationIndex: i)
                ?? days[i - 1] + detector.timeFractionOfGap * (days[i] - days[i - 1])
            if let allowed = detector.alongTrackConsistency {
                // Checked against a burn at the start of the ramp rather than the fitted crossing, which a change
                // without along-track motion would pull to the end of the interval (where any drift is consistent).
                let ratio = orbits.alongTrackRatio(early: early, late: late, burnDay: days[early],
                                                   semiMajorAxisChangeKm: deltaA, semiMajorAxisKm: semiMajorAxesKm[i],
                                                   calibrationIndex: i)
                guard let ratio, ratio >= 1 / allowed, ratio <= allowed else { continue }
            }
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: start.adding(seconds: time * 86_400), kind: .inPlane,
                deltaVMetresPerSecond: inPlaneDeltaVMetresPerSecond(semiMajorAxisChangeKm: deltaA, at: i),
                confidence: 0.5 * min(1, 2 * (1 - gradual.threshold / gradual.scores[i])),
                precedingEpoch: sets[intervalStart(forBurnDay: time, after: early)].epoch,
                followingEpoch: sets[min(count - 1, i + skip)].epoch,
                semiMajorAxisChangeKm: deltaA,
                inclinationChangeDeg: inclination.levelChange(before: max(0, i - k)..<i,
                                                              after: min(count - 1, i + skip)..<min(count, i + skip + k)),
                significance: gradual.scores[i]))
        }
        return found
    }
}
