public import Astrodynamics
public import ElementSets
import Foundation
import Propagation

/// Whether a manoeuvre changed the orbit within its plane or tilted the plane.
public enum ManoeuvreKind: String, Sendable, Hashable, CaseIterable {
    /// Semi-major axis or eccentricity changed (tangential or radial thrust).
    case inPlane = "in-plane"
    /// Inclination or node changed (thrust normal to the orbit plane).
    case outOfPlane = "out-of-plane"
}

/// One manoeuvre found in an element-set history.
public struct Manoeuvre: Sendable, Hashable {
    /// The object that manoeuvred.
    public var catalogNumber: CatalogNumber
    /// Best estimate of when the manoeuvre happened (between ``precedingEpoch`` and ``followingEpoch``).
    public var time: Instant
    /// In-plane or out-of-plane.
    public var kind: ManoeuvreKind
    /// Estimated size of the burn from Gauss's equations, metres per second.
    public var deltaVMetresPerSecond: Double
    /// How sure the detector is, 0–1 (from how far the change stands out of the object's own noise).
    public var confidence: Double
    /// Start of the interval the burn was searched in: the epoch of the last element set before the manoeuvre (a
    /// set or two earlier when the public sets absorbed the burn over several issues).
    public var precedingEpoch: Instant
    /// End of the interval the burn was searched in: the epoch of the first element set showing the manoeuvre.
    public var followingEpoch: Instant
    /// Change of semi-major axis across the manoeuvre (three sets after against three before) with the drag trend
    /// removed, km.
    public var semiMajorAxisChangeKm: Double
    /// Change of inclination across the manoeuvre, degrees.
    public var inclinationChangeDeg: Double
    /// The larger robust score of the in-plane and out-of-plane changes (multiples of the local noise sigma).
    public var significance: Double

    /// Creates a manoeuvre record.
    public init(catalogNumber: CatalogNumber, time: Instant, kind: ManoeuvreKind, deltaVMetresPerSecond: Double,
                confidence: Double, precedingEpoch: Instant, followingEpoch: Instant,
                semiMajorAxisChangeKm: Double, inclinationChangeDeg: Double, significance: Double) {
        self.catalogNumber = catalogNumber
        self.time = time
        self.kind = kind
        self.deltaVMetresPerSecond = deltaVMetresPerSecond
        self.confidence = confidence
        self.precedingEpoch = precedingEpoch
        self.followingEpoch = followingEpoch
        self.semiMajorAxisChangeKm = semiMajorAxisChangeKm
        self.inclinationChangeDeg = inclinationChangeDeg
        self.significance = significance
    }
}

