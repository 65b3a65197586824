import Astrodynamics
import ElementSets
import Foundation

/// One object's history prepared for the detector's passes (persistent steps, short excursions, gradual steps and
/// along-track kinks): the epochs in days, the semi-major axis and the inclination as detrended level series with
/// their local noise, and whether the orbit is near-Earth.
struct ManoeuvreScan {
    /// The settings the passes read.
    let detector: ManoeuvreDetector
    /// The object's cleaned history.
    let history: ElementHistory
    /// The history's element sets, in epoch order.
    let sets: [ElementSet]
    /// Number of sets.
    let count: Int
    /// Epoch of the first set, the origin of ``days``.
    let start: Instant
    /// Epochs, days since ``start``.
    let days: [Double]
    /// Semi-major axes from the mean motions, km.
    let semiMajorAxesKm: [Double]
    /// Detrended semi-major axis, km.
    let semiMajorAxis: DetrendedSeries
    /// Detrended inclination, degrees.
    let inclination: DetrendedSeries
    /// Period under 225 minutes. Splitting a sequence, excursions and kinks rely on the along-track accuracy of single
    /// sets, which deep-space sets (SDP4, sparser tracking) do not have.
    let nearEarth: Bool
    /// The resolution of the semi-major axis that the TLE mean-motion field gives, km.
    let semiMajorAxisResolutionKm: Double

    /// Prepares `history` for `detector`; `nil` for fewer than five sets.
    init?(history: ElementHistory, detector: ManoeuvreDetector) {
        let sets = history.elementSets
        guard sets.count >= 5 else { return nil }
        self.detector = detector
        self.history = history
        self.sets = sets
        count = sets.count
        let start = sets[0].epoch
        self.start = start
        let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
        self.days = days
        let a = sets.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        semiMajorAxesKm = a
        // Noise floors at the resolution of the TLE fields, so repeated identical issues do not make any
        // last-digit change significant: mean motion to 1e-8 rev/day is δa = (2/3)·a·δn/n.
        let typicalN = Robust.median(sets.map(\.meanMotionRevPerDay)) ?? 1
        let resolution = 2.0 / 3.0 * (Robust.median(a) ?? 7000) * ManoeuvreDetector.meanMotionResolutionRevPerDay
            / typicalN
        semiMajorAxisResolutionKm = resolution
        semiMajorAxis = DetrendedSeries(values: a, days: days, window: detector.noiseSetCount, sigmaFloor: resolution,
                                        quantile: detector.noiseQuantile)
        inclination = DetrendedSeries(values: sets.map(\.inclinationDeg), days: days, window: detector.noiseSetCount,
                                      sigmaFloor: ManoeuvreDetector.inclinationResolutionDeg,
                                      quantile: detector.noiseQuantile)
        nearEarth = 1440 / typicalN < 225
    }

    /// Single-set change of the semi-major axis at set `j` in noise sigmas (signed).
    func singleStep(_ j: Int) -> Double {
        (semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]) / semiMajorAxis.sigma[j]
    }

    /// The set a reported interval starts from for a burn at `day` taken to follow set `early`: the last set at or
    /// before that time when the burn time was followed back past set `early`, so that the interval always contains
    /// the time.
    func intervalStart(forBurnDay day: Double, after early: Int) -> Int {
        var start = early
        while start > 0, day < days[start] { start -= 1 }
        return start
    }

    /// Multiples of the detector's least score (``ManoeuvreDetector/threshold``) an in-plane step across more than
    /// ``AlongTrackKink/longestGapDays`` without sets must reach to be reported without the along-track confirmation.
    /// Across a week the sets either side can lie over 100° apart along the orbit (Jason-3's 20 km raise of April
    /// 2022), beyond what a separation measured along the local direction of motion can confirm; no fitting artefact
    /// of the element sets makes a step that size.
    static let holeStepThresholds = 10.0

    /// How long after a burn a public set may still show the old orbit, days: the reported time of a step may follow
    /// its along-track crossing back this far before the first set taken to precede the burn.
    static let staleSetDays = 1.0

    /// Δv of a tangential burn that changed the semi-major axis by `deltaA` at set `i`: v·|Δa| / (2a), with a and v
    /// those of the set before, m/s.
    func inPlaneDeltaVMetresPerSecond(semiMajorAxisChangeKm deltaA: Double, at i: Int) -> Double {
        let aKm = semiMajorAxesKm[i - 1]
        return Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 1000 * abs(deltaA) / (2 * aKm)
    }
}

