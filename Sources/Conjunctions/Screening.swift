public import Astrodynamics
public import ElementSets
import Propagation
import Observation
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conjunction screening of a catalog over a time window.
///
/// The pipeline cannot miss a minimum below the threshold:
/// 1. **Prefilter.** A pair is skipped when the two objects' radial shells (perigee to apogee from the mean
///    elements, widened by ``shellPadKm``) are further apart than the threshold.
/// 2. **Sweep.** Every object is propagated on a global grid of sample times `start + k·h` (h = ``step``). At
///    each sample every object gets a box holding its path over ±h/2: the segment `p ± v·h/2` widened by a
///    curvature bound (½·g·(h/2)², g its gravity at the lowest radius it can reach plus a slack) and by half the
///    threshold. Only pairs whose boxes overlap can come closer than the threshold; they are found with a
///    uniform grid (each pair examined in one cell, where the scan stops at objects whose lowest reachable radius
///    is above the highest radius the current one's path reaches). Each such pair is tested with its linear
///    relative motion over ±h/2 plus a bound on the relative acceleration (gravity gradient 3μ/r³ times the
///    separation), first on 16 pairs at once in `Float` with a rounding slack, then exactly, and passes when that
///    bound allows a distance below the threshold. A state whose position disagrees with its neighbours' by more
///    than its velocity allows (a diverged SGP4 solution) takes no part: every bound assumes the velocity is the
///    derivative of the position.
/// 3. **Refinement.** For each passing pair and sample, the window of 1.25·h around the sample is split until
///    Δr·Δv is provably increasing on each piece (its derivative |Δv|² + Δr·Δa bounded away from zero with the
///    same acceleration bound) or the piece is at most 5 s long; every − → + sign change is refined by Brent's
///    method (``EventSearch``) to 0.1 ms. A local minimum below the threshold inside the screening interval is
///    an event. Windows overlap, so a minimum found twice is kept once (from the earliest window).
///
/// Ephemeris is produced in chunks of ``chunkSteps`` samples, so memory grows with the catalog, not the window.
public struct ConjunctionScreening: Sendable {
    /// The start of the screening interval.
    public var start: Instant
    /// The length of the screening interval.
    public var duration: Duration
    /// The distance below which a minimum is reported, km.
    public var thresholdKm: Double
    /// Which pairs to consider.
    public var selection: ScreeningSelection
    /// Which part of the work this process does.
    public var shard: ScreeningShard
    /// The sampling step of the sweep. The events do not depend on it (every bound scales with it); a longer
    /// step propagates less but examines more pairs per sample and refines longer windows. 120 s is the fastest
    /// on the 2023 catalog (90–120 s within the noise; 60 s ≈ 25 % slower).
    public var step: Duration = .seconds(120)
    /// The pad added to each radial shell for the prefilter, km (short-period and drag changes of the radius).
    public var shellPadKm: Double = 60
    /// The combined hard-body radius for the maximum probability, km.
    public var hardBodyRadiusKm: Double = MaximumProbability.defaultCombinedRadiusKm
    /// The number of worker threads (default: every available core).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Samples per ephemeris chunk.
    public var chunkSteps: Int = 32
    /// Side of the broad-phase grid cells, km (`nil`: chosen from the step and threshold). A tuning knob only:
    /// the events do not depend on it.
    public var cellKm: Double?

    /// Creates a screening.
    public init(start: Instant, duration: Duration, thresholdKm: Double, selection: ScreeningSelection = .allVsAll,
                shard: ScreeningShard = .whole) {
        self.start = start
        self.duration = duration
        self.thresholdKm = thresholdKm
        self.selection = selection
        self.shard = shard
    }