/// Finds manoeuvres in the element-set history of an object from changes that stand out of its own noise.
///
/// **Signals.** For the semi-major axis (from the mean motion) and the inclination, the change between
/// consecutive sets is split into a secular trend and a residual: the trend rate is the median rate of change over
/// the ``noiseSetCount`` sets either side (drag decay, lunisolar drift), and the residual is the change minus that
/// rate times the gap. The residuals accumulate into a detrended level series.
///
/// **Per-object thresholds.** The noise sigma of each element is the ``noiseQuantile`` quantile of the absolute
/// deviations of the residuals over the same window, scaled to a Gaussian sigma (1.4826 × the median absolute
/// deviation for 0.5), so the threshold adapts to each object's own TLE noise and its changes over the years,
/// with a floor at the resolution of the TLE field (10⁻⁴° for the inclination, 10⁻⁸ rev/day for the mean motion).
///
/// **Per-object significance.** How many sigmas make a manoeuvre also depends on the object: TLE noise is heavy-tailed
/// (single-set kurtosis in the hundreds), so an object that rarely manoeuvres shows its largest noise steps among
/// very few real ones. Each signal's step scores over the object's whole history (semi-major axis, inclination and
/// the gradual steps, separately) are turned into p-values against a Student-t reference with
/// ``referenceDegreesOfFreedom`` degrees of freedom, and the Benjamini–Hochberg rule at ``falseDiscoveryRate`` picks
/// the smallest score that signal flags; the signal's threshold is that score, never below ``threshold``. An object
/// with many steps far out of its noise keeps ``threshold``; one with few gets a higher threshold (or none flagged).
/// No labels are used; the two global values are chosen by leave-one-satellite-out (see `ManoeuvreBenchmarkTests`).
///
/// **Persistent steps.** A set `i` marks a step when the detrended level of both sets `i` and `i + 1` differs from
/// that of both sets `i − 1` and `i − 2` in the same direction; the smallest of those four differences, in noise
/// sigmas, is the score. One bad set (either side) cannot make a step, and the last set of a history, which no later
/// set confirms, is never flagged. A score above the signal's threshold flags a manoeuvre; of two flags on consecutive sets
/// only the first is kept unless the second is over three times stronger, or the two are a burn sequence (below).
///
/// **Gradual steps.** The public sets of slowly decaying orbits take up a small burn over several days (about five
/// daily issues for Jason-2 and TOPEX), so no single set stands out. The mean level of four sets starting
/// ``absorptionSetCount`` sets after set `i` minus the mean level of the four sets before it is computed at every set, and its own local spread
/// (same window and quantile as above) is the noise it is scored against; a local maximum above its threshold that
/// is not next to a reported step is a gradual in-plane manoeuvre. It must pass the along-track confirmation between
/// the set before it and the first fully absorbed set, assuming the burn at the start of the ramp (an issued mean
/// motion change without along-track motion fails), and is timed by the crossing of those two sets.
///
/// **Burn sequences.** Two flags on consecutive sets are two burns (an orbit change split over days) when each set's
/// own change exceeds the semi-major-axis threshold, in the same direction, the smaller carries at least
/// ``sequenceFraction`` of the larger, and the two sets either side of each change alone show the along-track drift its change predicts. A burn
/// absorbed over two issues fails the last test and is reported once. Only near-Earth orbits (period under 225 min):
/// single deep-space sets are not accurate enough along track.
///
/// **Short excursions.** An orbit raised and lowered again a day later (a collision-avoidance or phasing pair)
/// changes single sets far out of the noise without any change persisting, so the step test sees nothing. Runs of up
/// to three consecutive single-set changes above their own threshold (Benjamini–Hochberg over the object's single-set
/// changes) are burns when the sets either side of the run have separated along track as the run's changes of the
/// semi-major axis predict (within ``alongTrackConsistency``, for a predicted separation of at least 3 km); one bad set
/// in between leaves them together. Runs whose every change exceeds ten times that threshold are taken without that
/// check (a sequence planned to end at the old position cannot pass it) unless both crossings around one of its sets
/// fall at that set's own epoch, the mark of a set whose mean motion alone is wrong. Each change is reported, timed by
/// its own along-track crossing.
///
/// **Along-track kinks.** Public sets place a satellite along its orbit better than they pin its mean motion, so a
/// burn of a few mm/s can hide in the scatter of the issued mean motion (and in B*) while the positions drift apart.
/// For each gap of a near-Earth history, `AlongTrackKink` fits the along-track offsets of the six sets either side
/// from the set before the gap with a smooth curve plus a change of along-track speed after the gap; the change over
/// its standard error is the score. Scores above the object's own threshold (Benjamini–Hochberg, never below
/// ``alongTrackKinkThreshold``), highest within three sets either side, for a speed change of at least 0.2 km/day
/// and more than three days from any other detection, are in-plane burns with Δv = |δ| / 3 and the fit's burn time
/// (within the gap or the one before, as the sets may show a burn one issue late). A second fit over ten sets either
/// side finds the smaller kinks of quiet orbits (make-up burns of a few mm/s that the sets take up over several
/// issues); its scores also grow with any mismatch of the smooth model over three weeks, so they are compared with the
/// object's own median score and must exceed eight times it. A kink that both fits show clearly (a short-fit score of
/// 6 and five times the long fit's median) is taken too.
///
/// **Operations.** Detections of the same kind less than six hours apart (a set issued between the two burns of a
/// burn pair shows both) are reported as one manoeuvre at the first burn with the Δv summed, as operators list them.
///
/// **Plane-change confirmation.** A real change of inclination changes the J2 precession of the node with it,
/// dΩ̇ = −Ω̇ tan i Δi. For an out-of-plane manoeuvre of a near-Earth orbit the node rates (Theil–Sen slopes over 20
/// days) before and after are compared; when the observed change differs from the predicted one by more than the
/// factor ``alongTrackConsistency``, the jump of the published inclination is an artefact of the element sets and is
/// dropped (TOPEX's sets of 1993–97 have many such jumps; its operators made no plane manoeuvres then).
///
/// **Along-track confirmation.** A real in-plane burn moves the satellite along track by −(3/2)·(Δa/a)·v per unit
/// time after the burn. The set two before the step is propagated with SGP4 to the epoch of the set two after it
/// and the along-track separation (averaged over one orbit) is compared with that prediction; a semi-major-axis step
/// whose separation differs from it by more than a factor ``alongTrackConsistency`` is a fitting artefact of the
/// element sets, not a manoeuvre, and is dropped.
///
/// **Time.** Sets propagated across a burn separate along track linearly in time from the burn: the two sets are
/// propagated to both epochs, their along-track separations `d₀`, `d₁` there give the zero crossing
/// `t₀ − d₀ (t₁ − t₀) / (d₁ − d₀)`. Part of the separation is drag that SGP4 does not model; its size is calibrated
/// on the object's own neighbouring set pairs (median over the window) and removed first. Public element sets
/// often absorb a burn over several issues (the first set after it still shows the old orbit, the next ones move
/// part of the way each): the sets next to the step whose semi-major axis each moved more than ``rampSigmas`` noise
/// sigmas the same way form the ramp, the crossing is taken between the set before the ramp and the set after it
/// and placed before the ramp's first set, and a second flag inside the same ramp is not reported again. For
/// near-Earth orbits each further set of a ramp must also carry at least `rampShare` (5 %) of the flagged set's own change:
/// the settling of the sets after a large burn is not a ramp, and a burn a day later is a burn of its own. Without a
/// ramp, when the first changed set carries less than half of the final step, the crossing is taken between the
/// set three before and the set after it. When propagation fails the burn is placed at ``timeFractionOfGap`` of
/// the gap.
///
/// **Δv and kind.** From Gauss's equations for a near-circular orbit: tangential Δv = v·Δa / (2a) in-plane and
/// Δv = 2v·sin(Δi/2) out-of-plane, with Δa and Δi the change of the median level of the three sets after the step
/// (after the ramp) from the three before. The kind is the one whose score passed the threshold (the larger Δv when both did).
public struct ManoeuvreDetector: Sendable {
    /// Robust score (multiples of the object's local noise sigma) a persistent step must exceed at least (the
    /// object's own history may raise it, see ``falseDiscoveryRate``).
    public var threshold: Double
    /// Kept for source compatibility; the step test always compares two sets either side of the step.
    public var trendSetCount: Int
    /// Kept for source compatibility; the step must persist through the set after the first changed one.
    public var persistenceSetCount: Int
    /// How many sets either side make up the window for the trend rate, the noise sigma and the drag calibration.
    public var noiseSetCount: Int
    /// Where in the gap the burn is placed when the along-track timing is unavailable (0 = previous epoch).
    public var timeFractionOfGap: Double
    /// Largest factor by which the along-track separation after an in-plane step may differ from the one its
    /// semi-major-axis change predicts, and the change of the node rate after a plane change from the one J2
    /// predicts (`nil` turns both confirmations off).
    public var alongTrackConsistency: Double?
    /// How many noise sigmas each set's change must exceed to count as part of the ramp over which the public
    /// sets absorbed a burn.
    public var rampSigmas: Double
    /// Which quantile of the absolute deviations sets the noise sigma (0.5: the median absolute deviation; higher
    /// values widen the sigma of objects whose element-set noise has heavy tails).
    public var noiseQuantile: Double
    /// How many sets after the first changed one the gradual-step signal skips before averaging: the public sets of
    /// slowly decaying orbits take up a small burn over about five daily issues (`nil` turns the signal off).
    public var absorptionSetCount: Int?
    /// Smallest share of the larger single-set change the smaller one must carry for two changes on consecutive sets
    /// to be reported as two burns (`nil`: consecutive changes are always one burn).
    public var sequenceFraction: Double?
    /// False-discovery rate at which each object's own history sets its thresholds (Benjamini–Hochberg over the
    /// step scores of each signal against a Student-t reference; never below ``threshold``); `nil`: the fixed
    /// ``threshold`` alone.
    public var falseDiscoveryRate: Double?
    /// Degrees of freedom of the Student-t reference the step scores are turned into p-values with (heavy tails).
    public var referenceDegreesOfFreedom: Double
    /// Smallest along-track kink score (the change of along-track speed at a gap over its standard error, see
    /// `AlongTrackKink`) that flags a small in-plane burn of a near-Earth object; the object's own history may raise
    /// it like the other thresholds (`nil` turns the signal off).
    public var alongTrackKinkThreshold: Double?

