import Astrodynamics
import Foundation

/// Settings of the sustained-raise pass: orbit raising spread over days (electric propulsion, a daily series of
/// small burns) that no single set shows as a step.
enum SustainedRaise {
    /// Fewest consecutive rises of the semi-major axis a run must have.
    static let minimumChanges = 4
    /// Shortest run, days.
    static let minimumSpanDays = 1.0
    /// Multiples of the object's local noise sigma the whole rise must exceed.
    static let noiseSigmas = 10.0
    /// Largest share of the whole rise one set's change may carry (a larger one is a step, the step pass's case).
    static let largestShare = 0.5
    /// Detections this close to a run (before its first set or after its last) are part of it, days.
    static let separationDays = 1.0
    /// A run is reported unless the in-plane detections that are part of it carry at least this share of its Δv
    /// (then the run is those manoeuvres).
    static let explainedShare = 0.5
}

extension ManoeuvreScan {
    /// Runs of a near-Earth history over which the semi-major axis rose at every set, spread over days, by more than
    /// ``SustainedRaise/noiseSigmas`` of the object's own noise and by at least `minimumRiseKm`; one in-plane
    /// manoeuvre each, unless the in-plane manoeuvres of `found` within the run or ``SustainedRaise/separationDays``
    /// of it already carry ``SustainedRaise/explainedShare`` of its Δv; the manoeuvre carries the rest of the Δv, so
    /// that together they carry the run's.
    ///
    /// Drag only lowers a near-Earth orbit, so its mean semi-major axis rising set after set for days is thrust.
    /// Such a rise is the trend the other passes remove before they look for steps, so they cannot see it. The
    /// floor in kilometres keeps this pass to changes of the orbit far beyond the scatter of public sets (tens of
    /// metres): the make-up burns of a few mm/s that the sets of quiet orbits absorb over several issues rise by
    /// 3 to 25 m and are left to the step and kink passes. The manoeuvre is placed in the gap before the first
    /// raised set (at the detector's `timeFractionOfGap`), its Δv is that of a slow spiral between the two orbits,
    /// v·Δa / (2a), and its confidence grows with the rise over its noise threshold.
    func sustainedRaises(minimumRiseKm: Double, found earlier: [Manoeuvre]) -> [Manoeuvre] {
        guard nearEarth, count > SustainedRaise.minimumChanges else { return [] }
        let a = semiMajorAxesKm
        let sigmas = interpolationSigmas()
        var found: [Manoeuvre] = []
        var next = 1
        while next < count {
            // The run of rises starting at set `next`: sets `before` … `end`, each above the one before it.
            guard a[next] > a[next - 1] else { next += 1; continue }
            let before = next - 1
            var end = next
            while end + 1 < count, a[end + 1] > a[end] { end += 1 }
            next = end + 1
            let changes = (before + 1)...end
            let rise = a[end] - a[before]
            let largest = changes.map { a[$0] - a[$0 - 1] }.max() ?? rise
            let sigma = Robust.median(changes.map { sigmas[$0] }) ?? .infinity
            guard changes.count >= SustainedRaise.minimumChanges,
                  days[end] - days[before] >= SustainedRaise.minimumSpanDays,
                  rise >= minimumRiseKm, rise > SustainedRaise.noiseSigmas * sigma,
                  largest <= SustainedRaise.largestShare * rise else { continue }
            let first = sets[before].epoch, last = sets[end].epoch
            let margin = SustainedRaise.separationDays * 86_400
            let deltaV = inPlaneDeltaVMetresPerSecond(semiMajorAxisChangeKm: rise, at: before + 1)
            let explained = earlier.filter {
                $0.kind == .inPlane && $0.time.seconds(since: first) > -margin && $0.time.seconds(since: last) < margin
            }.map(\.deltaVMetresPerSecond).reduce(0, +)
            guard explained < SustainedRaise.explainedShare * deltaV else { continue }
            let remaining = 1 - explained / deltaV
            let score = rise / sigma
            let day = days[before] + detector.timeFractionOfGap * (days[before + 1] - days[before])
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber, time: start.adding(seconds: day * 86_400), kind: .inPlane,
                deltaVMetresPerSecond: deltaV * remaining,
                confidence: min(1, max(0, 0.5 + 0.5 * min(1, 2 * (1 - SustainedRaise.noiseSigmas / score)))),
                precedingEpoch: first, followingEpoch: last, semiMajorAxisChangeKm: rise * remaining,
                inclinationChangeDeg: inclination.level[end] - inclination.level[before], significance: score))
        }
        return found
    }

    /// Local noise sigma of single sets' semi-major axes, km, from how far each set lies from the straight line
    /// through its two neighbours (a steady raise or decay leaves that line; noise σ moves it by √1.5 σ or more):
    /// the median absolute deviation over ``ManoeuvreDetector/noiseSetCount`` sets either side, never below the
    /// resolution of the mean-motion field. The detrended series' sigma does not serve here: in a short history that
    /// thrusts for part of the time, the trend it removes is partly the thrust.
    func interpolationSigmas() -> [Double] {
        var offsets = [Double](repeating: .nan, count: count)
        for i in 1..<(count - 1) {
            let span = days[i + 1] - days[i - 1]
            guard span > 0 else { continue }
            let weight = (days[i] - days[i - 1]) / span
            offsets[i] = semiMajorAxesKm[i] - (semiMajorAxesKm[i - 1]
                + weight * (semiMajorAxesKm[i + 1] - semiMajorAxesKm[i - 1]))
        }
        return DetrendedSeries.localSigma(offsets, window: detector.noiseSetCount, quantile: 0.5,
                                          floor: semiMajorAxisResolutionKm * 1.5.squareRoot())
            .map { $0 / 1.5.squareRoot() }
    }
}