    /// The events among `elementSets`, sorted by catalog numbers then time. Element sets SGP4 cannot initialise
    /// are left out and listed in the result.
    /// - Parameter progress: called from the screening thread with the fraction done (0 … 1).
    /// - Throws: ``ScreeningError`` for a non-positive duration, step or threshold, a step over an hour, a cell
    ///   size below 1 km, the threshold or 2 km per second of step, or duplicate catalog numbers.
    public func run(_ elementSets: [ElementSet], progress: ((Double) -> Void)? = nil) throws(ScreeningError)
        -> ScreeningResult
    {
        let stepSeconds = seconds(step)
        let durationSeconds = seconds(duration)
        guard durationSeconds > 0 else { throw ScreeningError("the duration must be positive") }
        guard stepSeconds > 0 else { throw ScreeningError("the step must be positive") }
        guard stepSeconds <= 3_600 else { throw ScreeningError("the step must be at most 3600 s") }
        guard thresholdKm > 0, thresholdKm.isFinite else { throw ScreeningError("the threshold must be positive") }

        var propagators: [SGP4Propagator] = []
        var skipped: [CatalogNumber] = []
        var seen = Set<CatalogNumber>()
        for set in elementSets {
            guard seen.insert(set.catalogNumber).inserted else {
                throw ScreeningError("catalog number \(set.catalogNumber) appears more than once")
            }
            if let p = try? SGP4Propagator(set) { propagators.append(p) } else { skipped.append(set.catalogNumber) }
        }
        // The broad phase keeps an object's index in 29 bits of its entries.
        guard propagators.count < 1 << 29 else { throw ScreeningError("at most 2²⁹ − 1 objects can be screened") }
        let objects = ScreeningObjects(propagators: propagators, start: start, durationSeconds: durationSeconds,
                                       selection: selection, padKm: shellPadKm, thresholdKm: thresholdKm)
        let cell = cellKm ?? max(4 * thresholdKm, 12 * stepSeconds)
        // Smaller cells would put a box in too many cells (memory and time grow as the cube of box / cell).
        // At least 1 km: cell indices then stay within ±2²⁰, which the packed cell keys hold exactly.
        guard cell.isFinite, cell >= 1, cell >= thresholdKm, cell >= 2 * stepSeconds else {
            throw ScreeningError("the cell size must be at least 1 km, the threshold and 2 km per second of step")
        }
        var sweep = Sweep(objects: objects, start: start, stepSeconds: stepSeconds, durationSeconds: durationSeconds,
                          thresholdKm: thresholdKm, threads: max(1, threads), chunkSteps: max(1, chunkSteps),
                          cellKm: cell)
        let events = sweep.run(shard: shard, hardBodyRadiusKm: hardBodyRadiusKm, progress: progress)
        return ScreeningResult(conjunctions: events, skipped: skipped)
    }

    private func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}

/// The outcome of a screening.
public struct ScreeningResult: Sendable, Hashable {
    /// The events, sorted by catalog number 1, catalog number 2, then time of closest approach.
    public var conjunctions: [Conjunction]
    /// Objects left out because SGP4 could not initialise them.
    public var skipped: [CatalogNumber]
}

import Foundation

// MARK: - Internals

/// Per-object data for the sweep: propagators, minute offsets and prefilter shells.
struct ScreeningObjects: @unchecked Sendable {
    let propagators: [SGP4Propagator]
    /// Minutes from each epoch to the screening start.
    let offsets: [Double]
    let perigeeKm: [Double]
    let apogeeKm: [Double]
    /// The lowest radius an object's path can reach in the window, less half the threshold (`Float`, rounded
    /// down); objects are numbered in increasing order of it.
    let radialFloorKm: [Float]
    /// Whether the object is a primary (for selections other than all-vs-all).
    let isPrimary: [Bool]
    /// Whether the object takes part at all (its shell meets some primary's shell).
    let isActive: [Bool]
    let allVsAll: Bool