    /// Creates a detector. The threshold, the consistency factor and the noise quantile are the ones the
    /// leave-one-satellite-out folds on the public benchmark choose for three of the five held-out satellites (the
    /// CryoSat-2 fold picks the factor 1.3, the Fengyun-2E fold threshold 10 with quantile 0.5; see
    /// `ManoeuvreBenchmarkTests`); the window is about two months of daily sets. The absorption count and the
    /// sequence fraction are checked the same way in a second leave-one-out over those two, and the false-discovery
    /// rate 0.2 with 3 degrees of freedom in a third (chosen in four of the five folds).
    public init(threshold: Double = 8, trendSetCount: Int = 2, persistenceSetCount: Int = 1, noiseSetCount: Int = 50,
                timeFractionOfGap: Double = 0.5, alongTrackConsistency: Double? = 1.5, rampSigmas: Double = 2,
                noiseQuantile: Double = 0.75, absorptionSetCount: Int? = 5, sequenceFraction: Double? = 0.5,
                falseDiscoveryRate: Double? = 0.2, referenceDegreesOfFreedom: Double = 3,
                alongTrackKinkThreshold: Double? = 10) {
        self.threshold = threshold
        self.trendSetCount = trendSetCount
        self.persistenceSetCount = persistenceSetCount
        self.noiseSetCount = noiseSetCount
        self.timeFractionOfGap = timeFractionOfGap
        self.alongTrackConsistency = alongTrackConsistency
        self.rampSigmas = rampSigmas
        self.noiseQuantile = min(0.99, max(0.01, noiseQuantile))
        self.absorptionSetCount = absorptionSetCount.map { max(0, $0) }
        self.sequenceFraction = sequenceFraction
        self.falseDiscoveryRate = falseDiscoveryRate.map { min(1, max(1e-9, $0)) }
        self.referenceDegreesOfFreedom = max(0.1, referenceDegreesOfFreedom)
        self.alongTrackKinkThreshold = alongTrackKinkThreshold
    }

    /// The threshold of one signal of one object: the smallest score the Benjamini–Hochberg rule flags among the
    /// object's `scores` at ``falseDiscoveryRate``, never below ``threshold`` (infinite when the rule flags nothing).
    func objectThreshold(_ scores: ArraySlice<Double>) -> Double {
        guard let rate = falseDiscoveryRate else { return threshold }
        guard let cut = FalseDiscoveryRate.threshold(scores: Array(scores), degreesOfFreedom: referenceDegreesOfFreedom,
                                                     rate: rate) else { return .infinity }
        // Scores equal to the cut are flagged; the comparisons below are strict.
        return max(threshold, cut.nextDown)
    }

    /// Manoeuvres of every object in `sets`, in catalog-number then time order.
    public func manoeuvres(in sets: [ElementSet]) -> [Manoeuvre] {
        ElementHistory.histories(from: sets).flatMap { manoeuvres(in: $0) }
    }

