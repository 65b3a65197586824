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
///    uniform grid (each pair examined in one cell). Each such pair is tested with its linear relative motion
///    over ±h/2 plus a bound on the relative acceleration (gravity gradient 3μ/r³ times the separation), and
///    passes when that bound allows a distance below the threshold.
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
    /// step propagates less but examines more pairs per sample. 60 s is the fastest on the 2023 catalog.
    public var step: Duration = .seconds(60)
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
    /// Whether the object is a primary (for selections other than all-vs-all).
    let isPrimary: [Bool]
    /// Whether the object takes part at all (its shell meets some primary's shell).
    let isActive: [Bool]
    let allVsAll: Bool

    init(propagators: [SGP4Propagator], start: Instant, durationSeconds: Double, selection: ScreeningSelection,
         padKm: Double, thresholdKm: Double) {
        self.propagators = propagators
        let offsets = propagators.map { start.minutes(since: $0.elementSet.epoch) }
        self.offsets = offsets
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
        perigeeKm = per
        apogeeKm = apo
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

/// Reusable buffers of one sweep worker (grown on demand, freed on deinit), so that a sample allocates nothing
/// but its candidate list.
final class SweepScratch: @unchecked Sendable {
    /// Lanes of the vector pair test.
    static let lanes = 4
    private(set) var objectCapacity = 0
    private(set) var entryCapacity = 0
    private(set) var tableCapacity = 0
    var boxLo = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var boxHi = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var lo = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var hi = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var live = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per object: position and velocity side by side (x, y, z, vx, vy, vz) rounded to `Float`, for the
    /// conservative narrow-phase prefilter (24 bytes an object: the whole catalog stays in the core's cache).
    var states = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    var entryBucket = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var entryCell = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var entryObject = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var sortedBucket = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// The entries sorted by bucket, struct-of-arrays for the vector pair test: six rows of `entryCapacity`
    /// doubles (box low x, y, z, high x, y, z), the packed cell key and the object.
    var sortedBox = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var sortedKey = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    var sortedObject = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// Per sorted entry: bit 0, 1, 2 set when the entry's cell is the first cell of its box along x, y, z.
    var sortedFlags = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    /// Per entry before sorting: the packed cell key.
    var entryKey = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    var counts = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var fill = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    func reserveObjects(_ n: Int) {
        guard n > objectCapacity else { return }
        for p in [boxLo, boxHi] { p.deallocate() }
        for p in [lo, hi, live] { p.deallocate() }
        states.deallocate()
        states = .allocate(capacity: 6 * n)
        boxLo = .allocate(capacity: 3 * n); boxHi = .allocate(capacity: 3 * n)
        lo = .allocate(capacity: 3 * n); hi = .allocate(capacity: 3 * n); live = .allocate(capacity: n)
        objectCapacity = n
    }

    func reserveEntries(_ entries: Int, tableSize: Int) {
        if entries + SweepScratch.lanes > entryCapacity {
            for p in [entryBucket, entryCell, entryObject, sortedBucket, sortedObject] { p.deallocate() }
            sortedBox.deallocate(); sortedKey.deallocate(); entryKey.deallocate(); sortedFlags.deallocate()
            // Room for one vector of padding after the last entry (the pair test reads whole vectors).
            let c = entries + entries / 4 + SweepScratch.lanes
            entryBucket = .allocate(capacity: c); entryCell = .allocate(capacity: 3 * c)
            entryObject = .allocate(capacity: c); sortedBucket = .allocate(capacity: c)
            sortedBox = .allocate(capacity: 6 * c); sortedKey = .allocate(capacity: c)
            sortedObject = .allocate(capacity: c)
            entryKey = .allocate(capacity: c); sortedFlags = .allocate(capacity: c)
            entryCapacity = c
        }
        if tableSize + 1 > tableCapacity {
            counts.deallocate(); fill.deallocate()
            counts = .allocate(capacity: tableSize + 1); fill = .allocate(capacity: tableSize + 1)
            tableCapacity = tableSize + 1
        }
    }

    deinit {
        for p in [boxLo, boxHi] { p.deallocate() }
        states.deallocate()
        for p in [lo, hi, live, entryBucket, entryCell, entryObject, sortedBucket, counts, fill,
                  sortedObject] { p.deallocate() }
        sortedBox.deallocate(); sortedKey.deallocate(); entryKey.deallocate(); sortedFlags.deallocate()
    }
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
        let stride = n
        let buffer = UnsafeMutablePointer<Double>.allocate(capacity: 6 * n * chunkSteps)
        let activeIndices = (0..<n).filter { objects.isActive[$0] }
        let batch = SGP4Batch(activeIndices.map { objects.propagators[$0] })
        var ephemeris = BatchEphemeris(objectCount: activeIndices.count, timeCount: chunkSteps)
        defer { buffer.deallocate() }
        let scratches = (0..<max(1, threads)).map { _ in SweepScratch() }
        var chunkStart = sweepFrom
        while chunkStart < sweepTo {
            let chunkEnd = min(sweepTo, chunkStart + chunkSteps)
            let count = chunkEnd - chunkStart
            // 1. Ephemeris for the chunk, objects split across threads.
            let objectsRef = objects
            let stepS = stepSeconds
            let cs = chunkStart
            nonisolated(unsafe) let buf = buffer
            let sampleSeconds = (0..<count).map { Double(cs + $0) * stepS }
            let instants = sampleSeconds.map { start.adding(seconds: $0) }
            positionsForMany(objects, batch: batch, activeIndices: activeIndices, instants: instants,
                             seconds: sampleSeconds, ephemeris: &ephemeris, threads: threads, into: buf, stride: stride)
            // 2. Candidates per sample, samples split across threads.
            let candidates = SharedSlots([[Candidate]](repeating: [], count: count))
            let threshold = thresholdKm
            let cellKm = self.cellKm
            // Each worker takes a contiguous run of samples with its own scratch buffers; the candidates of a
            // sample do not depend on which worker computed them.
            let workers = min(count, scratches.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for s in (count * w / workers)..<(count * (w + 1) / workers) {
                    candidates.slots[s] = Sweep.candidates(objectsRef, buf + s * 6 * stride, n: n, step: cs + s,
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

    /// Every pair at one sample whose distance can fall below the threshold within ±h/2 of it.
    ///
    /// Broad phase: each object's path over ±h/2 lies within `c = ½·g·(h/2)²` of the segment `p ± v·h/2`
    /// (`g` bounds its acceleration: gravity at the lowest radius it can reach in the window, plus a slack for J2
    /// and drag). Its box is that segment's bounding box widened by `c + threshold/2 + margin`; two objects that
    /// come closer than the threshold have overlapping boxes (the midpoint between them lies in both). Boxes are
    /// binned in a uniform grid of cubic cells (side `cellKm`), and a pair is examined in one cell only: the cell
    /// holding the low corner of the boxes' intersection. Narrow phase: the pair's linear relative motion over
    /// ±h/2 plus a bound on the relative acceleration (gravity gradient 3μ/r³ times the separation).
    static func candidates(_ objects: ScreeningObjects, _ p: UnsafeMutablePointer<Double>, n: Int, step: Int,
                           stepSeconds: Double, thresholdKm: Double, cellKm: Double,
                           scratch: SweepScratch) -> [Candidate] {
        let px = p, py = p + n, pz = p + 2 * n, vx = p + 3 * n, vy = p + 4 * n, vz = p + 5 * n
        // A state faster than the escape speed at the Earth's surface (11.2 km/s) is SGP4 out of its domain
        // (for example a decayed object's diverging solution): such samples take no part.
        let speedLimit2 = 12.0 * 12.0
        let half = stepSeconds / 2
        let mu = 398_600.8
        let inverseCell = 1 / cellKm
        scratch.reserveObjects(n)
        // Per object: box corners and the box's cell ranges.
        let boxLo = scratch.boxLo, boxHi = scratch.boxHi, lo = scratch.lo, hi = scratch.hi
        let live = scratch.live, states = scratch.states
        var liveCount = 0
        var entryCount = 0
        for i in 0..<n where !px[i].isNaN {
            let v2 = vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]
            if v2 > speedLimit2 || !v2.isFinite { px[i] = .nan; continue }
            let r = (px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]).squareRoot()
            // Beyond 10⁶ km (or not a number) is SGP4 out of its domain too.
            guard r < 1e6 else { px[i] = .nan; continue }
            let rLow = max(6_000, r - v2.squareRoot() * half)
            let g = mu / (rLow * rLow) * 1.01 + 1e-5
            let pad = 0.5 * g * half * half + thresholdKm / 2 + 0.05
            let ex = abs(vx[i]) * half + pad, ey = abs(vy[i]) * half + pad, ez = abs(vz[i]) * half + pad
            let l0 = px[i] - ex, l1 = py[i] - ey, l2 = pz[i] - ez
            let h0 = px[i] + ex, h1 = py[i] + ey, h2 = pz[i] + ez
            boxLo[3 * i] = l0; boxLo[3 * i + 1] = l1; boxLo[3 * i + 2] = l2
            states[6 * i] = Float(px[i]); states[6 * i + 1] = Float(py[i]); states[6 * i + 2] = Float(pz[i])
            states[6 * i + 3] = Float(vx[i]); states[6 * i + 4] = Float(vy[i]); states[6 * i + 5] = Float(vz[i])
            boxHi[3 * i] = h0; boxHi[3 * i + 1] = h1; boxHi[3 * i + 2] = h2
            let c0 = Int32((l0 * inverseCell).rounded(.down)), c1 = Int32((l1 * inverseCell).rounded(.down))
            let c2 = Int32((l2 * inverseCell).rounded(.down))
            let d0 = Int32((h0 * inverseCell).rounded(.down)), d1 = Int32((h1 * inverseCell).rounded(.down))
            let d2 = Int32((h2 * inverseCell).rounded(.down))
            lo[3 * i] = c0; lo[3 * i + 1] = c1; lo[3 * i + 2] = c2
            hi[3 * i] = d0; hi[3 * i + 1] = d1; hi[3 * i + 2] = d2
            entryCount += Int(d0 - c0 + 1) * Int(d1 - c1 + 1) * Int(d2 - c2 + 1)
            live[liveCount] = Int32(i)
            liveCount += 1
        }
        // Spatial hash: counting sort of (cell, object) entries by hashed cell.
        let tableBits = max(10, min(24, Int(log2(Double(max(1, entryCount)))) + 1))
        let tableSize = 1 << tableBits, mask = tableSize - 1
        let shift = UInt64(64 - tableBits)
        scratch.reserveEntries(entryCount, tableSize: tableSize)
        let counts = scratch.counts, fill = scratch.fill
        let entryBucket = scratch.entryBucket, entryCell = scratch.entryCell, entryObject = scratch.entryObject
        let sortedBucket = scratch.sortedBucket, entryKey = scratch.entryKey
        counts.update(repeating: 0, count: tableSize + 1)
        var e = 0
        for k in 0..<liveCount {
            let i = Int(live[k])
            for x in lo[3 * i]...hi[3 * i] {
                for y in lo[3 * i + 1]...hi[3 * i + 1] {
                    for z in lo[3 * i + 2]...hi[3 * i + 2] {
                        let key = (UInt64(UInt32(bitPattern: x)) & 0x1F_FFFF) << 42
                            | (UInt64(UInt32(bitPattern: y)) & 0x1F_FFFF) << 21 | (UInt64(UInt32(bitPattern: z)) & 0x1F_FFFF)
                        // Fibonacci hashing of the packed cell coordinates; the top bits are well mixed.
                        let b = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
                        entryBucket[e] = Int32(b)
                        entryKey[e] = Int64(bitPattern: key)
                        entryCell[3 * e] = x; entryCell[3 * e + 1] = y; entryCell[3 * e + 2] = z
                        entryObject[e] = Int32(i)
                        counts[b + 1] += 1
                        e += 1
                    }
                }
            }
        }
        for b in 0..<tableSize { counts[b + 1] += counts[b] }
        fill.update(from: counts, count: tableSize)
        // Struct-of-arrays rows of the sorted entries (row stride: the entry capacity).
        let rowStride = scratch.entryCapacity
        let sLo0 = scratch.sortedBox, sLo1 = sLo0 + rowStride, sLo2 = sLo0 + 2 * rowStride
        let sHi0 = sLo0 + 3 * rowStride, sHi1 = sLo0 + 4 * rowStride, sHi2 = sLo0 + 5 * rowStride
        let sKey = scratch.sortedKey, sObject = scratch.sortedObject
        let sFlags = scratch.sortedFlags
        for k in 0..<entryCount {
            let b = Int(entryBucket[k])
            let slot = Int(fill[b])
            let o = Int(entryObject[k])
            sLo0[slot] = boxLo[3 * o]; sLo1[slot] = boxLo[3 * o + 1]; sLo2[slot] = boxLo[3 * o + 2]
            sHi0[slot] = boxHi[3 * o]; sHi1[slot] = boxHi[3 * o + 1]; sHi2[slot] = boxHi[3 * o + 2]
            sKey[slot] = entryKey[k]
            sObject[slot] = Int32(o)
            sFlags[slot] = (entryCell[3 * k] == lo[3 * o] ? 1 : 0) | (entryCell[3 * k + 1] == lo[3 * o + 1] ? 2 : 0)
                | (entryCell[3 * k + 2] == lo[3 * o + 2] ? 4 : 0)
            sortedBucket[slot] = Int32(b)
            fill[b] += 1
        }
        // Padding lanes after the last entry: never a match (their index is masked out as well).
        for k in entryCount..<(entryCount + SweepScratch.lanes) {
            sLo0[k] = 0; sLo1[k] = 0; sLo2[k] = 0; sHi0[k] = 0; sHi1[k] = 0; sHi2[k] = 0; sKey[k] = -1
            sFlags[k] = 0
        }
        // The narrow phase first on the states rounded to Float (each coordinate off by at most 2⁻²⁴ of its
        // size; positions are below 10⁶ km and speeds below 12 km/s): the relative position is then off by at
        // most √3·2·10⁶·2⁻²⁴ ≈ 0.21 km, the relative velocity by √3·24·2⁻²⁴ km/s, so the closest distance of the
        // linear motion by at most 0.21 km + 2.5e-6 km/s·half, and the acceleration margin (which grows with the
        // separation) by at most ½·3·(μ/r³)·that·half². Only pairs that pass with that slack get the exact test.
        let separationSlack = 0.21 + 2.5e-6 * half
        let roundingSlack = 2 * separationSlack + 0.5 * 3 * tidalRate * separationSlack * half * half + 1e-6
        var out: [Candidate] = []
        let allVsAll = objects.allVsAll
        typealias V = SIMD4<Double>
        typealias K = SIMD4<Int64>
        let laneOffsets = K(0, 1, 2, 3)
        @inline(__always) func load(_ p: UnsafeMutablePointer<Double>, _ k: Int) -> V {
            UnsafeRawPointer(p + k).loadUnaligned(as: V.self)
        }
        var first = 0
        while first < entryCount {
            let last = Int(counts[Int(sortedBucket[first]) + 1])
            defer { first = last }
            guard last - first >= 2 else { continue }
            let lastV = K(repeating: Int64(last))
            for ka in first..<(last - 1) {
                // Entry a against the later entries of its bucket, `lanes` at a time: same cell, overlapping
                // boxes, and this cell holds the low corner of the intersection (so the pair is met once).
                let keyA = K(repeating: sKey[ka])
                let lo0A = V(repeating: sLo0[ka]), lo1A = V(repeating: sLo1[ka]), lo2A = V(repeating: sLo2[ka])
                let hi0A = V(repeating: sHi0[ka]), hi1A = V(repeating: sHi1[ka]), hi2A = V(repeating: sHi2[ka])
                let flagsA = K(repeating: sFlags[ka])
                var kb = ka + 1
                while kb < last {
                    let keyB = UnsafeRawPointer(sKey + kb).loadUnaligned(as: K.self)
                    let lo0B = load(sLo0, kb), hi0B = load(sHi0, kb)
                    let lo1B = load(sLo1, kb), hi1B = load(sHi1, kb)
                    let lo2B = load(sLo2, kb), hi2B = load(sHi2, kb)
                    var m = (laneOffsets &+ K(repeating: Int64(kb))) .< lastV
                    // Equal packed keys are equal cells: cell indices stay within ±2²⁰ (coordinates below
                    // 1.04·10⁶ km with the box, cells at least 1 km), which the 21 bits per axis hold exactly.
                    m = m .& (keyB .== keyA)
                    m = m .& (lo0A .<= hi0B) .& (lo0B .<= hi0A) .& (lo1A .<= hi1B) .& (lo1B .<= hi1A)
                    m = m .& (lo2A .<= hi2B) .& (lo2B .<= hi2A)
                    // The intersection's low corner is in this cell along an axis when this cell is the first
                    // of a's box or of b's box along it (⌊max(l_a, l_b)/c⌋ = max(⌊l_a/c⌋, ⌊l_b/c⌋), both ≤ the
                    // cell's index).
                    let flagsB = UnsafeRawPointer(sFlags + kb).loadUnaligned(as: K.self)
                    m = m .& ((flagsA | flagsB) .== K(repeating: 7))
                    if _slowPath(any(m)) {
                        for lane in 0..<4 where m[lane] {
                            let oa = Int(sObject[ka]), ob = Int(sObject[kb + lane])
                            let i = min(oa, ob), j = max(oa, ob)
                            guard narrow(states + 6 * i, states + 6 * j, half: half,
                                         thresholdKm: thresholdKm + roundingSlack),
                                  narrow(px, py, pz, vx, vy, vz, i, j, half: half, thresholdKm: thresholdKm)
                            else { continue }
                            guard (allVsAll || objects.pairAllowed(i, j, thresholdKm: thresholdKm))
                                    && objects.shellsMeet(i, j, thresholdKm: thresholdKm) else { continue }
                            out.append(Candidate(i: Int32(i), j: Int32(j), step: Int32(step)))
                        }
                    }
                    kb += 4
                }
            }
        }
        return out
    }

    /// The narrow phase: whether the pair's linear relative motion over ±`half` seconds, widened by a bound on
    /// the relative acceleration (gravity gradient 3μ/r³ times the separation), comes within the threshold.
    @inline(__always)
    static func narrow(_ px: UnsafeMutablePointer<Double>, _ py: UnsafeMutablePointer<Double>,
                       _ pz: UnsafeMutablePointer<Double>, _ vx: UnsafeMutablePointer<Double>,
                       _ vy: UnsafeMutablePointer<Double>, _ vz: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int,
                       half: Double, thresholdKm: Double) -> Bool {
        narrow(px[j] - px[i], py[j] - py[i], pz[j] - pz[i], vx[j] - vx[i], vy[j] - vy[i], vz[j] - vz[i],
               half: half, thresholdKm: thresholdKm)
    }

    /// The narrow phase on states rounded to `Float` (six per object, position then velocity), in double
    /// arithmetic; the caller widens the threshold by the rounding's effect.
    @inline(__always)
    static func narrow(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, half: Double,
                       thresholdKm: Double) -> Bool {
        narrow(Double(b[0]) - Double(a[0]), Double(b[1]) - Double(a[1]), Double(b[2]) - Double(a[2]),
               Double(b[3]) - Double(a[3]), Double(b[4]) - Double(a[4]), Double(b[5]) - Double(a[5]),
               half: half, thresholdKm: thresholdKm)
    }

    /// The narrow phase on a relative position (km) and velocity (km/s).
    @inline(__always)
    static func narrow(_ rx: Double, _ ry: Double, _ rz: Double, _ ux: Double, _ uy: Double, _ uz: Double,
                       half: Double, thresholdKm: Double) -> Bool {
        let d2 = rx * rx + ry * ry + rz * rz
        let u2 = ux * ux + uy * uy + uz * uz
        var tau = u2 > 0 ? -(rx * ux + ry * uy + rz * uz) / u2 : 0
        tau = min(half, max(-half, tau))
        let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
        let dmin = (mx * mx + my * my + mz * mz).squareRoot()
        let sep = d2.squareRoot() + u2.squareRoot() * half
        let accel = 3 * tidalRate * sep + 1e-5
        let margin = 0.5 * accel * half * half + 0.05
        return dmin <= thresholdKm + margin
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
