import Astrodynamics
import Foundation
import Propagation
import Synchronization

/// The along-track kink statistic: how sharply the motion along track changes speed between two consecutive sets.
///
/// Public element sets place a satellite along its orbit far better than they pin its mean motion: a small burn can
/// hide in the scatter of the issued mean motion (and in B*, which the orbit fit uses to absorb unmodelled
/// acceleration) while the positions the sets give already drift apart. For the gap before set `i`, the sets
/// `i − K ..< i + K` are compared with the set before the gap: each set's along-track offset from that reference at its
/// own epoch, `s(t)`, is fitted by least squares with a smooth curve `α + β τ + γ τ²` (the reference's own error and
/// the drag it does not model) plus, for the sets after the gap, a change of offset and of speed `κ + δ τ`
/// (τ: days since the first set after the gap). A burn at `t_b` gives `δ = −(3/2)(Δa/a) v` and `κ = −δ (t_i − t_b)`;
/// the statistic is `|δ|` over its standard error from the fit's own residuals, so each gap is scored against the
/// object's local along-track scatter.
struct AlongTrackKink: Sendable {
    /// Sets either side of the gap in the short fit (sharp kinks, any drag); the long fit uses ``longSetsPerSide``.
    static let setsPerSide = 6
    /// Sets either side of the gap in the long fit (smaller kinks of quiet orbits, whose scores are compared with the
    /// object's median score).
    static let longSetsPerSide = 10
    /// Points over one orbit the along-track offsets are averaged over.
    static let pointsPerOrbit = 4

    /// Change of along-track speed at the gap, km/day (NaN where unavailable).
    var speedChangeKmPerDay: Double
    /// `|δ|` over its standard error.
    var score: Double
    /// Burn time from the fit, days since the first set (NaN where unavailable).
    var burnDay: Double
    /// Standard error of ``burnDay`` from the fit's covariance (first order in κ and δ), days; NaN where unavailable.
    var burnDayStandardError: Double
    /// Change of along-track offset at the first set after the gap, κ, km (NaN where unavailable).
    var offsetChangeKm: Double = .nan
    /// `|κ|` over its standard error (0 where unavailable).
    var offsetScore: Double = 0

    static let unavailable = AlongTrackKink(speedChangeKmPerDay: .nan, score: 0, burnDay: .nan,
                                            burnDayStandardError: .nan)