    /// Manoeuvres in one object's cleaned history, in time order.
    public func manoeuvres(in history: ElementHistory) -> [Manoeuvre] {
        let sets = history.elementSets
        let count = sets.count
        guard count >= 5 else { return [] }
        let start = sets[0].epoch
        let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
        let a = sets.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        // Noise floors at the resolution of the TLE fields, so repeated identical issues do not make any
        // last-digit change significant: mean motion to 1e-8 rev/day is δa = (2/3)·a·δn/n.
        let typicalN = Robust.median(sets.map(\.meanMotionRevPerDay)) ?? 1
        let aResolutionKm = 2.0 / 3.0 * (Robust.median(a) ?? 7000) * Self.meanMotionResolutionRevPerDay / typicalN
        let semiMajorAxis = DetrendedSeries(values: a, days: days, window: noiseSetCount, sigmaFloor: aResolutionKm,
                                            quantile: noiseQuantile)
        let inclination = DetrendedSeries(values: sets.map(\.inclinationDeg), days: days, window: noiseSetCount,
                                          sigmaFloor: Self.inclinationResolutionDeg, quantile: noiseQuantile)
        struct Flag {
            var index: Int; var inPlane: Double; var outOfPlane: Double; var score: Double
            /// Part of a sequence of separately significant burns on consecutive sets.
            var inSequence = false
        }
        /// Single-set change of the semi-major axis at set `j` in noise sigmas (signed).
        func singleStep(_ j: Int) -> Double { (semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]) / semiMajorAxis.sigma[j] }
        // Splitting a sequence relies on the along-track accuracy of single sets, which deep-space sets (period over
        // 225 minutes, SDP4, sparser tracking) do not have.
        let nearEarth = 1440 / typicalN < 225
        var flags: [Flag] = []
        let inPlaneScores = (0..<count).map { semiMajorAxis.stepScore(at: $0) }
        let outOfPlaneScores = (0..<count).map { inclination.stepScore(at: $0) }
        let thresholdA = objectThreshold(inPlaneScores[2..<(count - 1)])
        let thresholdI = objectThreshold(outOfPlaneScores[2..<(count - 1)])
        for i in 2..<(count - 1) {
            let inPlane = inPlaneScores[i], outOfPlane = outOfPlaneScores[i]
            let score = max(inPlane, outOfPlane)
            guard inPlane > thresholdA || outOfPlane > thresholdI else { continue }
            var flag = Flag(index: i, inPlane: inPlane, outOfPlane: outOfPlane, score: score)
            if let last = flags.last, i - last.index <= 1 {
                // Two burns on consecutive sets: each set's own change stands out, and neither is a small remainder
                // of the other (a burn absorbed over two issues leaves a small second step).
                let previous = singleStep(last.index), current = singleStep(i)
                if nearEarth, let fraction = sequenceFraction, abs(previous) > thresholdA, abs(current) > thresholdA,
                   previous * current > 0, min(abs(previous), abs(current)) >= fraction * max(abs(previous), abs(current)) {
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
        // Gradual steps: the mean level of a few sets after a short transition against the few sets before, scored
        // against the spread of the same statistic over the object's own neighbouring sets.
        let k = absorptionSetCount == nil ? 0 : Self.gradualSetCount, skip = absorptionSetCount ?? 0
        let change = (0..<count).map { k > 0 ? semiMajorAxis.windowChange(at: $0, sets: k, skip: skip) ?? .nan : .nan }
        let changeSigma = DetrendedSeries.localSigma(change, window: max(5, noiseSetCount), quantile: noiseQuantile,
                                                     floor: aResolutionKm)
        let gradualScore = (0..<count).map { change[$0].isFinite ? abs(change[$0]) / changeSigma[$0] : 0 }
        var gradual: [Int] = []
        let reach = k + skip
        let thresholdG = k > 0 ? objectThreshold(gradualScore[2..<(count - 1)]) : .infinity
        if k > 0 {
            for i in 2..<(count - 1) where gradualScore[i] > thresholdG {
                let neighbours = max(0, i - reach)...min(count - 1, i + reach)
                guard neighbours.allSatisfy({ gradualScore[$0] <= gradualScore[i] }),
                      gradual.last.map({ i - $0 > reach }) ?? true else { continue }
                gradual.append(i)
            }
        }
        // Short excursions: runs of consecutive sets whose own changes each stand out but do not persist (an orbit
        // raised and lowered again a day later: a collision-avoidance or phasing pair). Their threshold comes from the
        // object's single-set changes, like the other signals'.
        var excursions: [ClosedRange<Int>] = []
        let singleScores = (0..<count).map { $0 >= 1 ? abs(singleStep($0)) : 0 }
        let thresholdX = objectThreshold(singleScores[2..<(count - 1)])
        if alongTrackConsistency != nil, nearEarth, thresholdX.isFinite {
            var j = 2
            while j < count - 1 {
                guard singleScores[j] > thresholdX else { j += 1; continue }
                var end = j
                while end + 1 < count - 1, singleScores[end + 1] > thresholdX { end += 1 }
                // The burns are the changes of at least a tenth of the largest one in the run; the settling of the
                // element sets around them is not.
                let largest = singleScores[j...end].max() ?? 0
                let members = (j...end).filter { singleScores[$0] >= Self.excursionBurnFraction * largest }
                if let first = members.first, let last = members.last, last > first,
                   members.count == last - first + 1, members.count <= Self.maximumExcursionBurns {
                    excursions.append(first...last)
                }
                j = end + 1
            }
        }
        let kinkThreshold = nearEarth ? alongTrackKinkThreshold : nil
        guard !flags.isEmpty || !gradual.isEmpty || !excursions.isEmpty || kinkThreshold != nil else { return [] }
        let orbits = PropagatedHistory(sets: sets, days: days, window: noiseSetCount)

        let nodes = NodeHistory(sets: sets, days: days)
        var found: [Manoeuvre] = []
        var reported: [Int] = []
        var lastRamp: (first: Int, last: Int, sign: Double)?
        for flag in flags {
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
            if inPlaneLed, flag.inSequence, let allowed = alongTrackConsistency {
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
                let ramp = semiMajorAxis.ramp(around: i, sign: deltaA >= 0 ? 1 : -1, sigmas: rampSigmas,
                                              atLeastKm: nearEarth ? Self.rampShare * ownChange : 0)
                if let last = lastRamp, ramp.first <= last.last + 1, ramp.sign == last.sign { continue }
                lastRamp = ramp
                if ramp.first < i {
                    early = max(0, ramp.first - 1)
                    late = min(count - 1, ramp.last + 1)
                    latest = ramp.first
                } else {
                    let full = semiMajorAxis.levelChange(before: max(0, i - 4)..<(i - 1),
                                                         after: (i + 1)..<min(count, i + 3))
                    let first = semiMajorAxis.level[i] - semiMajorAxis.level[i - 1]
                    if full != 0, first / full < 0.5 { early = max(0, i - 3); late = min(count - 1, i + 1) }
                }
                if ramp.first < i || ramp.last > i {
                    reportedDeltaA = semiMajorAxis.levelChange(before: max(0, ramp.first - 3)..<ramp.first,
                                                               after: min(count - 1, ramp.last + 1)..<min(count, ramp.last + 4))
                }
            }
            let time = orbits.burnDay(between: early, and: late, latest: days[latest], calibrationIndex: i)
                ?? days[i - 1] + timeFractionOfGap * (days[i] - days[i - 1])
            var consistency = 1.0
            if inPlaneLed, let allowed = alongTrackConsistency {
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
            let inPlaneDV = speedMS * abs(deltaA) / (2 * aKm)
            let outOfPlaneDV = 2 * speedMS * sin(min(abs(deltaI) * Double.pi / 180, Double.pi) / 2)
            let inPlanePassed = flag.inPlane > thresholdA, outOfPlanePassed = flag.outOfPlane > thresholdI
            let kind: ManoeuvreKind = inPlanePassed && outOfPlanePassed
                ? (inPlaneDV >= outOfPlaneDV ? .inPlane : .outOfPlane)
                : (inPlanePassed ? .inPlane : .outOfPlane)
            // A real plane change changes the J2 precession of the node with it (dΩ̇/di = −Ω̇ tan i); a jump of the
            // published inclination that the node motion does not follow is an artefact of the element sets.
            if kind == .outOfPlane, nearEarth, let allowed = alongTrackConsistency,
               let ratio = nodes.rateChangeRatio(at: i, inclinationChangeDeg: deltaI),
               ratio < 1 / allowed || ratio > allowed { continue }
            let gapSeconds = sets[i].epoch.seconds(since: sets[i - 1].epoch)
            // Confidence grows with the score and the along-track agreement; long gaps (uncertain time) lower it.
            let passed = kind == .inPlane ? (flag.inPlane, thresholdA) : (flag.outOfPlane, thresholdI)
            var confidence = (0.5 + 0.5 * min(1, 2 * (1 - passed.1 / passed.0))) * consistency
            if gapSeconds > 2 * 86_400 { confidence *= 0.8 }
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: start.adding(seconds: time * 86_400), kind: kind,
                deltaVMetresPerSecond: kind == .inPlane ? inPlaneDV : outOfPlaneDV,
                confidence: min(1, max(0, confidence)),
                precedingEpoch: sets[early].epoch, followingEpoch: sets[latest].epoch,
                semiMajorAxisChangeKm: deltaA, inclinationChangeDeg: deltaI, significance: flag.score))
            reported.append(i)
        }
        // An excursion is real when the sets either side of it have separated along track as its changes of the
        // semi-major axis predict; a single bad set in between leaves them together. Runs next to a reported step
        // are left to it.
        for run in excursions where !reported.contains(where: { $0 >= run.lowerBound - 1 && $0 <= run.upperBound + 1 }) {
            let before = run.lowerBound - 1, after = run.upperBound
            var burnDays: [Double] = []
            for j in run {
                guard let t = orbits.burnDay(between: j - 1, and: j, latest: days[j], calibrationIndex: j) else { break }
                burnDays.append(t)
            }
            guard burnDays.count == run.count, let allowed = alongTrackConsistency,
                  let p = orbits.propagators[before], let q = orbits.propagators[after],
                  let separation = PropagatedHistory.alongTrackSeparationKm(from: p, to: q, at: sets[after].epoch)
            else { continue }
            let aKm = a[before]
            let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 86_400
            let span = days[after] - days[before]
            let observed = separation - 0.5 * orbits.curvature(around: before) * span * span
            var expected = 0.0
            for (k, j) in run.enumerated() {
                let deltaA = semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]
                expected += -1.5 * deltaA / aKm * speedKmPerDay * (days[after] - burnDays[k])
            }
            let ratio = observed / expected
            let agrees = abs(expected) >= Self.excursionMinimumSeparationKm && ratio.isFinite
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
            let certain = !badSet && run.allSatisfy { singleScores[$0] > Self.excursionCertainFactor * thresholdX }
            guard agrees || certain else { continue }
            let consistency = agrees ? 1 - 0.5 * abs(log(ratio)) / log(max(allowed, 1.000_001)) : 0.75
            let speedMS = speedKmPerDay / 86.4
            for (k, j) in run.enumerated() {
                let deltaA = semiMajorAxis.level[j] - semiMajorAxis.level[j - 1]
                let score = singleScores[j]
                found.append(Manoeuvre(
                    catalogNumber: history.catalogNumber, time: start.adding(seconds: burnDays[k] * 86_400),
                    kind: .inPlane, deltaVMetresPerSecond: speedMS * abs(deltaA) / (2 * aKm),
                    confidence: min(1, max(0, (0.5 + 0.5 * min(1, 2 * (1 - thresholdX / score))) * consistency)),
                    precedingEpoch: sets[j - 1].epoch, followingEpoch: sets[j].epoch,
                    semiMajorAxisChangeKm: deltaA,
                    inclinationChangeDeg: inclination.level[j] - inclination.level[j - 1], significance: score))
                reported.append(j)
            }
        }
        // A gradual step next to a reported step is the same burn.
        for i in gradual where !reported.contains(where: { abs($0 - i) <= reach + 1 }) {
            let deltaA = change[i]
            // The burn lies shortly before the first set that moved (the public sets lag it by up to a set): the
            // along-track crossing of the set before it and the first fully absorbed set, from one set earlier on.
            let early = max(0, i - 1), late = min(count - 1, i + skip)
            let time = orbits.burnDay(between: early, and: late, earliest: days[max(0, i - 2)], latest: days[late],
                                      calibrationIndex: i) ?? days[i - 1] + timeFractionOfGap * (days[i] - days[i - 1])
            if let allowed = alongTrackConsistency {
                // Checked against a burn at the start of the ramp rather than the fitted crossing, which a change
                // without along-track motion would pull to the end of the interval (where any drift is consistent).
                let ratio = orbits.alongTrackRatio(early: early, late: late, burnDay: days[early],
                                                   semiMajorAxisChangeKm: deltaA, semiMajorAxisKm: a[i],
                                                   calibrationIndex: i)
                guard let ratio, ratio >= 1 / allowed, ratio <= allowed else { continue }
            }
            let aKm = a[i - 1]
            let speedMS = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 1000
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: start.adding(seconds: time * 86_400), kind: .inPlane,
                deltaVMetresPerSecond: speedMS * abs(deltaA) / (2 * aKm),
                confidence: 0.5 * min(1, 2 * (1 - thresholdG / gradualScore[i])),
                precedingEpoch: sets[early].epoch, followingEpoch: sets[min(count - 1, i + skip)].epoch,
                semiMajorAxisChangeKm: deltaA,
                inclinationChangeDeg: inclination.levelChange(before: max(0, i - k)..<i,
                                                              after: min(count - 1, i + skip)..<min(count, i + skip + k)),
                significance: gradualScore[i]))
        }
        // Along-track kinks: small burns that the issued mean motion hides in its scatter but the positions show.
        // The short fit is scored against the object's own false-discovery threshold; the long one, whose scores
        // grow with any mismatch of the smooth model over three weeks, against the object's median score.
        if let floor = kinkThreshold {
            let (short, long) = AlongTrackKink.shortAndLong(orbits)
            func scores(_ kinks: [AlongTrackKink]) -> [Double] {
                kinks.map { abs($0.speedChangeKmPerDay) >= Self.kinkMinimumSpeedChangeKmPerDay ? $0.score : 0 }
            }
            let shortScores = scores(short)
            var shortCut = objectThreshold(shortScores[...])
            if shortCut.isFinite { shortCut = max(shortCut, floor) }
            // The typical score of every gap, before small speed changes are set aside.
            let typical = Robust.median(long.map(\.score).filter { $0 > 0 }) ?? 0
            let longScores = typical > 0 ? scores(long).map { $0 / typical } : long.map { _ in 0 }
            // Both fits together: a kink each shows clearly though neither passes its own cut alone.
            let jointScores = (0..<count).map { i in
                shortScores[i] >= Self.jointKinkShortScore && longScores[i] >= Self.jointKinkLongMedians
                    ? shortScores[i] / Self.jointKinkShortScore + longScores[i] / Self.jointKinkLongMedians : 0
            }
            for (kinks, kinkScores, cut) in [(short, shortScores, shortCut),
                                             (long, longScores, Self.longKinkThresholdMedians),
                                             (short, jointScores, 2.0.nextDown)] {
                found += kinkManoeuvres(kinks, scores: kinkScores, cut: cut, taken: found.map(\.time), history: history,
                                        days: days, semiMajorAxesKm: a, inclination: inclination)
            }
        }
        return Self.mergingOperations(found.sorted { $0.time < $1.time })
    }

    /// In-plane manoeuvres at the along-track kinks scoring above `cut` (highest within ``kinkNeighbourSets`` sets
    /// either side) that lie more than ``kinkSeparationSeconds`` from every time in `taken`.
    func kinkManoeuvres(_ kinks: [AlongTrackKink], scores: [Double], cut: Double, taken: [Instant],
                        history: ElementHistory, days: [Double], semiMajorAxesKm a: [Double],
                        inclination: DetrendedSeries) -> [Manoeuvre] {
        let sets = history.elementSets, count = sets.count
        guard count >= 5, cut.isFinite else { return [] }
        let start = sets[0].epoch
        let reach = Self.kinkNeighbourSets
        var found: [Manoeuvre] = []
        var taken = taken
        for i in 2..<(count - 1) where scores[i] > cut {
            guard scores[max(0, i - reach)...min(count - 1, i + reach)].allSatisfy({ $0 <= scores[i] }),
                  kinks[i].burnDay.isFinite else { continue }
            // The public sets may show the burn one issue late: it lies in this gap or the one before.
            let day = min(max(kinks[i].burnDay, days[i - 2]), days[i])
            let time = start.adding(seconds: day * 86_400)
            guard !taken.contains(where: { abs($0.seconds(since: time)) < Self.kinkSeparationSeconds }) else { continue }
            taken.append(time)
            let aKm = a[i - 1]
            let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 86_400
            // δ = −(3/2)(Δa/a)v along track, and a tangential burn's Δv = v Δa / (2a) = |δ| / 3.
            let deltaA = -kinks[i].speedChangeKmPerDay * aKm / (1.5 * speedKmPerDay)
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: time, kind: .inPlane,
                deltaVMetresPerSecond: abs(kinks[i].speedChangeKmPerDay) / 3 * 1000 / 86_400,
                confidence: 0.5 * min(1, 2 * (1 - cut / scores[i])),
                precedingEpoch: sets[i - 2].epoch, followingEpoch: sets[i].epoch,
                semiMajorAxisChangeKm: deltaA,
                inclinationChangeDeg: inclination.level[i] - inclination.level[i - 1], significance: scores[i]))
        }
        return found
    }

    /// Detections of the same kind closer than ``operationSeconds`` are burns of one operation (operators fire a burn
    /// pair a few hours apart and list it as one manoeuvre): one record at the first burn, with the Δv and the element
    /// changes summed.
    static func mergingOperations(_ sorted: [Manoeuvre]) -> [Manoeuvre] {
        var merged: [Manoeuvre] = []
        for manoeuvre in sorted {
            if var last = merged.last, last.kind == manoeuvre.kind,
               manoeuvre.time.seconds(since: last.time) < operationSeconds {
                last.deltaVMetresPerSecond += manoeuvre.deltaVMetresPerSecond
                last.semiMajorAxisChangeKm += manoeuvre.semiMajorAxisChangeKm
                last.inclinationChangeDeg += manoeuvre.inclinationChangeDeg
                last.followingEpoch = max(last.followingEpoch, manoeuvre.followingEpoch)
                last.confidence = max(last.confidence, manoeuvre.confidence)
                last.significance = max(last.significance, manoeuvre.significance)
                merged[merged.count - 1] = last
            } else {
                merged.append(manoeuvre)
            }
        }
        return merged
    }

    /// Smallest share of the flagged set's own change that each further set of a near-Earth ramp carries: sets that
    /// absorb a burn each take up a fair part of it, while the settling after a large burn is a tiny fraction (and
    /// a burn a day or two later is a burn of its own).
    static let rampShare = 0.05
    /// Most consecutive burns an excursion (changes that do not persist) may hold.
    static let maximumExcursionBurns = 3
    /// Smallest share of the largest change in a run of non-persistent changes that a burn of the excursion carries.
    static let excursionBurnFraction = 0.1
    /// How many times its object's threshold every change of an excursion must exceed to be taken as a burn without
    /// the along-track check.
    static let excursionCertainFactor = 10.0
    /// Smallest along-track separation, km, an excursion must predict between the sets either side of it to be
    /// checked: a few times the along-track accuracy of public near-Earth element sets (about a kilometre).
    static let excursionMinimumSeparationKm = 3.0
    /// Short-fit score a kink that both fits show must reach (it is then scored by the sum of its two scores over
    /// their minimums, at least 2).
    static let jointKinkShortScore = 6.0
    /// Multiple of the object's median long-fit score a kink that both fits show must reach.
    static let jointKinkLongMedians = 5.0
    /// Multiples of the object's median long-fit kink score a long-fit kink must exceed.
    static let longKinkThresholdMedians = 8.0
    /// Sets either side of an along-track kink that must score lower (one burn disturbs the fits of its neighbours).
    static let kinkNeighbourSets = 3
    /// Smallest change of along-track speed an along-track kink is scored for, km/day: about a kilometre over the
    /// six days the fit follows the gap, the along-track accuracy of public near-Earth sets (Δv ≈ 0.8 mm/s).
    static let kinkMinimumSpeedChangeKmPerDay = 0.2
    /// An along-track kink this close to another detection is that manoeuvre, seconds (three days).
    static let kinkSeparationSeconds = 3.0 * 86_400

    /// Burns closer than this belong to one operation, seconds (a quarter of a day).
    static let operationSeconds = 6.0 * 3600

    /// Sets averaged either side of a gradual step.
    static let gradualSetCount = 4
    /// The resolution of the inclination field of a TLE, degrees (four decimals).
    static let inclinationResolutionDeg = 1e-4
    /// The resolution of the mean-motion field of a TLE, revolutions per day (eight decimals).
    static let meanMotionResolutionRevPerDay = 1e-8

    /// One element's detrended level series with its local noise sigma.
    struct DetrendedSeries {
        /// Cumulative change with the local trend removed.
        var level: [Double]
        /// Local robust sigma of the detrended consecutive changes.
        var sigma: [Double]

        init(values: [Double], days: [Double], window: Int, sigmaFloor: Double, quantile: Double) {
            let count = values.count
            let w = max(5, window)
            var rate = [Double](repeating: .nan, count: count)
            for i in 1..<count {
                let gap = days[i] - days[i - 1]
                if gap > 0 { rate[i] = (values[i] - values[i - 1]) / gap }
            }
            var residual = [Double](repeating: .nan, count: count)
            level = [Double](repeating: 0, count: count)
            for i in 1..<count {
                let around = rate[max(0, i - w)...min(count - 1, i + w)].filter { $0.isFinite }
                let trend = Robust.median(around) ?? 0
                residual[i] = (values[i] - values[i - 1]) - trend * (days[i] - days[i - 1])
                level[i] = level[i - 1] + residual[i]
            }
            sigma = Self.localSigma(residual, window: w, quantile: quantile, floor: sigmaFloor)
        }

        /// Local robust sigma of `values` over `window` entries either side: the `quantile` quantile of the absolute
        /// deviations from the local median, scaled to a Gaussian sigma, never below `floor` (NaNs ignored).
        static func localSigma(_ values: [Double], window w: Int, quantile: Double, floor: Double) -> [Double] {
            let count = values.count
            let gaussianQuantile = standardNormalQuantile(0.5 + quantile / 2)
            return (0..<count).map { i in
                let around = values[max(0, i - w)...min(count - 1, i + w)].filter { $0.isFinite }
                guard let centre = Robust.median(around),
                      let deviation = Self.quantile(around.map { abs($0 - centre) }, quantile) else { return floor }
                return max(deviation / gaussianQuantile, floor)
            }
        }

        /// Mean level of the `k` sets starting `skip` sets after set `i` minus the mean level of the `k` sets before
        /// set `i`: a step that the public sets absorbed gradually over up to `skip + 1` issues; `nil` near the ends.
        func windowChange(at i: Int, sets k: Int, skip: Int) -> Double? {
            guard k > 0, i - k >= 0, i + skip + k <= level.count else { return nil }
            let before = level[(i - k)..<i].reduce(0, +) / Double(k)
            let after = level[(i + skip)..<(i + skip + k)].reduce(0, +) / Double(k)
            return after - before
        }

        /// Score of a step at set `i` (between sets `i − 1` and `i`) confirmed by sets `i − 2` and `i + 1`: the
        /// smallest of the four level differences in noise sigmas, 0 when they disagree in sign.
        func stepScore(at i: Int) -> Double {
            guard i >= 2, i + 1 < level.count else { return 0 }
            let differences = [level[i] - level[i - 1], level[i] - level[i - 2],
                               level[i + 1] - level[i - 1], level[i + 1] - level[i - 2]]
            guard differences.allSatisfy({ $0 > 0 }) || differences.allSatisfy({ $0 < 0 }) else { return 0 }
            return (differences.map { abs($0) }.min() ?? 0) / sigma[i]
        }

        /// The `q` quantile of `values` (linear interpolation between order statistics); `nil` when empty.
        static func quantile(_ values: [Double], _ q: Double) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let position = q * Double(sorted.count - 1)
            let below = Int(position.rounded(.down)), above = min(sorted.count - 1, below + 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }

        /// The standard normal quantile Φ⁻¹(p) by bisection on erf (p in 0.5 ..< 1).
        static func standardNormalQuantile(_ p: Double) -> Double {
            var low = 0.0, high = 10.0
            for _ in 0..<80 {
                let middle = 0.5 * (low + high)
                if 0.5 * (1 + erf(middle / 2.0.squareRoot())) < p { low = middle } else { high = middle }
            }
            return 0.5 * (low + high)
        }

        /// The run of consecutive sets around `i` whose level each moved by more than `sigmas` noise sigmas in the
        /// direction `sign`: the issues over which the public sets absorbed one burn.
        func ramp(around i: Int, sign: Double, sigmas: Double, atLeastKm: Double = 0) -> (first: Int, last: Int, sign: Double) {
            var first = i, last = i
            while first - 1 >= 1, (level[first - 1] - level[first - 2]) * sign > max(sigmas * sigma[first - 1], atLeastKm) {
                first -= 1
            }
            while last + 1 < level.count, (level[last + 1] - level[last]) * sign > max(sigmas * sigma[last + 1], atLeastKm) {
                last += 1
            }
            return (first, last, sign)
        }

        /// Median level of the sets in `after` minus that of the sets in `before` (0 when either is empty).
        func levelChange(before: Range<Int>, after: Range<Int>) -> Double {
            guard let old = Robust.median(Array(level[before])), let new = Robust.median(Array(level[after])) else {
                return 0
            }
            return new - old
        }
    }
}