/// A set whose detrended semi-major axis or inclination stepped, and stayed, out of the object's noise.
struct StepFlag {
    /// The first set after the step.
    var index: Int
    /// Score of the semi-major-axis step, noise sigmas.
    var inPlane: Double
    /// Score of the inclination step, noise sigmas.
    var outOfPlane: Double
    /// The larger of the two.
    var score: Double
    /// Part of a sequence of separately significant burns on consecutive sets.
    var inSequence = false
}

/// The persistent steps of one history and the object's thresholds they passed.
struct PersistentSteps {
    /// Flagged sets, in order.
    var flags: [StepFlag]
    /// The object's threshold for semi-major-axis steps.
    var inPlaneThreshold: Double
    /// The object's threshold for inclination steps.
    var outOfPlaneThreshold: Double
}

extension ManoeuvreScan {
    /// The persistent steps above the object's thresholds; of two flags on consecutive sets only the first is kept
    /// unless the second is over three times stronger, or the two are a burn sequence.
    func persistentSteps() -> PersistentSteps {
        var flags: [StepFlag] = []
        let inPlaneScores = (0..<count).map { semiMajorAxis.stepScore(at: $0) }
        let outOfPlaneScores = (0..<count).map { inclination.stepScore(at: $0) }
        let thresholdA = detector.objectThreshold(inPlaneScores[2..<(count - 1)])
        let thresholdI = detector.objectThreshold(outOfPlaneScores[2..<(count - 1)])
        for i in 2..<(count - 1) {
            let inPlane = inPlaneScores[i], outOfPlane = outOfPlaneScores[i]
            let score = max(inPlane, outOfPlane)
            guard inPlane > thresholdA || outOfPlane > thresholdI else { continue }
            var flag = StepFlag(index: i, inPlane: inPlane, outOfPlane: outOfPlane, score: score)
            if let last = flags.last, i - last.index <= 1 {
                // Two burns on consecutive sets: each set's own change stands out, and neither is a small remainder
                // of the other (a burn absorbed over two issues leaves a small second step).
                let previous = singleStep(last.index), current = singleStep(i)
                if nearEarth, let fraction = detector.sequenceFraction, abs(previous) > thresholdA,
                   abs(current) > thresholdA, previous * current > 0,
                   min(abs(previous), abs(current)) >= fraction * max(abs(previous), abs(current)) {
                    flags[flags.count - 1].inSequence = true
                    flag.inSequence = true
                    flags.append(flag)
                } else if score > 3 * last.score {
                    flags[flags.count - 1] = flag
                }
                continue
            }
            flags.append(flag)
        }
        return PersistentSteps(flags: flags, inPlaneThreshold: thresholdA, outOfPlaneThreshold: thresholdI)
    }