    init(propagators: [SGP4Propagator], start: Instant, durationSeconds: Double, selection: ScreeningSelection,
         padKm: Double, thresholdKm: Double) {
        let offsets = propagators.map { start.minutes(since: $0.elementSet.epoch) }
        let mu = 398_600.8  // WGS-72, km³/s²
        // The shell holds the epoch's mean orbit and the osculating orbits at the window's start, end and every
        // 6 hours between: drag can move a decaying object's orbit by more than the pad within days.
        let samples = Int((durationSeconds / 21_600).rounded(.up)) + 1
        var per = [Double](repeating: 0, count: propagators.count), apo = per
        let slots = ShellSlots(count: propagators.count)
        DispatchQueue.concurrentPerform(iterations: 8) { part in
            for k in (propagators.count * part / 8)..<(propagators.count * (part + 1) / 8) {
                let p = propagators[k]
                let n = p.elementSet.meanMotionRevPerDay * 2 * Double.pi / 86_400
                let a = cbrt(mu / (n * n))
                var low = a * (1 - p.elementSet.eccentricity), high = a * (1 + p.elementSet.eccentricity)
                for s in 0..<samples {
                    let t = min(durationSeconds, Double(s) * 21_600)
                    guard let state = try? p.state(minutesSinceEpoch: offsets[k] + t / 60) else { continue }
                    let r = state.positionKm.length, v2 = state.velocityKmPerS.dot(state.velocityKmPerS)
                    let inverseA = 2 / r - v2 / mu
                    guard inverseA > 0, r.isFinite else { continue }
                    let ao = 1 / inverseA
                    let h = state.positionKm.cross(state.velocityKmPerS).length
                    let e = max(0, 1 - h * h / (mu * ao)).squareRoot()
                    low = min(low, ao * (1 - e)); high = max(high, ao * (1 + e))
                }
                slots.set(k, low - padKm, high + padKm)
            }
        }
        for k in propagators.indices { (per[k], apo[k]) = slots.get(k) }
        // Objects numbered by the lowest radius they can reach (then catalog number): the broad phase meets each
        // cell's objects in that order and stops scanning a cell where the radii can no longer meet. The events
        // do not depend on the numbering (they are sorted by catalog numbers at the end).
        let order = propagators.indices.sorted {
            (per[$0], propagators[$0].elementSet.catalogNumber.rawValue)
                < (per[$1], propagators[$1].elementSet.catalogNumber.rawValue)
        }
        let initial = propagators
        let propagators = order.map { initial[$0] }
        self.propagators = propagators
        self.offsets = order.map { offsets[$0] }
        per = order.map { per[$0] }
        apo = order.map { apo[$0] }
        perigeeKm = per
        apogeeKm = apo
        // Rounded down to `Float` (by one part in 2²³, more than the rounding) and lowered by half the
        // threshold: the midpoint of two objects that come within the threshold lies above both values.
        radialFloorKm = per.map { Float(($0 - thresholdKm / 2) * (1 - 2e-7) - 1e-3) }
        switch selection {
        case .allVsAll:
            isPrimary = Array(repeating: true, count: propagators.count)
            allVsAll = true
        case .primaries(let set):
            isPrimary = propagators.map { set.contains($0.elementSet.catalogNumber) }
            allVsAll = false
        case .payloads:
            isPrimary = propagators.map { ScreeningSelection.isPayload($0.elementSet) }
            allVsAll = false
        }
        if allVsAll {
            isActive = Array(repeating: true, count: propagators.count)
        } else {
            // An object takes part when its shell overlaps the union of the primaries' shells.
            var intervals: [(Double, Double)] = []
            for i in propagators.indices where isPrimary[i] { intervals.append((per[i], apo[i])) }
            intervals.sort { $0.0 < $1.0 }
            var merged: [(Double, Double)] = []
            for iv in intervals {
                if let last = merged.last, iv.0 <= last.1 + thresholdKm {
                    merged[merged.count - 1].1 = max(last.1, iv.1)
                } else { merged.append(iv) }
            }
            let prim = isPrimary
            isActive = propagators.indices.map { i in
                if prim[i] { return true }
                return merged.contains { per[i] <= $0.1 + thresholdKm && apo[i] >= $0.0 - thresholdKm }
            }
        }
    }

    /// Whether the pair passes the selection and the shell prefilter.

    func pairAllowed(_ i: Int, _ j: Int, thresholdKm: Double) -> Bool {
        if !allVsAll && !isPrimary[i] && !isPrimary[j] { return false }
        return shellsMeet(i, j, thresholdKm: thresholdKm)
    }

    /// Whether the two padded radial shells come within the threshold of each other.
    @inline(__always)
    func shellsMeet(_ i: Int, _ j: Int, thresholdKm: Double) -> Bool {
        max(perigeeKm[i], perigeeKm[j]) - min(apogeeKm[i], apogeeKm[j]) <= thresholdKm
    }

