import Astrodynamics
import ElementSets
import Foundation
import Propagation


/// SGP4 comparisons between the sets of one history: along-track separations and their drag calibration.
struct PropagatedHistory {
    let sets: [ElementSet]
    let days: [Double]
    let propagators: [SGP4Propagator?]
    /// Per pair `(i − 1, i)`: (d₁ − d₀) / gap², the along-track separation growth that SGP4 leaves unmodelled
    /// (mostly drag), km/day²; NaN where unavailable.
    let pairCurvature: [Double]
    /// Per pair `(i − 1, i)`: (d₀ + d₁) / (2 gap), the mean separation per day of gap, km/day; NaN where unavailable.
    /// Under a steady along-track acceleration `A` it is `A h`, with `h` how far the speed the sets carry lags their
    /// epochs (a set fitted without drag over the days before its epoch carries their mean speed).
    let pairLag: [Double]
    let window: Int

    init(sets: [ElementSet], days: [Double], window: Int) {
        self.sets = sets
        self.days = days
        self.window = max(5, window)
        let propagators = sets.map { try? SGP4Propagator($0) }
        self.propagators = propagators
        var curvature = [Double](repeating: .nan, count: sets.count)
        var lag = [Double](repeating: .nan, count: sets.count)
        for i in 1..<sets.count {
            guard let p = propagators[i - 1], let q = propagators[i] else { continue }
            let gap = days[i] - days[i - 1]
            guard gap > 0,
                  let d0 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[i - 1].epoch),
                  let d1 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[i].epoch) else { continue }
            curvature[i] = (d1 - d0) / (gap * gap)
            lag[i] = (d0 + d1) / (2 * gap)
        }
        self.pairCurvature = curvature
        self.pairLag = lag
    }

    /// Local median of the pair curvature around set `i`, km/day².
    func curvature(around i: Int) -> Double { localMedian(pairCurvature, around: i) }

    /// Local median of the pair lag around set `i`, km/day.
    func lagSpeed(around i: Int) -> Double { localMedian(pairLag, around: i) }

    /// Median of the finite per-pair `values` within ``window`` sets of set `i` (0 when there are none).
    private func localMedian(_ values: [Double], around i: Int) -> Double {
        Robust.median(values[max(0, i - window)...min(values.count - 1, i + window)].filter { $0.isFinite }) ?? 0
    }

    /// How far the speed the sets carry lags their epochs around set `i`, days: the pair lag over the curvature when
    /// both are positive (drag the sets do not model), else 0.
    func lagDays(around i: Int) -> Double {
        let a = curvature(around: i), lag = lagSpeed(around: i)
        return a > 0 && lag > 0 ? lag / a : 0
    }

    /// Burn time (days since the first set) from the along-track zero crossing of sets `early` and `late`,
    /// clamped to `earliest` (default `days[early]`) ... `latest`; `nil` when SGP4 fails or the separation does not change.
    func burnDay(between early: Int, and late: Int, earliest: Double? = nil, latest: Double, calibrationIndex: Int) -> Double? {
        crossingDay(between: early, and: late, calibrationIndex: calibrationIndex)
            .map { clamped($0, early: early, earliest: earliest, latest: latest) }
    }

    /// A crossing day clamped to `earliest` (default `days[early]`, never later) ... `latest`.
    func clamped(_ crossing: Double, early: Int, earliest: Double? = nil, latest: Double) -> Double {
        let lower = min(earliest ?? days[early], days[early])
        return min(max(crossing, lower), max(lower, latest))
    }

    /// Day of the along-track zero crossing of sets `early` and `late` after the drag calibration, unclamped.
    func crossingDay(between early: Int, and late: Int, calibrationIndex: Int) -> Double? {
        guard early < late, let p = propagators[early], let q = propagators[late],
              var d0 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[early].epoch),
              var d1 = Self.alongTrackSeparationKm(from: p, to: q, at: sets[late].epoch) else { return nil }
        let gap = days[late] - days[early]
        // Without a burn, d₀ = −½A g² + A h g and d₁ = ½A g² + A h g: both terms are removed, so that a burn at t_b
        // leaves d₀ = δ (t_b − t₀) and d₁ = −δ (t₁ − t_b). With the curvature alone, a lag biases the crossing by
        // A h g / δ (CryoSat-2's drag-free sets of 2010–2012: about half a day late).
        let curvatureHere = curvature(around: calibrationIndex)
        // A lag is a delay (h ≥ 0): a mean separation against the curvature's sign is not one and is left alone.
        let lag = lagSpeed(around: calibrationIndex)
        let lagHere = lag * curvatureHere > 0 ? lag : 0
        let drag = 0.5 * curvatureHere * gap * gap
        let lagKm = lagHere * gap
        d0 += drag - lagKm
        d1 -= drag + lagKm
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
        guard let observed = driftKm(early: early, late: late, calibrationIndex: i) else { return nil }
        let speedKmPerDay = Earth.circularSpeedKmPerS(semiMajorAxisKm: a) * 86_400
        let expected = -1.5 * deltaA / a * speedKmPerDay * (days[late] - burnDay)
        guard expected != 0 else { return nil }
        let ratio = observed / expected
        return ratio.isFinite ? ratio : nil
    }

    /// Along-track separation of set `late` from set `early` at `late`'s epoch, with the drag that SGP4 leaves
    /// unmodelled over the span (the local pair curvature around `calibrationIndex`) removed, km; `nil` when
    /// unavailable.
    func driftKm(early: Int, late: Int, calibrationIndex: Int) -> Double? {
        guard let p = propagators[early], let q = propagators[late],
              let separation = Self.alongTrackSeparationKm(from: p, to: q, at: sets[late].epoch) else { return nil }
        let span = days[late] - days[early]
        return separation - 0.5 * curvature(around: calibrationIndex) * span * span
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
