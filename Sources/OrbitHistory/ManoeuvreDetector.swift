import Astrodynamics
public import ElementSets
import Foundation
import Propagation
import Synchronization


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
/// its standard error is the score. No fit spans more than five days without a set (across a week the curve's
/// extrapolation, not a burn, decides the fit). Scores above the object's own threshold (Benjamini–Hochberg, never below
/// ``alongTrackKinkThreshold``), highest within three sets either side, for a speed change of at least 0.2 km/day
/// and more than three days from any other detection, are in-plane burns with Δv = |δ| / 3 and the fit's burn time
/// (within the gap or the one before, as the sets may show a burn one issue late; when the sets' speed lags their
/// epochs by h, see **Time.**, the timing fit leaves out the sets after the gap whose t − h still falls before it, as
/// they show a blend of the two orbits). A second fit over ten sets either
/// side finds the smaller kinks of quiet orbits (make-up burns of a few mm/s that the sets take up over several
/// issues); its scores also grow with any mismatch of the smooth model over three weeks, so they are compared with the
/// object's own median score and must exceed eight times it. A kink that both fits show clearly (a short-fit score of
/// 6 and five times the long fit's median) is taken too, and so is a long-fit kink above five times the median that
/// raises the orbit by at least four times the object's median change of along-track speed (and 0.4 km/day): drag
/// never raises an orbit, so a raise that size gets a one-sided cut. Every kink's time is moved earlier by how late
/// the same fit placed the object's seven nearest small in-plane manoeuvres that the other signals timed
/// (`KinkTimingCalibration`; the public sets of some satellites and decades show a burn a day late along track).
///
/// **Burn pairs that cancel.** A raise undone hours later (or a lowering undone), as collision-avoidance and some
/// calibration manoeuvres are flown, leaves the orbit as it was: no set shows a step or a change of along-track speed.
/// While the orbit was raised the satellite fell behind, so the sets after the pair are shifted along track by
/// −3 Δv Δt. The short kink fit carries that shift as its change of offset at the gap; a shift of at least 0.3 km
/// that no single burn in the kink's interval could make (over twice its change of speed times the interval's
/// reach, see `AlongTrackShifts`), scored by its own standard error against the object's own false-discovery
/// threshold (never below ``alongTrackKinkThreshold``) and more than three days from any other detection, is an
/// in-plane manoeuvre at the middle of that interval (a shift does not tell when the pair was flown) with the
/// smallest Δv that explains it, two burns of |shift| / (3 × the interval's length) each.
///
/// **Sustained raises.** Drag only lowers a near-Earth orbit, so a semi-major axis that rises at every set for days
/// is thrust: orbit raising by electric propulsion or by a daily series of small burns, which the other passes cannot
/// see because it is the trend they remove before looking for steps. A run of at least four consecutive rises over at
/// least a day, whose whole rise exceeds ten times the object's noise sigma and ``sustainedRaiseMinimumKm`` and of
/// which no single set carries more than half, is one in-plane manoeuvre placed in the gap before its first raised
/// set, with the Δv of a slow spiral, v·Δa / (2a), unless the in-plane detections within a day of the run already
/// carry half of that Δv.
///
/// **Operations.** Detections of the same kind less than half a day apart (a set issued between the two burns of a
/// burn pair shows both; sets issued once or twice a day cannot place two burns closer) are reported as one manoeuvre
/// at the first burn with the Δv summed, as operators often list them.
///
/// **Plane-change confirmation.** A real change of inclination changes the J2 precession of the node with it,
/// dΩ̇ = −Ω̇ tan i Δi. For an out-of-plane manoeuvre of a near-Earth orbit the node rates (Theil–Sen slopes over 20
/// days) before and after are compared; when the observed change differs from the predicted one by more than the
/// factor ``alongTrackConsistency``, the jump of the published inclination is an artefact of the element sets and is
/// dropped (TOPEX's sets of 1993–97 have many such jumps; its operators made no plane manoeuvres then). A step that
/// only brings the published inclination back within half the step of its level ten to twenty days before is dropped
/// too: a near-Earth inclination drifts by 10⁻⁴° a day at most, so the sets drifted and were reset (TOPEX 1994–95
/// and Jason-1 2002–03 drift by up to 0.001° a day, then jump back). Not for deep-space orbits, whose lunisolar drift
/// north-south station keeping resets every few weeks.
///
/// **Along-track confirmation.** A real in-plane burn moves the satellite along track by −(3/2)·(Δa/a)·v per unit
/// time after the burn. The set two before the step is propagated with SGP4 to the epoch of the set two after it
/// and the along-track separation (averaged over one orbit) is compared with that prediction; a semi-major-axis step
/// whose separation differs from it by more than a factor ``alongTrackConsistency`` is a fitting artefact of the
/// element sets, not a manoeuvre, and is dropped. A step across more than five days without sets that scores over
/// ten times ``threshold`` is reported without this check (the sets either side may then lie over 100° apart along
/// the orbit, beyond what the separation along the local direction of motion measures).
///
/// **Time.** Sets propagated across a burn separate along track linearly in time from the burn: the two sets are
/// propagated to both epochs, their along-track separations `d₀`, `d₁` there give the zero crossing
/// `t₀ − d₀ (t₁ − t₀) / (d₁ − d₀)`. Part of the separation is drag that SGP4 does not model; its size is calibrated on
/// the object's own neighbouring set pairs (median over the window) and removed first: the curvature of their
/// separation (the along-track acceleration A) and its mean per day of gap, `A h`, with `h` how far the speed the sets
/// carry lags their epochs (sets fitted without drag carry the mean speed of the days they were fitted over, which
/// alone would put a crossing `A h (t₁ − t₀) / δ` late; taken only with the curvature's sign, as a lag is a delay).
/// Public element sets often absorb a burn over several issues (the first set after it still shows the old orbit, the
/// next ones move part of the way each): the sets next to the step whose semi-major axis each moved more than
/// ``rampSigmas`` noise sigmas the same way form the ramp, the crossing is taken between the set before the ramp and
/// the set after it and placed before the ramp's first set (a ramp that only follows the step moves the later set
/// only), and a second flag inside the same ramp is not reported again. For near-Earth orbits each further set of a
/// ramp must also carry at least `rampShare` (5 %) of the flagged set's own change: the settling of the sets after a
/// large burn is not a ramp, and a burn a day later is a burn of its own. Without a ramp, when the first changed set
/// carries less than half of the final step (the same way: a step undone within days is a burn pair), the crossing is
/// taken between the set three before and the set after it. A crossing before the set taken as the last one before the
/// burn is followed back by at most one more gap, or a day when that gap is shorter: a public set issued within a day
/// after a burn often still shows the old orbit (the reported time only; the along-track confirmation keeps the time
/// clamped to the step's own gaps). When propagation fails the burn is placed at ``timeFractionOfGap`` of the gap.
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
    /// predicts (`nil` turns the confirmations off, also the check that a plane change does not return the
    /// inclination to its earlier level).
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
    /// Smallest rise of the semi-major axis, km, that a run of rises spread over days must reach to be reported as
    /// sustained orbit raising of a near-Earth object (`nil` turns the pass off; see `SustainedRaise`).
    public var sustainedRaiseMinimumKm: Double?

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
                alongTrackKinkThreshold: Double? = 10, sustainedRaiseMinimumKm: Double? = 1) {
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
        self.sustainedRaiseMinimumKm = sustainedRaiseMinimumKm
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

    /// Manoeuvres of every object in `sets`, in catalog-number then time order. The objects are examined on all
    /// available cores (each object's result does not depend on the others).
    public func manoeuvres(in sets: [ElementSet]) -> [Manoeuvre] {
        manoeuvres(in: sets, workers: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Manoeuvres of every object in `sets` examined by up to `workers` threads, in catalog-number then time order.
    func manoeuvres(in sets: [ElementSet], workers: Int) -> [Manoeuvre] {
        let histories = ElementHistory.histories(from: sets)
        let workers = min(histories.count, workers)
        guard workers > 1 else { return histories.flatMap { manoeuvres(in: $0) } }
        // Longest histories first, handed out one at a time, so that no core is left with a long tail.
        let order = histories.indices.sorted { histories[$0].elementSets.count > histories[$1].elementSets.count }
        let next = Atomic(0)
        let results = Mutex([[Manoeuvre]](repeating: [], count: histories.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < order.count else { return }
                let index = order[position]
                let found = manoeuvres(in: histories[index])
                results.withLock { $0[index] = found }
            }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// Manoeuvres in one object's cleaned history, in time order.
    public func manoeuvres(in history: ElementHistory) -> [Manoeuvre] {
        guard let scan = ManoeuvreScan(history: history, detector: self) else { return [] }
        let steps = scan.persistentSteps()
        let gradual = scan.gradualSteps()
        let excursions = scan.shortExcursions()
        let kinkFloor = scan.nearEarth ? alongTrackKinkThreshold : nil
        let raiseFloor = scan.nearEarth ? sustainedRaiseMinimumKm : nil
        guard !steps.flags.isEmpty || !gradual.indices.isEmpty || !excursions.runs.isEmpty || kinkFloor != nil
                || raiseFloor != nil else {
            return []
        }
        // Every candidate is confirmed and timed by SGP4 comparisons of the sets around it.
        let orbits = PropagatedHistory(sets: scan.sets, days: scan.days, window: noiseSetCount)
        var found: [Manoeuvre] = [], reported: [Int] = []
        scan.reportSteps(steps, orbits: orbits, nodes: NodeHistory(sets: scan.sets, days: scan.days), found: &found,
                         reported: &reported)
        scan.reportExcursions(excursions, orbits: orbits, found: &found, reported: &reported)
        found += scan.gradualManoeuvres(gradual, orbits: orbits, reported: reported)
        if let minimumRise = raiseFloor {
            found += scan.sustainedRaises(minimumRiseKm: minimumRise, found: found)
        }
        if let floor = kinkFloor {
            found += scan.kinkManoeuvres(orbits: orbits, floor: floor, found: found)
        }
        return Self.mergingOperations(found.sorted { $0.time < $1.time })
    }

    /// Consecutive detections of the same kind closer than ``operationSeconds`` are burns of one operation (operators
    /// fire a burn pair a few hours apart and often list it as one manoeuvre; the public sets cannot tell two burns
    /// that close apart): one record at the first burn, with the Δv and the element changes summed.
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

    /// Burns closer than this belong to one operation, seconds (half a day: near-Earth sets are issued about once or
    /// twice a day, so two detections this close of the same kind cannot be two burns the sets resolve).
    static let operationSeconds = 12.0 * 3600

    /// The resolution of the inclination field of a TLE, degrees (four decimals).
    static let inclinationResolutionDeg = 1e-4
    /// The resolution of the mean-motion field of a TLE, revolutions per day (eight decimals).
    static let meanMotionResolutionRevPerDay = 1e-8
}