    /// The state of object `i` at `seconds` after the start, or nil when SGP4 fails.

    func state(_ i: Int, _ seconds: Double) -> StateVector<TEME>? {
        guard let s = try? propagators[i].state(minutesSinceEpoch: offsets[i] + seconds / 60),
              s.velocityKmPerS.dot(s.velocityKmPerS) <= 144 else { return nil }
        return s
    }
}

/// Positions and velocities of the active objects at many times, from the SIMD batch propagator, written in the
/// sweep's layout: for sample s, six component rows of `stride` doubles each (x, y, z, vx, vy, vz), object index
/// as in `objects`; objects that are inactive or failed are NaN. The one place that propagates for the sweep.
///
/// SGP4 failures are per time, as python-sgp4 and the refinement see them: an object whose perigee dips below
/// the Earth's surface fails (error 6) around each perigee and is valid again in between. The batch propagator
/// stops an object at its first failure, so the times after it are evaluated again one by one with the scalar
/// propagator (a few decaying objects per chunk).
/// - Parameter seconds: the sample times in seconds after the screening start (the same times as `instants`).
func positionsForMany(_ objects: ScreeningObjects, batch: SGP4Batch, activeIndices: [Int], instants: [Instant],
                      seconds: [Double], ephemeris: inout BatchEphemeris, threads: Int,
                      into buffer: UnsafeMutablePointer<Double>, stride: Int) {
    batch.propagate(at: instants, into: &ephemeris, threads: threads)
    let times = instants.count
    nonisolated(unsafe) let buffer = buffer
    let failed = ephemeris.failures
    let rows = activeIndices.count
    let workers = max(1, min(threads, rows))
    ephemeris.x.withUnsafeBufferPointer { x in
    ephemeris.y.withUnsafeBufferPointer { y in
    ephemeris.z.withUnsafeBufferPointer { z in
    ephemeris.vx.withUnsafeBufferPointer { vx in
    ephemeris.vy.withUnsafeBufferPointer { vy in
    ephemeris.vz.withUnsafeBufferPointer { vz in
        nonisolated(unsafe) let (x, y, z, vx, vy, vz) = (x, y, z, vx, vy, vz)
        // Rows split over the workers: each writes its own objects' columns.
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let fromRow = rows * w / workers, toRow = rows * (w + 1) / workers
            // Inactive objects (between the active ones) are NaN.
            let fromIndex = w == 0 ? 0 : activeIndices[fromRow - 1] + 1
            let toIndex = w == workers - 1 ? stride : activeIndices[toRow - 1] + 1
            for s in 0..<times {
                let row = buffer + s * 6 * stride
                for i in fromIndex..<toIndex { row[i] = .nan }
            }
            for row in fromRow..<toRow {
                let i = activeIndices[row]
                let base = row * times
                for s in 0..<times {
                    let out = buffer + s * 6 * stride
                    out[i] = x[base + s]
                    out[i + stride] = y[base + s]
                    out[i + 2 * stride] = z[base + s]
                    out[i + 3 * stride] = vx[base + s]
                    out[i + 4 * stride] = vy[base + s]
                    out[i + 5 * stride] = vz[base + s]
                }
                guard failed[row] != nil else { continue }
                // Failed at the first NaN time: that time and the later ones again, each on its own.
                guard let first = (0..<times).first(where: { x[base + $0].isNaN }) else { continue }
                for s in (first + 1)..<max(first + 1, times) {
                    guard let state = objects.state(i, seconds[s]) else { continue }
                    let out = buffer + s * 6 * stride
                    out[i] = state.positionKm.x
                    out[i + stride] = state.positionKm.y
                    out[i + 2 * stride] = state.positionKm.z
                    out[i + 3 * stride] = state.velocityKmPerS.x
                    out[i + 4 * stride] = state.velocityKmPerS.y
                    out[i + 5 * stride] = state.velocityKmPerS.z
                }
            }
        }
    } } } } } }
}

/// A candidate: a pair close enough at sample `step` to be refined.
struct Candidate: Sendable, Hashable {
    var i: Int32
    var j: Int32
    var step: Int32
}