/// SGP4 comparisons between the sets of one history: along-track separations and their drag calibration.
struct PropagatedHistory {
    let sets: [ElementSet]
    let days: [Double]
    let propagators: [SGP4Propagator?]
    /// Per pair `(i − 1, i)`: (d₁ − d₀) / gap², the along-track separation growth that SGP4 leaves unmodelled
    /// (mostly drag), km/day²; NaN where unavailable.
    let pairCurvature: [Double]
    let window: Int

    init(sets: [ElementSet], days: [Double], window: Int) {
        self.sets = sets
        self.days = days
        self.window = max(5, window)
        let propagators = sets.map { try? SGP4Propagator($0) }
        self.propagators = propagators
        var curvature = [Double](repeating: .nan, count: sets.count)
        for i in 1..<sets.count {
            guard let p = propagators[i - 1], let q = propagators[i] else { continue }
            let gap = days[i] - days[i - 1]
            guard gap > 0,
                  let d0 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[i - 1].epoch),
                  let d1 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[i].epoch) else { continue }
            curvature[i] = (d1 - d0) / (gap * gap)
        }
        self.pairCurvature = curvature
    }

    /// Local median of the pair curvature around set `i`, km/day².
    func curvature(around i: Int) -> Double {
        let around = pairCurvature[max(0, i - window)...min(pairCurvature.count - 1, i + window)].filter { $0.isFinite }
        return Robust.median(around) ?? 0
    }

    /// Burn time (days since the first set) from the along-track zero crossing of sets `early` and `late`,
    /// clamped to `earliest` (default `days[early]`) ... `latest`; `nil` when SGP4 fails or the separation does not change.
    func burnDay(between early: Int, and late: Int, earliest: Double? = nil, latest: Double, calibrationIndex: Int) -> Double? {
        guard let crossing = crossingDay(between: early, and: late, calibrationIndex: calibrationIndex) else { return nil }
        let lower = min(earliest ?? days[early], days[early])
        return min(max(crossing, lower), max(lower, latest))
    }

    /// Day of the along-track zero crossing of sets `early` and `late` after the drag calibration, unclamped.
    func crossingDay(between early: Int, and late: Int, calibrationIndex: Int) -> Double? {
        guard early < late, let p = propagators[early], let q = propagators[late],
              var d0 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[early].epoch),
              var d1 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[late].epoch) else { return nil }
        let gap = days[late] - days[early]
        let drag = 0.5 * curvature(around: calibrationIndex) * gap * gap
        d0 += drag
        d1 -= drag
        guard d1 != d0, gap > 0 else { return nil }
        let crossing = days[early] - d0 * gap / (d1 - d0)
        return crossing.isFinite ? crossing : nil
    }

    /// Observed along-track separation from set `i − 2` to set `i + 2` over the one a semi-major-axis change
    /// `Δa` at `burnDay` predicts; `nil` when unavailable.
    func alongTrackRatio(at i: Int, burnDay: Double, semiMajorAxisChangeKm deltaA: Double,
                         semiMajorAxisKm a: Double) -> Double? {
        alongTrackRatio(early: max(0, i - 2), late: min(sets.count - 1, i + 2), burnDay: burnDay,
                        semiMajorAxisChangeKm: deltaA, semiMajorAxisKm: a, calibrationIndex: i)
    }

    /// Observed along-track separation from set `early` to set `late` over the one a semi-major-axis change `Δa` at
    /// `burnDay` predicts; `nil` when unavailable.
    func alongTrackRatio(early: Int, late: Int, burnDay: Double, semiMajorAxisChangeKm deltaA: Double,
                         semiMajorAxisKm a: Double, calibrationIndex i: Int) -> Double? {
        guard let p = propagators[early], let q = propagators[late],
              let separation = Self.alongTrackSeparationKm(from: p, to: q, at: sets[late].epoch) else { return nil }
        let span = days[late] - days[early]
        let observed = separation - 0.5 * curvature(around: i) * span * span
        let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: a) * 86_400
        let expected = -1.5 * deltaA / a * speedKmPerDay * (days[late] - burnDay)
        guard expected != 0 else { return nil }
        let ratio = observed / expected
        return ratio.isFinite ? ratio : nil
    }

    /// Along-track component of (q − p) at `epoch`, averaged over `points` instants spread over one orbit of p, km.
    static func alongTrackSeparationKm(from p: SGP4Propagator, to q: SGP4Propagator, at epoch: Instant,
                                       points: Int = 12) -> Double? {
        let periodSeconds = 86_400 / p.elementSet.meanMotionRevPerDay
        var total = 0.0, samples = 0
        for k in 0..<points {
            let instant = epoch.adding(seconds: (Double(k) / Double(points) - 0.5) * periodSeconds)
            guard let s1 = try? p.state(at: instant), let s2 = try? q.state(at: instant) else { continue }
            let r = s1.positionKm
            let normal = r.cross(s1.velocityKmPerS)
            let radius = r.length, normalLength = normal.length
            guard radius > 0, normalLength > 0 else { continue }
            let alongTrack = (1 / normalLength) * normal.cross((1 / radius) * r)
            total += (s2.positionKm - r).dot(alongTrack)
            samples += 1
        }
        return samples > 0 ? total / Double(samples) : nil
    }
}