    /// The manoeuvres at the persistent steps that pass the along-track (in-plane) or node-rate (out-of-plane)
    /// confirmation, appended to `found`, with the index of each reported set appended to `reported`.
    func reportSteps(_ steps: PersistentSteps, orbits: PropagatedHistory, nodes: NodeHistory,
                     found: inout [Manoeuvre], reported: inout [Int]) {
        let thresholdA = steps.inPlaneThreshold, thresholdI = steps.outOfPlaneThreshold
        let a = semiMajorAxesKm
        var lastRamp: (first: Int, last: Int, sign: Double)?
        for flag in steps.flags {
            let i = flag.index
            let inPlaneLed = flag.inPlane >= flag.outOfPlane
            var deltaA = semiMajorAxis.levelChange(before: max(0, i - 3)..<i, after: i..<min(count, i + 3))
            let deltaI = inclination.levelChange(before: max(0, i - 3)..<i, after: i..<min(count, i + 3))
            // Where the burn lies: in the gap before set i, or before the first set of a ramp when the public sets
            // absorbed the change over several issues.
            var early = i - 1, late = i, latest = i, reportedDeltaA = deltaA
            // A member of a burn sequence is reported on its own only when the sets either side of it, on their own,
            // show the along-track drift its change predicts; otherwise the sets absorbed one burn over several issues.
            var sequenceTime: Double?
            if inPlaneLed, flag.inSequence, let allowed = detector.alongTrackConsistency {
                let own = semiMajorAxis.level[i] - semiMajorAxis.level[i - 1]
                if let t = orbits.burnDay(between: i - 1, and: i, latest: days[i], calibrationIndex: i),
                   let ratio = orbits.alongTrackRatio(early: i - 1, late: i, burnDay: t, semiMajorAxisChangeKm: own,
                                                      semiMajorAxisKm: a[i], calibrationIndex: i),
                   ratio >= 1 / allowed, ratio <= allowed {
                    sequenceTime = t
                }
            }
            if inPlaneLed, sequenceTime != nil {
                lastRamp = (i, i, deltaA >= 0 ? 1 : -1)
                deltaA = semiMajorAxis.level[i] - semiMajorAxis.level[i - 1]
                reportedDeltaA = deltaA
            } else if inPlaneLed {
                let ownChange = abs(semiMajorAxis.level[i] - semiMajorAxis.level[i - 1])
                let ramp = semiMajorAxis.ramp(around: i, sign: deltaA >= 0 ? 1 : -1, sigmas: detector.rampSigmas,
                                              atLeastKm: nearEarth ? ManoeuvreDetector.rampShare * ownChange : 0)
                if let last = lastRamp, ramp.first <= last.last + 1, ramp.sign == last.sign { continue }
                lastRamp = ramp
                if ramp.first < i {
                    early = max(0, ramp.first - 1)
                    late = min(count - 1, ramp.last + 1)
                    latest = ramp.first
                } else if ramp.last > i {
                    // The sets after the step went on taking the burn up: the crossing is taken with the first set
                    // after the ramp, which shows the new orbit in full.
                    late = min(count - 1, ramp.last + 1)
                } else {
                    let full = semiMajorAxis.levelChange(before: max(0, i - 4)..<(i - 1),
                                                         after: (i + 1)..<min(count, i + 3))
                    let first = semiMajorAxis.level[i] - semiMajorAxis.level[i - 1]
                    // The first changed set carries under half of the step it begins, the same way: the sets took
                    // the burn up over issues. A final step the other way is a later burn undoing this one, or this
                    // one undoing an earlier burn whose sets the window reaches (a phasing pair), not a slow uptake.
                    let share = full != 0 ? first / full : .nan
                    if share >= 0, share < 0.5 {
                        early = max(0, i - 3)
                        late = min(count - 1, i + 1)
                    }
                }
                if ramp.first < i || ramp.last > i {
                    reportedDeltaA = semiMajorAxis.levelChange(
                        before: max(0, ramp.first - 3)..<ramp.first,
                        after: min(count - 1, ramp.last + 1)..<min(count, ramp.last + 4))
                }
            }
            let crossing = orbits.crossingDay(between: early, and: late, calibrationIndex: i)
            let time = crossing.map { orbits.clamped($0, early: early, latest: days[latest]) }
                ?? days[i - 1] + detector.timeFractionOfGap * (days[i] - days[i - 1])
            // The time reported may follow the crossing back by one more gap, or by a day when that gap is shorter: a
            // public set issued within a day after a burn often still shows the old orbit (two sets issued hours apart
            // may both). The confirmation below keeps the time inside the step's own gaps.
            let reportedTime = early > 0
                ? crossing.map {
                    orbits.clamped($0, early: early, earliest: min(days[early - 1], days[early] - Self.staleSetDays),
                                   latest: days[latest])
                } ?? time
                : time
            let precedingIndex = intervalStart(forBurnDay: reportedTime, after: early)
            var consistency = 1.0
            let acrossHole = inPlaneLed && days[i] - days[i - 1] > AlongTrackKink.longestGapDays
                && flag.inPlane > Self.holeStepThresholds * detector.threshold
            if acrossHole {
                consistency = 0.5
            } else if inPlaneLed, let allowed = detector.alongTrackConsistency {
                let ratio = sequenceTime != nil
                    ? orbits.alongTrackRatio(early: i - 1, late: i, burnDay: time, semiMajorAxisChangeKm: deltaA,
                                             semiMajorAxisKm: a[i], calibrationIndex: i)
                    : orbits.alongTrackRatio(at: i, burnDay: time, semiMajorAxisChangeKm: deltaA, semiMajorAxisKm: a[i])
                guard let ratio, ratio >= 1 / allowed, ratio <= allowed else { continue }
                consistency = 1 - 0.5 * abs(log(ratio)) / log(max(allowed, 1.000_001))
            }
            deltaA = reportedDeltaA
            let aKm = a[i - 1]
            let speedMS = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 1000
            let inPlaneDV = inPlaneDeltaVMetresPerSecond(semiMajorAxisChangeKm: deltaA, at: i)
            let outOfPlaneDV = 2 * speedMS * sin(min(abs(deltaI) * Double.pi / 180, Double.pi) / 2)
            let inPlanePassed = flag.inPlane > thresholdA, outOfPlanePassed = flag.outOfPlane > thresholdI
            let kind: ManoeuvreKind = inPlanePassed && outOfPlanePassed
                ? (inPlaneDV >= outOfPlaneDV ? .inPlane : .outOfPlane)
                : (inPlanePassed ? .inPlane : .outOfPlane)
            if kind == .outOfPlane, nearEarth, let allowed = detector.alongTrackConsistency {
                // A real plane change changes the J2 precession of the node with it (dΩ̇/di = −Ω̇ tan i); a jump of
                // the published inclination that the node motion does not follow is an artefact of the element sets.
                if let ratio = nodes.rateChangeRatio(at: i, inclinationChangeDeg: deltaI),
                   ratio < 1 / allowed || ratio > allowed { continue }
                // A near-Earth inclination drifts by 10⁻⁴° a day at most (lunisolar), too slowly to leave a level and
                // be brought back to it within weeks (a geostationary one drifts about 0.002° a day, and its
                // north-south station keeping resets exactly that).
                if nodes.returnsToEarlierLevel(at: i) { continue }
            }
            let gapSeconds = sets[i].epoch.seconds(since: sets[i - 1].epoch)
            // Confidence grows with the score and the along-track agreement; long gaps (uncertain time) lower it.
            let passed = kind == .inPlane ? (flag.inPlane, thresholdA) : (flag.outOfPlane, thresholdI)
            var confidence = (0.5 + 0.5 * min(1, 2 * (1 - passed.1 / passed.0))) * consistency
            if gapSeconds > 2 * 86_400 { confidence *= 0.8 }
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: start.adding(seconds: reportedTime * 86_400), kind: kind,
                deltaVMetresPerSecond: kind == .inPlane ? inPlaneDV : outOfPlaneDV,
                confidence: min(1, max(0, confidence)),
                precedingEpoch: sets[precedingIndex].epoch, followingEpoch: sets[latest].epoch,
                semiMajorAxisChangeKm: deltaA, inclinationChangeDeg: deltaI, significance: flag.score))
            reported.append(i)
        }
    }
}