/// A found minimum before formatting.
struct FoundMinimum: Sendable {
    var i: Int32
    var j: Int32
    var step: Int32
    var tcaSeconds: Double
    var conjunction: Conjunction
}

/// Per-object shells written by worker threads, each to its own indices.
final class ShellSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<(Double, Double)>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        slots.initialize(repeating: (0, 0), count: max(1, count))
    }
    func set(_ k: Int, _ low: Double, _ high: Double) { slots[k] = (low, high) }
    func get(_ k: Int) -> (Double, Double) { slots[k] }
    deinit { slots.deinitialize(count: max(1, count)); slots.deallocate() }
}

/// A mutable box shared by worker threads that each write their own slots.
final class SharedSlots<T>: @unchecked Sendable {
    var slots: [T]
    init(_ slots: [T]) { self.slots = slots }
}

struct Sweep {
    let objects: ScreeningObjects
    let start: Instant
    let stepSeconds: Double
    let durationSeconds: Double
    let thresholdKm: Double
    let threads: Int
    let chunkSteps: Int
    /// Side of the broad-phase grid cells, km.
    let cellKm: Double

    /// Gravitational parameter over the cube of the lowest radius considered (6,300 km), 1/s².
    static let tidalRate = 398_600.8 / (6_300.0 * 6_300.0 * 6_300.0)

