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
/// 2. **Sweep.** Every object is propagated on a global grid of sample times `start + k·h`. At each sample a
///    spatial hash (cubic cells of side R) yields every pair closer than
///    `R = threshold + 2·vmax·h/2 + margin`, vmax the largest speed at that sample: no pair whose distance can
///    fall below the threshold within ±h/2 of the sample is further apart than R. Each such pair is tested with
///    its linear relative motion over ±h/2 plus a bound on the relative acceleration (gravity gradient
///    3μ/r³ times the separation), and passes when that bound allows a distance below the threshold.
/// 3. **Refinement.** For each passing pair and sample, Δr·Δv of the SGP4 states is sampled over the window and
///    every − → + sign change is refined by Brent's method (``EventSearch``) to 0.1 ms. A local minimum below
///    the threshold inside the screening interval is an event. Windows overlap, so a minimum found twice is kept
///    once (from the earliest window).
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
    /// The sampling step of the sweep.
    public var step: Duration = .seconds(20)
    /// The pad added to each radial shell for the prefilter, km (short-period and drag changes of the radius).
    public var shellPadKm: Double = 60
    /// The combined hard-body radius for the maximum probability, km.
    public var hardBodyRadiusKm: Double = MaximumProbability.defaultCombinedRadiusKm
    /// The number of worker threads (default: every available core).
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Samples per ephemeris chunk.
    public var chunkSteps: Int = 32

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
    /// - Throws: ``ScreeningError`` for a non-positive duration, step or threshold, or duplicate catalog numbers.
    public func run(_ elementSets: [ElementSet], progress: ((Double) -> Void)? = nil) throws(ScreeningError)
        -> ScreeningResult
    {
        let stepSeconds = seconds(step)
        let durationSeconds = seconds(duration)
        guard durationSeconds > 0 else { throw ScreeningError("the duration must be positive") }
        guard stepSeconds > 0 else { throw ScreeningError("the step must be positive") }
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
        let objects = ScreeningObjects(propagators: propagators, start: start, selection: selection,
                                       padKm: shellPadKm, thresholdKm: thresholdKm)
        var sweep = Sweep(objects: objects, start: start, stepSeconds: stepSeconds, durationSeconds: durationSeconds,
                          thresholdKm: thresholdKm, threads: max(1, threads), chunkSteps: max(1, chunkSteps))
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

    init(propagators: [SGP4Propagator], start: Instant, selection: ScreeningSelection, padKm: Double,
         thresholdKm: Double) {
        self.propagators = propagators
        offsets = propagators.map { start.minutes(since: $0.elementSet.epoch) }
        let mu = 398_600.8  // WGS-72, km³/s²
        var per: [Double] = [], apo: [Double] = []
        for p in propagators {
            let n = p.elementSet.meanMotionRevPerDay * 2 * Double.pi / 86_400
            let a = cbrt(mu / (n * n))
            per.append(a * (1 - p.elementSet.eccentricity) - padKm)
            apo.append(a * (1 + p.elementSet.eccentricity) + padKm)
        }
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
        return max(perigeeKm[i], perigeeKm[j]) - min(apogeeKm[i], apogeeKm[j]) <= thresholdKm
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
func positionsForMany(_ objects: ScreeningObjects, batch: SGP4Batch, activeIndices: [Int], instants: [Instant],
                      ephemeris: inout BatchEphemeris, threads: Int, into buffer: UnsafeMutablePointer<Double>,
                      stride: Int) {
    batch.propagate(at: instants, into: &ephemeris, threads: threads)
    let times = instants.count
    for s in 0..<times {
        let row = buffer + s * 6 * stride
        for i in 0..<stride { row[i] = .nan }
    }
    ephemeris.x.withUnsafeBufferPointer { x in
    ephemeris.y.withUnsafeBufferPointer { y in
    ephemeris.z.withUnsafeBufferPointer { z in
    ephemeris.vx.withUnsafeBufferPointer { vx in
    ephemeris.vy.withUnsafeBufferPointer { vy in
    ephemeris.vz.withUnsafeBufferPointer { vz in
        for (row, i) in activeIndices.enumerated() {
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
        var chunkStart = sweepFrom
        while chunkStart < sweepTo {
            let chunkEnd = min(sweepTo, chunkStart + chunkSteps)
            let count = chunkEnd - chunkStart
            // 1. Ephemeris for the chunk, objects split across threads.
            let objectsRef = objects
            let stepS = stepSeconds
            let cs = chunkStart
            nonisolated(unsafe) let buf = buffer
            let instants = (0..<count).map { start.adding(seconds: Double(cs + $0) * stepS) }
            positionsForMany(objects, batch: batch, activeIndices: activeIndices, instants: instants,
                             ephemeris: &ephemeris, threads: threads, into: buf, stride: stride)
            // 2. Candidates per sample, samples split across threads.
            let candidates = SharedSlots([[Candidate]](repeating: [], count: count))
            let threshold = thresholdKm
            DispatchQueue.concurrentPerform(iterations: count) { s in
                candidates.slots[s] = Sweep.candidates(objectsRef, buf + s * 6 * stride, n: n, step: cs + s,
                                                       stepSeconds: stepS, thresholdKm: threshold)
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
        return kept
            .filter { $0.tcaSeconds >= ownFrom && $0.tcaSeconds < ownTo }
            .map(\.conjunction)
            .sorted {
                ($0.catalogNumber1.rawValue, $0.catalogNumber2.rawValue, $0.timeOfClosestApproach)
                    < ($1.catalogNumber1.rawValue, $1.catalogNumber2.rawValue, $1.timeOfClosestApproach)
            }
    }

    /// Every pair at one sample whose distance can fall below the threshold within ±h/2 of it.
    static func candidates(_ objects: ScreeningObjects, _ p: UnsafeMutablePointer<Double>, n: Int, step: Int,
                           stepSeconds: Double, thresholdKm: Double) -> [Candidate] {
        let px = p, py = p + n, pz = p + 2 * n, vx = p + 3 * n, vy = p + 4 * n, vz = p + 5 * n
        var vmax2 = 0.0
        // A state faster than the escape speed at the Earth's surface (11.2 km/s) is SGP4 out of its domain
        // (for example a decayed object's diverging solution): such samples take no part.
        let speedLimit2 = 12.0 * 12.0
        for i in 0..<n where !px[i].isNaN {
            let v2 = vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]
            if v2 > speedLimit2 || !v2.isFinite { px[i] = .nan; continue }
            vmax2 = max(vmax2, v2)
        }
        let half = stepSeconds / 2
        let vrelMax = 2 * vmax2.squareRoot()
        // Largest separation at the sample that can still reach the threshold: linear motion plus the
        // acceleration bound evaluated at that separation.
        let reach = vrelMax * half
        let radius = (thresholdKm + reach) * (1 + 3 * tidalRate * half * half) + 1
        let cell = radius
        // Spatial hash: counting sort of objects by hashed cell.
        let tableBits = max(10, min(20, Int(log2(Double(n))) + 1))
        let tableSize = 1 << tableBits, mask = tableSize - 1
        var cx = [Int32](repeating: 0, count: n), cy = cx, cz = cx
        var bucketOf = [Int32](repeating: -1, count: n)
        var counts = [Int32](repeating: 0, count: tableSize + 1)
        // Fibonacci hashing of the packed cell coordinates; the top bits are well mixed.
        let shift = UInt64(64 - tableBits)
        @inline(__always) func hash(_ x: Int32, _ y: Int32, _ z: Int32) -> Int {
            let key = (UInt64(UInt32(bitPattern: x)) & 0x1F_FFFF) << 42 | (UInt64(UInt32(bitPattern: y)) & 0x1F_FFFF) << 21
                | (UInt64(UInt32(bitPattern: z)) & 0x1F_FFFF)
            return Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
        }
        for i in 0..<n where !px[i].isNaN {
            cx[i] = Int32((px[i] / cell).rounded(.down))
            cy[i] = Int32((py[i] / cell).rounded(.down))
            cz[i] = Int32((pz[i] / cell).rounded(.down))
            let h = hash(cx[i], cy[i], cz[i])
            bucketOf[i] = Int32(h)
            counts[h + 1] += 1
        }
        for b in 0..<tableSize { counts[b + 1] += counts[b] }
        var fill = counts
        var order = [Int32](repeating: 0, count: n)
        for i in 0..<n where bucketOf[i] >= 0 {
            let b = Int(bucketOf[i])
            order[Int(fill[b])] = Int32(i)
            fill[b] += 1
        }
        var out: [Candidate] = []
        let r2 = radius * radius
        for i in 0..<n where bucketOf[i] >= 0 {
            // Half stencil: the own cell (pairs with j > i) and the 13 neighbours lexicographically after it; a
            // pair in two different cells is met from the cell whose offset to the other is positive.
            for dx in Int32(0)...1 {
                for dy in Int32(dx == 0 ? 0 : -1)...1 {
                    for dz in Int32(dx == 0 && dy == 0 ? 0 : -1)...1 {
                        let ownCell = dx == 0 && dy == 0 && dz == 0
                        let nx = cx[i] &+ dx, ny = cy[i] &+ dy, nz = cz[i] &+ dz
                        let b = hash(nx, ny, nz)
                        var k = Int(counts[b])
                        let end = Int(counts[b + 1])
                        while k < end {
                            let j = Int(order[k])
                            k += 1
                            guard (!ownCell || j > i), cx[j] == nx, cy[j] == ny, cz[j] == nz else { continue }
                            let rx = px[j] - px[i], ry = py[j] - py[i], rz = pz[j] - pz[i]
                            let d2 = rx * rx + ry * ry + rz * rz
                            guard d2 <= r2, objects.pairAllowed(i, j, thresholdKm: thresholdKm) else { continue }
                            let ux = vx[j] - vx[i], uy = vy[j] - vy[i], uz = vz[j] - vz[i]
                            let u2 = ux * ux + uy * uy + uz * uz
                            var tau = u2 > 0 ? -(rx * ux + ry * uy + rz * uz) / u2 : 0
                            tau = min(half, max(-half, tau))
                            let mx = rx + ux * tau, my = ry + uy * tau, mz = rz + uz * tau
                            let dmin = (mx * mx + my * my + mz * mz).squareRoot()
                            let sep = d2.squareRoot() + u2.squareRoot() * half
                            let accel = 3 * tidalRate * sep + 1e-5
                            let margin = 0.5 * accel * half * half + 0.05
                            if dmin <= thresholdKm + margin {
                                out.append(Candidate(i: Int32(min(i, j)), j: Int32(max(i, j)), step: Int32(step)))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Δr·Δv (km²/s) of a pair at `t` seconds from the start, with the two states.
    @inline(__always)
    static func rangeRate(_ objects: ScreeningObjects, _ i: Int, _ j: Int, _ t: Double) -> Double? {
        guard let a = objects.state(i, t), let b = objects.state(j, t) else { return nil }
        return (b.positionKm - a.positionKm).dot(b.velocityKmPerS - a.velocityKmPerS)
    }

    /// Refines the minima of one candidate window into `out`.
    static func refine(_ objects: ScreeningObjects, _ c: Candidate, start: Instant, stepSeconds: Double,
                       durationSeconds: Double, thresholdKm: Double, hardBodyRadiusKm: Double,
                       into out: inout [FoundMinimum]) {
        let i = Int(c.i), j = Int(c.j)
        let center = Double(c.step) * stepSeconds
        let span = stepSeconds * 1.25
        let samples = 5
        let lo = center - span / 2
        var prevT = lo
        guard var prevF = rangeRate(objects, i, j, prevT) else { return }
        let search = EventSearch(coarseStepSeconds: stepSeconds, toleranceSeconds: 1e-4)
        for s in 1...samples {
            let t = lo + span * Double(s) / Double(samples)
            guard let f = rangeRate(objects, i, j, t) else { return }
            if prevF < 0 && f >= 0 {
                let a = start.adding(seconds: prevT), b = start.adding(seconds: t)
                let root = search.root(of: { (x: Instant) -> Double in
                    rangeRate(objects, i, j, x.seconds(since: start)) ?? 0
                }, between: a, and: b)
                if let root {
                    let tca = root.seconds(since: start)
                    if tca >= 0, tca <= durationSeconds,
                       let m = event(objects, i, j, tca, start: start, root: root, thresholdKm: thresholdKm,
                                     hardBodyRadiusKm: hardBodyRadiusKm) {
                        out.append(FoundMinimum(i: c.i, j: c.j, step: c.step, tcaSeconds: tca, conjunction: m))
                    }
                }
            }
            prevT = t
            prevF = f
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
                           maximumProbability: MaximumProbability.value(missKm: miss, radiusKm: hardBodyRadiusKm))
    }
}