    /// The short and the long fit for the gap before every set of `orbits` (unavailable within ``setsPerSide`` or
    /// ``longSetsPerSide`` sets of either end). The short fit's offsets are a subset of the long one's and are
    /// propagated once. A long history is fitted in parts on all available cores (each gap's fit is independent), or
    /// in `parts` parts when given.
    static func shortAndLong(_ orbits: PropagatedHistory,
                             parts: Int? = nil) -> (short: [AlongTrackKink], long: [AlongTrackKink]) {
        let count = orbits.sets.count
        var result = (short: Array(repeating: AlongTrackKink.unavailable, count: count),
                      long: Array(repeating: AlongTrackKink.unavailable, count: count))
        guard count >= 2 * setsPerSide + 1 else { return result }
        let gaps = setsPerSide...(count - setsPerSide)
        let automatic = min(ProcessInfo.processInfo.activeProcessorCount, gaps.count / parallelPartMinimumGaps)
        let parts = min(parts ?? automatic, gaps.count)
        guard parts > 1 else {
            fitGaps(gaps, of: orbits, into: &result)
            return result
        }
        let partResults = Mutex([(short: [AlongTrackKink], long: [AlongTrackKink])?](repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var own = (short: Array(repeating: AlongTrackKink.unavailable, count: count),
                       long: Array(repeating: AlongTrackKink.unavailable, count: count))
            let lower = gaps.lowerBound + part * gaps.count / parts
            let upper = gaps.lowerBound + (part + 1) * gaps.count / parts
            fitGaps(lower..<upper, of: orbits, into: &own)
            partResults.withLock { $0[part] = own }
        }
        partResults.withLock { fitted in
            for (part, own) in fitted.enumerated() {
                guard let own else { continue }
                let lower = gaps.lowerBound + part * gaps.count / parts
                let upper = gaps.lowerBound + (part + 1) * gaps.count / parts
                result.short.replaceSubrange(lower..<upper, with: own.short[lower..<upper])
                result.long.replaceSubrange(lower..<upper, with: own.long[lower..<upper])
            }
        }
        return result
    }

    /// Longest time between consecutive sets a fit may span, days. The smooth curve stands for the drag the reference
    /// set does not model over days of sets about a day apart; across a week without sets its extrapolation, not a
    /// burn, decides the change of offset and of speed (TOPEX's holes of 1996–97 made three false kinks).
    static let longestGapDays = 5.0

    /// Whether two consecutive sets among those the fit for the gap before set `i` with `k` sets either side reads
    /// (`i − k ..< i + k`, within the history) lie more than ``longestGapDays`` apart.
    static func spansLongGap(_ days: [Double], gapBefore i: Int, setsPerSide k: Int) -> Bool {
        let first = max(1, i - k + 1), last = min(days.count - 1, i + k - 1)
        guard first <= last else { return false }
        return (first...last).contains { days[$0] - days[$0 - 1] > longestGapDays }
    }

    /// Fewest gaps a part of a history fitted on its own core has (smaller histories are fitted on one).
    static let parallelPartMinimumGaps = 1_000

    /// The short and the long fit for the gaps before the sets `gaps`, written into `result` at those indices.
    static func fitGaps<Gaps: Sequence<Int>>(_ gaps: Gaps, of orbits: PropagatedHistory,
                                            into result: inout (short: [AlongTrackKink], long: [AlongTrackKink])) {
        let count = orbits.sets.count
        let short = setsPerSide, long = longSetsPerSide
        var offsets = [Double?](repeating: nil, count: 2 * long)
        for i in gaps {
            // The long window holds the short one: a gap whose short fit spans a hole has no fit to propagate for.
            guard let reference = orbits.propagators[i - 1],
                  !spansLongGap(orbits.days, gapBefore: i, setsPerSide: short) else { continue }
            let first = max(0, i - long), end = min(count, i + long)
            for j in first..<end { offsets[j - first] = offsetKm(of: j, from: reference, in: orbits) }
            let offset = { (j: Int) -> Double? in offsets[j - first] }
            result.short[i] = fit(orbits, gapBefore: i, setsPerSide: short, offset: offset)
            if i >= long, i <= count - long, !spansLongGap(orbits.days, gapBefore: i, setsPerSide: long) {
                result.long[i] = fit(orbits, gapBefore: i, setsPerSide: long, offset: offset)
            }
        }
    }

    /// The along-track offset of set `j` of `orbits` from `reference` at set `j`'s epoch, averaged over
    /// ``pointsPerOrbit`` points of one orbit, km (`nil` when either fails to propagate).
    static func offsetKm(of j: Int, from reference: SGP4Propagator, in orbits: PropagatedHistory) -> Double? {
        orbits.propagators[j].flatMap { other in
            PropagatedHistory.alongTrackSeparationKm(from: reference, to: other, at: orbits.sets[j].epoch,
                                                     points: pointsPerOrbit)
        }
    }

    /// The fit for the gap before set `i` from `k` sets either side, with `offset(j)` the along-track offset of set
    /// `j` from set `i − 1` at set `j`'s epoch, km.
    static func fit(_ orbits: PropagatedHistory, gapBefore i: Int, setsPerSide k: Int,
                    offset: (Int) -> Double?, dayOf: ((Int) -> Double)? = nil) -> AlongTrackKink {
        let day = dayOf ?? { orbits.days[$0] }
        var normal = [Double](repeating: 0, count: 25)   // AᵀA, 5 × 5
        var right = [Double](repeating: 0, count: 5)      // Aᵀs
        var rows: [(basis: [Double], offset: Double)] = []
        rows.reserveCapacity(2 * k)
        for j in (i - k)..<(i + k) {
            guard let offset = offset(j) else { continue }
            let tau = day(j) - orbits.days[i]
            let after = j >= i ? 1.0 : 0.0
            let basis = [1, tau, tau * tau, after, after * tau]
            for r in 0..<5 {
                right[r] += basis[r] * offset
                for c in 0..<5 { normal[5 * r + c] += basis[r] * basis[c] }
            }
            rows.append((basis, offset))
        }
        let before = rows.filter { $0.basis[3] == 0 }.count
        guard rows.count >= 2 * k - 2, before >= k - 2, rows.count - before >= k - 2,
              let inverse = invert5(normal) else { return .unavailable }
        let coefficients = (0..<5).map { r in (0..<5).reduce(0.0) { $0 + inverse[5 * r + $1] * right[$1] } }
        var squares = 0.0
        for row in rows {
            let model = (0..<5).reduce(0.0) { $0 + row.basis[$1] * coefficients[$1] }
            squares += (row.offset - model) * (row.offset - model)
        }
        let variance = squares / Double(rows.count - 5)
        let error = (variance * inverse[24]).squareRoot()
        let delta = coefficients[4], kappa = coefficients[3]
        guard error > 0, error.isFinite, delta.isFinite, delta != 0 else { return .unavailable }
        // t_b = t_i − κ/δ: ∂t_b/∂κ = −1/δ, ∂t_b/∂δ = κ/δ².
        let ratio = kappa / delta
        let burnDayVariance = variance * (inverse[18] - 2 * ratio * inverse[19] + ratio * ratio * inverse[24])
            / (delta * delta)
        let kappaError = (variance * inverse[18]).squareRoot()
        return AlongTrackKink(speedChangeKmPerDay: delta, score: abs(delta) / error,
                              burnDay: orbits.days[i] - ratio,
                              burnDayStandardError: burnDayVariance >= 0 ? burnDayVariance.squareRoot() : .nan,
                              offsetChangeKm: kappa, offsetScore: kappaError > 0 ? abs(kappa) / kappaError : 0)
    }

    /// The short fit for the gap before set `i` with the sets after the gap that end before `skipUntil` (days) left
    /// out: the first six later sets take their place. Sets fitted over days that reach back before the burn show a
    /// blend of the two orbits along track, which draws the fitted burn time late.
    static func fit(_ orbits: PropagatedHistory, gapBefore i: Int, skippingAfterGapUntil skipUntil: Double) -> AlongTrackKink {
        let count = orbits.sets.count
        guard i >= setsPerSide, let reference = orbits.propagators[i - 1],
              let firstKept = (i..<count).first(where: { orbits.days[$0] >= skipUntil }) else { return .unavailable }
        let after = firstKept..<min(count, firstKept + setsPerSide)
        guard after.count == setsPerSide else { return .unavailable }
        var offsets: [Int: Double] = [:]
        for j in Array((i - setsPerSide)..<i) + Array(after) {
            offsets[j] = offsetKm(of: j, from: reference, in: orbits)
        }
        // The fit reads sets i − k ..< i + k; the kept later sets are mapped onto i ..< i + k.
        let shift = firstKept - i
        return fit(orbits, gapBefore: i, setsPerSide: setsPerSide, offset: { j in
            j < i ? offsets[j] : offsets[j + shift]
        }, dayOf: { j in j < i ? orbits.days[j] : orbits.days[j + shift] })
    }

    /// Inverse of a symmetric 5 × 5 matrix (row-major) by Gauss–Jordan elimination with partial pivoting; `nil` when
    /// singular.
    static func invert5(_ matrix: [Double]) -> [Double]? {
        let n = 5
        var a = matrix
        var inverse = [Double](repeating: 0, count: n * n)
        for d in 0..<n { inverse[n * d + d] = 1 }
        for column in 0..<n {
            var pivot = column
            for r in column..<n where abs(a[n * r + column]) > abs(a[n * pivot + column]) { pivot = r }
            let largest = abs(a[n * pivot + column])
            guard largest > 1e-12 else { return nil }
            if pivot != column {
                for c in 0..<n {
                    a.swapAt(n * pivot + c, n * column + c)
                    inverse.swapAt(n * pivot + c, n * column + c)
                }
            }
            let scale = 1 / a[n * column + column]
            for c in 0..<n { a[n * column + c] *= scale; inverse[n * column + c] *= scale }
            for r in 0..<n where r != column {
                let factor = a[n * r + column]
                guard factor != 0 else { continue }
                for c in 0..<n {
                    a[n * r + c] -= factor * a[n * column + c]
                    inverse[n * r + c] -= factor * inverse[n * column + c]
                }
            }
        }
        return inverse
    }
}