    mutating func run(shard: ScreeningShard, hardBodyRadiusKm: Double, progress: ((Double) -> Void)?)
        -> [Conjunction]
    {
        let n = objects.propagators.count
        let lastStep = Int((durationSeconds / stepSeconds).rounded(.up))
        let totalSteps = lastStep + 1
        // This shard owns events with step-aligned time in [kFrom·h, kTo·h) and sweeps a halo of two steps.
        let kFrom = totalSteps * shard.index / shard.count
        let kTo = totalSteps * (shard.index + 1) / shard.count
        let ownFrom = shard.index == 0 ? -Double.infinity : Double(kFrom) * stepSeconds - stepSeconds / 2
        let ownTo = shard.index == shard.count - 1 ? Double.infinity : Double(kTo) * stepSeconds - stepSeconds / 2
        let sweepFrom = max(0, kFrom - 2), sweepTo = min(totalSteps, kTo + 2)
        guard n >= 2, sweepFrom < sweepTo else { return [] }

        var found: [FoundMinimum] = []
        // The chunk's samples with one neighbour either side (slot 0 the sample before the chunk, slots 1…count the
        // chunk, slot count + 1 the sample after it; NaN where the screening has no such sample): the sweep checks
        // each state against its neighbours' (see `candidates`). The two last slots of a chunk are the first two of
        // the next one.
        let sampleSize = 6 * n
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: sampleSize * (chunkSteps + 2))
        let activeIndices = (0..<n).filter { objects.isActive[$0] }
        let batch = SGP4Batch(activeIndices.map { objects.propagators[$0] })
        var ephemeris = BatchEphemeris(objectCount: activeIndices.count, timeCount: chunkSteps + 2)
        defer { buffer.deallocate() }
        let scratches = (0..<max(1, threads)).map { _ in SweepScratch() }
        /// Propagates the samples `from..<to` (clipped to the screening's samples; the rest NaN) into the slots
        /// from `slot` on.
        func propagate(_ from: Int, _ to: Int, slot: Int) {
            for k in from..<to where k < 0 || k >= totalSteps {
                (buffer + (slot + k - from) * sampleSize).update(repeating: .nan, count: sampleSize)
            }
            let first = max(from, 0), last = min(to, totalSteps)
            guard first < last else { return }
            let sampleSeconds = (first..<last).map { Double($0) * stepSeconds }
            positionsForMany(objects, batch: batch, activeIndices: activeIndices,
                             instants: sampleSeconds.map { start.adding(seconds: $0) }, seconds: sampleSeconds,
                             ephemeris: &ephemeris, threads: threads, into: buffer + (slot + first - from) * sampleSize,
                             stride: n)
        }
        var chunkStart = sweepFrom
        var previousCount = 0
        while chunkStart < sweepTo {
            let chunkEnd = min(sweepTo, chunkStart + chunkSteps)
            let count = chunkEnd - chunkStart
            // 1. Ephemeris for the chunk, objects split across threads.
            if previousCount == 0 {
                propagate(chunkStart - 1, chunkEnd + 1, slot: 0)
            } else {
                memmove(buffer, buffer + previousCount * sampleSize, 2 * sampleSize * MemoryLayout<Double>.stride)
                propagate(chunkStart + 1, chunkEnd + 1, slot: 2)
            }
            previousCount = count
            let objectsRef = objects
            let stepS = stepSeconds
            let cs = chunkStart
            nonisolated(unsafe) let buf = buffer + sampleSize
            // 2. Candidates per sample, samples split across threads.
            let candidates = SharedSlots([[Candidate]](repeating: [], count: count))
            let threshold = thresholdKm
            let cellKm = self.cellKm
            // Each worker takes a contiguous run of samples with its own scratch buffers; the candidates of a
            // sample do not depend on which worker computed them.
            let workers = min(count, scratches.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for s in (count * w / workers)..<(count * (w + 1) / workers) {
                    candidates.slots[s] = Sweep.candidates(objectsRef, buf + s * sampleSize, n: n, step: cs + s,
                                                           stepSeconds: stepS, thresholdKm: threshold, cellKm: cellKm,
                                                           scratch: scratches[w])
                }
            }
            // 3. Refinement, candidates split across threads.
            let all = candidates.slots.flatMap { $0 }
            let results = SharedSlots([[FoundMinimum]](repeating: [], count: max(1, threads * 4)))
            let parts = results.slots.count
            let startInstant = start
            let total = durationSeconds
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                var out: [FoundMinimum] = []
                let lo = all.count * p / parts, hi = all.count * (p + 1) / parts
                for c in all[lo..<hi] {
                    Sweep.refine(objectsRef, c, start: startInstant, stepSeconds: stepS, durationSeconds: total,
                                 thresholdKm: threshold, hardBodyRadiusKm: hardBodyRadiusKm, into: &out)
                }
                results.slots[p] = out
            }
            for r in results.slots { found.append(contentsOf: r) }
            chunkStart = chunkEnd
            progress?(Double(chunkEnd - sweepFrom) / Double(sweepTo - sweepFrom))
        }
        // Keep one minimum per pair and time: sort by pair, then window, then time; drop a minimum within 1 s of
        // one already kept for the pair (the same minimum seen from an overlapping window).
        found.sort { ($0.i, $0.j, $0.step, $0.tcaSeconds) < ($1.i, $1.j, $1.step, $1.tcaSeconds) }
        var kept: [FoundMinimum] = []
        var groupStart = 0
        for f in found {
            if let last = kept.last, last.i == f.i, last.j == f.j {
                // same pair: compare with every kept minimum of this pair
            } else {
                groupStart = kept.count
            }
            var duplicate = false
            for k in kept[groupStart...] where abs(k.tcaSeconds - f.tcaSeconds) < 1 { duplicate = true; break }
            if !duplicate { kept.append(f) }
        }
        // The maximum probability (a numerical maximisation) only for the events kept, in parallel.
        var owned = kept.filter { $0.tcaSeconds >= ownFrom && $0.tcaSeconds < ownTo }.map(\.conjunction)
        let total = owned.count
        let parts = max(1, min(total, threads * 4))
        owned.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let events = buffer
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                for k in (total * p / parts)..<(total * (p + 1) / parts) {
                    events[k].maximumProbability = MaximumProbability.value(missKm: events[k].missDistanceKm,
                                                                            radiusKm: hardBodyRadiusKm)
                }
            }
        }
        return owned
            .sorted {
                ($0.catalogNumber1.rawValue, $0.catalogNumber2.rawValue, $0.timeOfClosestApproach)
                    < ($1.catalogNumber1.rawValue, $1.catalogNumber2.rawValue, $1.timeOfClosestApproach)
            }
    }

    /// Relative position and velocity of a pair (object j − object i) at `t` seconds from the start.
    @inline(__always)
    static func relative(_ objects: ScreeningObjects, _ i: Int, _ j: Int, _ t: Double)
        -> (r: Vector3, u: Vector3)?
    {
        guard let a = objects.state(i, t), let b = objects.state(j, t) else { return nil }
        return (b.positionKm - a.positionKm, b.velocityKmPerS - a.velocityKmPerS)
    }

    /// Whether Δr·Δv is strictly increasing over `seconds` after a time where the pair's relative state is
    /// `(r, u)`: its derivative |Δv|² + Δr·Δa stays positive when the relative acceleration is bounded by the
    /// gravity gradient 3μ/r³ times the separation (plus a slack for J2 and drag), as in the sweep.
    static func increasing(_ r: Vector3, _ u: Vector3, over seconds: Double) -> Bool {
        let speed = u.length
        let s0 = r.length + speed * seconds
        let a0 = 3 * tidalRate * (s0 + 1) + 1e-5
        let separation = s0 + 0.5 * a0 * seconds * seconds
        let accel = 3 * tidalRate * separation + 1e-5
        let slowest = speed - accel * seconds
        return slowest > 0 && slowest * slowest > separation * accel
    }

    /// Whether Δr·Δv keeps one sign over a piece of `seconds` whose ends have relative states `(r, u)` and
    /// `(rb, ub)`. With |d(Δr·Δv)/dt| = ||Δv|² + Δr·Δa| ≤ D over the piece (D = v̂² + ŝ·â from the same speed,
    /// separation and acceleration bounds as ``increasing(_:_:over:)``: ŝ bounds the separation, â the relative
    /// acceleration, v̂ = |u| + â·seconds the relative speed), f = Δr·Δv satisfies f(t) ≤ f(a) + D(t − a) and
    /// f(t) ≤ f(b) + D(b − t), so f ≤ (f(a) + f(b) + D·L)/2 on the piece, and likewise f ≥ (f(a) + f(b) − D·L)/2.
    /// When the first is negative or the second positive, f has no sign change and the piece holds no minimum
    /// (the splitting would only find sub-pieces whose ends all have the same sign: the events do not change).
    static func keepsSign(_ r: Vector3, _ u: Vector3, _ rb: Vector3, _ ub: Vector3, over seconds: Double) -> Bool {
        let speed = u.length
        let s0 = r.length + speed * seconds
        let a0 = 3 * tidalRate * (s0 + 1) + 1e-5
        let separation = s0 + 0.5 * a0 * seconds * seconds
        let accel = 3 * tidalRate * separation + 1e-5
        let fastest = speed + accel * seconds
        let d = fastest * fastest + separation * accel
        let fa = r.dot(u), fb = rb.dot(ub)
        let sum = fa + fb, spread = d * seconds
        return sum + spread < 0 || sum - spread > 0
    }

    /// Refines the minima of one candidate window into `out`.
    ///
    /// The window (1.25 steps around the sample) is split until Δr·Δv is provably increasing on each piece
    /// (``increasing(_:_:over:)``, then a piece holds at most one minimum, found when Δr·Δv changes sign from − to
    /// +) or the piece is 5 s long or less (then sampled at its ends, as a dense 5 s search would). Each sign
    /// change is refined by Brent's method to 0.1 ms. Where SGP4 fails at a window end or a split point (a decaying
    /// object dipping below the surface around perigee), that piece is sampled every 5 s instead and each sign
    /// change between valid samples refined.
    static func refine(_ objects: ScreeningObjects, _ c: Candidate, start: Instant, stepSeconds: Double,
                       durationSeconds: Double, thresholdKm: Double, hardBodyRadiusKm: Double,
                       into out: inout [FoundMinimum]) {
        let i = Int(c.i), j = Int(c.j)
        let center = Double(c.step) * stepSeconds
        let span = stepSeconds * 1.25
        let lo = center - span / 2, hi = center + span / 2
        let search = EventSearch(coarseStepSeconds: stepSeconds, toleranceSeconds: 1e-4)
        /// Refines the sign change of Δr·Δv from − to + between `a` and `b` (seconds after the start).
        func refineRoot(_ a: Double, _ b: Double) {
            let root = search.root(of: { (x: Instant) -> Double in
                guard let s = relative(objects, i, j, x.seconds(since: start)) else { return 0 }
                return s.r.dot(s.u)
            }, between: start.adding(seconds: a), and: start.adding(seconds: b))
            if let root {
                let tca = root.seconds(since: start)
                if tca >= 0, tca <= durationSeconds,
                   let m = event(objects, i, j, tca, start: start, root: root, thresholdKm: thresholdKm,
                                 hardBodyRadiusKm: hardBodyRadiusKm) {
                    out.append(FoundMinimum(i: c.i, j: c.j, step: c.step, tcaSeconds: tca, conjunction: m))
                }
            }
        }
        /// Where SGP4 fails at some times (a decaying object below the surface around perigee): samples every
        /// 5 s (the dense reference's spacing or finer) and refines each − → + change between valid samples.
        func scan(_ a: Double, _ b: Double) {
            let pieces = max(1, Int(((b - a) / 5).rounded(.up)))
            var previous: (t: Double, f: Double)?
            for k in 0...pieces {
                let t = a + (b - a) * Double(k) / Double(pieces)
                guard let s = relative(objects, i, j, t) else { previous = nil; continue }
                let f = s.r.dot(s.u)
                if let p = previous, p.f < 0, f >= 0 { refineRoot(p.t, t) }
                previous = (t, f)
            }
        }
        guard let sLo = relative(objects, i, j, lo), let sHi = relative(objects, i, j, hi) else {
            scan(lo, hi)
            return
        }
        // Pieces to examine, left to right (a stack, right piece pushed first).
        var pieces: [(a: Double, sa: (r: Vector3, u: Vector3), b: Double, sb: (r: Vector3, u: Vector3))] =
            [(lo, sLo, hi, sHi)]
        while let piece = pieces.popLast() {
            let length = piece.b - piece.a
            if length > 5 && !increasing(piece.sa.r, piece.sa.u, over: length) {
                // A piece where Δr·Δv provably keeps one sign holds no minimum: nothing to split.
                if keepsSign(piece.sa.r, piece.sa.u, piece.sb.r, piece.sb.u, over: length) { continue }
                let m = piece.a + length / 2
                guard let sm = relative(objects, i, j, m) else { scan(piece.a, piece.b); continue }
                pieces.append((m, sm, piece.b, piece.sb))
                pieces.append((piece.a, piece.sa, m, sm))
                continue
            }
            let fa = piece.sa.r.dot(piece.sa.u), fb = piece.sb.r.dot(piece.sb.u)
            guard fa < 0 && fb >= 0 else { continue }
            refineRoot(piece.a, piece.b)
        }
    }

    /// The event at a refined time of closest approach, or nil when the miss is above the threshold.
    static func event(_ objects: ScreeningObjects, _ i: Int, _ j: Int, _ t: Double, start: Instant, root: Instant,
                      thresholdKm: Double, hardBodyRadiusKm: Double) -> Conjunction? {
        guard let a = objects.state(i, t), let b = objects.state(j, t) else { return nil }
        let ci = objects.propagators[i].elementSet.catalogNumber, cj = objects.propagators[j].elementSet.catalogNumber
        // Object 1 is the smaller catalog number; the RIC frame is object 1's.
        let (s1, s2) = ci < cj ? (a, b) : (b, a)
        let dr = s2.positionKm - s1.positionKm
        let miss = dr.length
        guard miss < thresholdKm else { return nil }
        let dv = s2.velocityKmPerS - s1.velocityKmPerS
        let rHat = (1 / s1.positionKm.length) * s1.positionKm
        let hVec = s1.positionKm.cross(s1.velocityKmPerS)
        let cHat = (1 / hVec.length) * hVec
        let iHat = cHat.cross(rHat)
        return Conjunction(catalogNumber1: min(ci, cj), catalogNumber2: max(ci, cj),
                           timeOfClosestApproach: root, missDistanceKm: miss, relativeSpeedKmPerS: dv.length,
                           radialKm: dr.dot(rHat), inTrackKm: dr.dot(iHat), crossTrackKm: dr.dot(cHat),
                           maximumProbability: 0)  // filled in for the events kept
    }
}