/// The unwrapped right ascension of the node of one history, for checking plane changes against the node motion.
struct NodeHistory {
    let days: [Double]
    let nodeDeg: [Double]
    let inclinationDeg: [Double]
    /// Days either side of a plane change over which the node rate is measured.
    static let spanDays = 20.0

    init(sets: [ElementSet], days: [Double]) {
        self.days = days
        var node: [Double] = []
        node.reserveCapacity(sets.count)
        for set in sets {
            var value = set.rightAscensionOfAscendingNodeDeg
            if let last = node.last {
                while value - last > 180 { value -= 360 }
                while value - last < -180 { value += 360 }
            }
            node.append(value)
        }
        nodeDeg = node
        inclinationDeg = sets.map(\.inclinationDeg)
    }

    /// Observed change of the node rate across a plane change between sets `i − 1` and `i` over the change J2
    /// predicts for an inclination change `Δi` (−Ω̇ tan i Δi); the rates are Theil–Sen slopes over ``spanDays``
    /// before and after the gap. `nil` when either side has fewer than four sets or nothing is predicted.
    func rateChangeRatio(at i: Int, inclinationChangeDeg deltaI: Double) -> Double? {
        guard i >= 1, i < days.count else { return nil }
        let before = (0..<i).filter { days[$0] >= days[i - 1] - Self.spanDays }
        let afterIndices = (i..<days.count).filter { days[$0] <= days[i] + Self.spanDays }
        guard before.count >= 4, afterIndices.count >= 4,
              let rateBefore = slope(before), let rateAfter = slope(afterIndices) else { return nil }
        let predicted = -rateBefore * tan(inclinationDeg[i - 1] * Double.pi / 180) * deltaI * Double.pi / 180
        guard predicted != 0 else { return nil }
        let ratio = (rateAfter - rateBefore) / predicted
        return ratio.isFinite ? ratio : nil
    }

    /// Theil–Sen slope of the node over the sets `indices`, degrees per day (pairs closer than 0.2 day skipped).
    func slope(_ indices: [Int]) -> Double? {
        var slopes: [Double] = []
        for (n, j) in indices.enumerated() {
            for k in indices[(n + 1)...] where days[k] - days[j] > 0.2 {
                slopes.append((nodeDeg[k] - nodeDeg[j]) / (days[k] - days[j]))
            }
        }
        return Robust.median(slopes)
    }
}
