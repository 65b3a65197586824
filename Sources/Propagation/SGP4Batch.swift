public import Astrodynamics
import Dispatch
import VectorMath

/// Many SGP4 propagators evaluated together in SIMD lanes (one object per lane, with the vector elementary
/// functions of `VectorMath`): near-earth objects in groups of their own, deep-space objects in deep-space groups
/// whose resonance integration runs lane by lane in scalar code and continues from one time to the next.
///
/// Results agree with the scalar propagator to rounding — within a millimetre in position over a day — and
/// failures (SGP4 error codes 1–6) are reported at the same times. The batch is immutable and `Sendable`;
/// `propagate` can spread the work over several threads. Resonant objects' integrators are kept in the
/// ephemeris between calls, so propagating a window in consecutive chunks of increasing times into the same
/// ``BatchEphemeris`` does not re-integrate from epoch for every chunk (the results are the same either way).
///
/// ```swift
/// let batch = SGP4Batch(propagators)
/// var ephemeris = BatchEphemeris(objectCount: batch.count, timeCount: minutes.count)
/// batch.propagate(minutesSinceEpoch: minutes, into: &ephemeris, threads: 2)
/// ```
public struct SGP4Batch: Sendable {
    /// The propagators, in the order of the ephemeris rows.
    public let propagators: [SGP4Propagator]
    /// Near-earth objects packed into lanes.
    let groups: [NearEarthLanes<BatchLanes>]
    /// For each group, the object index of each lane (`-1` for a padding lane).
    let groupObjects: [[Int]]
    /// Deep-space objects packed into lanes (resonance classes and low inclinations grouped together).
    let deepGroups: [DeepSpaceLanes<BatchLanes>]
    /// For each deep-space group, the object index of each lane (`-1` for a padding lane).
    let deepGroupObjects: [[Int]]
    /// Indices of the deep-space objects evaluated by the scalar propagator (none from initialisation, which
    /// always sets the simplified drag model for deep space; kept for records built otherwise).
    let deepSpaceObjects: [Int]
    /// Identifies this batch's objects to the resonance integrators an ephemeris keeps between calls.
    let identity = BatchIdentity()

    /// Packs the near-earth propagators into SIMD lanes (full-drag and simplified-drag objects in separate
    /// groups where possible) and the deep-space ones into their own lanes (grouped by resonance class, then
    /// inclination below or above 0.2 rad, so that groups skip the terms none of their lanes needs, then
    /// eccentricity, so that lanes need similar numbers of Kepler iterations).
    public init(_ propagators: [SGP4Propagator]) {
        self.propagators = propagators
        var near = propagators.indices.filter { !propagators[$0].isDeepSpace }
        // simplified-drag objects together, so their groups skip the full-drag terms
        near.sort { (propagators[$0].record.simplifiedDrag ? 1 : 0, $0) < (propagators[$1].record.simplifiedDrag ? 1 : 0, $1) }
        (groups, groupObjects) = Self.packed(near, of: propagators) { NearEarthLanes($0) }
        var deep = propagators.indices.filter { propagators[$0].isDeepSpace && propagators[$0].record.simplifiedDrag }
        // eccentricity last: similar orbits take similar numbers of Kepler iterations
        func key(_ i: Int) -> (Int, Int, Double, Int) {
            let r = propagators[i].record
            return (Int(r.deepSpace.resonance.rawValue), r.inclo < 0.2 ? 1 : 0, r.ecco, i)
        }
        deep.sort { key($0) < key($1) }
        (deepGroups, deepGroupObjects) = Self.packed(deep, of: propagators) { DeepSpaceLanes($0) }
        self.deepSpaceObjects = propagators.indices.filter {
            propagators[$0].isDeepSpace && !propagators[$0].record.simplifiedDrag
        }
    }

    /// The objects `members` (in that order) packed `BatchLanes.scalarCount` to a group, and each group's object
    /// index per lane (`-1` for the padding lanes of the last group).
    private static func packed<Group>(_ members: [Int], of propagators: [SGP4Propagator],
                                      _ makeGroup: ([SGP4Record]) -> Group) -> ([Group], [[Int]]) {
        let lanes = BatchLanes.scalarCount
        var groups: [Group] = [], objects: [[Int]] = []
        for start in stride(from: 0, to: members.count, by: lanes) {
            let group = Array(members[start..<min(start + lanes, members.count)])
            groups.append(makeGroup(group.map { propagators[$0].record }))
            objects.append(group + [Int](repeating: -1, count: lanes - group.count))
        }
        return (groups, objects)
    }

    /// Number of objects.
    public var count: Int { propagators.count }

    /// Number of objects on the near-earth SIMD path; the rest are deep-space objects.
    public var nearEarthCount: Int { groupObjects.reduce(0) { $0 + $1.count(where: { $0 >= 0 }) } }

    /// Propagates every object to each offset in minutes since its own epoch, writing
    /// `count × minutesSinceEpoch.count` states into `ephemeris` (reshaped if needed). An object's first failure
    /// (in the order of the given times) is recorded in `ephemeris.failures`, and that entry and the object's
    /// later ones stay NaN; other objects are unaffected. `threads` > 1 splits the objects over that many
    /// threads.
    public func propagate(minutesSinceEpoch minutes: [Double], into ephemeris: inout BatchEphemeris, threads: Int = 1) {
        run(timeCount: minutes.count, into: &ephemeris, threads: threads) { _, _ in minutes }
    }

    /// Propagates every object to each instant (each converted to minutes since that object's epoch as
    /// ``SGP4Propagator/state(at:)`` does), otherwise as ``propagate(minutesSinceEpoch:into:threads:)``.
    public func propagate(at instants: [Instant], into ephemeris: inout BatchEphemeris, threads: Int = 1) {
        run(timeCount: instants.count, into: &ephemeris, threads: threads) { object, _ in
            let epoch = propagators[object].elementSet.epoch
            return instants.map { $0.minutes(since: epoch) }
        }
    }

    // MARK: - Work distribution

    /// Runs the groups and deep-space objects over `threads` workers; `minutesFor(object, timeCount)` gives an
    /// object's time offsets.
    private func run(timeCount: Int, into ephemeris: inout BatchEphemeris, threads: Int,
                     minutesFor: @Sendable (Int, Int) -> [Double]) {
        ephemeris.prepare(objectCount: count, timeCount: timeCount)
        guard count > 0, timeCount > 0 else { return }
        let workers = max(1, min(threads, groups.count + deepGroups.count + deepSpaceObjects.count))
        var failures = [SGP4Error?](repeating: nil, count: count)
        let batch = self
        ephemeris.resonance.prepare(for: self)
        ephemeris.x.withUnsafeMutableBufferPointer { x in
        ephemeris.y.withUnsafeMutableBufferPointer { y in
        ephemeris.z.withUnsafeMutableBufferPointer { z in
        ephemeris.vx.withUnsafeMutableBufferPointer { vx in
        ephemeris.vy.withUnsafeMutableBufferPointer { vy in
        ephemeris.vz.withUnsafeMutableBufferPointer { vz in
        failures.withUnsafeMutableBufferPointer { f in
        ephemeris.resonance.states.withUnsafeMutableBufferPointer { resonance in
            let out = EphemerisWriter(x: x, y: y, z: z, vx: vx, vy: vy, vz: vz, failures: f, resonance: resonance,
                                      timeCount: timeCount)
            if workers == 1 {
                batch.work(worker: 0, of: 1, out: out, minutesFor: minutesFor)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    batch.work(worker: w, of: workers, out: out, minutesFor: minutesFor)
                }
            }
        }}}}}}}}
        ephemeris.failures = failures
    }

    /// One worker's share: groups, deep-space groups and scalar deep-space objects `worker`,
    /// `worker + workers`, … (interleaved, so every worker gets a similar mix).
    private func work(worker: Int, of workers: Int, out: EphemerisWriter, minutesFor: (Int, Int) -> [Double]) {
        var g = worker
        while g < groups.count {
            let lanes = groups[g]
            propagateGroup(objects: groupObjects[g], out: out, minutesFor: minutesFor) { t, _ in lanes.evaluate(t) }
            g += workers
        }
        g = worker
        while g < deepGroups.count {
            let lanes = deepGroups[g]
            let objects = deepGroupObjects[g]
            let states = out.resonance
            propagateGroup(objects: objects, out: out, minutesFor: minutesFor) { t, live in
                guard !lanes.resonantLanes.isEmpty else { return lanes.evaluate(t, resonance: nil) }
                // integrate only the lanes still being written (a failed object's integrator stays put)
                let resonance = ResonanceLanes(records: lanes.records, lanes: lanes.resonantLanes, live: live,
                                               objects: objects, t: t, states: states)
                return lanes.evaluate(t, resonance: resonance)
            }
            g += workers
        }
        var d = worker
        while d < deepSpaceObjects.count {
            let object = deepSpaceObjects[d]
            let minutes = minutesFor(object, out.timeCount)
            let record = propagators[object].record
            for (k, t) in minutes.enumerated() {
                do {
                    let s = try record.state(minutesSinceEpoch: t, resonance: &out.resonance[object])
                    out.write(object: object, time: k, s.positionKm.x, s.positionKm.y, s.positionKm.z,
                              s.velocityKmPerS.x, s.velocityKmPerS.y, s.velocityKmPerS.z)
                } catch {
                    out.fail(object: object, error, fromTime: k)
                    break
                }
            }
            d += workers
        }
    }

    /// All times for one group of lanes; `evaluate(t, live)` evaluates the lanes at their times `t` (`live`
    /// lanes are -1 while the object is still being written).
    @inline(__always)
    private func propagateGroup(objects: [Int], out: EphemerisWriter, minutesFor: (Int, Int) -> [Double],
                                evaluate: (BatchLanes, BatchLanes.MaskStorage) -> NearEarthLaneStates<BatchLanes>) {
        let n = BatchLanes.scalarCount
        let timeCount = out.timeCount
        // per-lane time offsets, time-major: times[k * n + lane]
        var times = [Double](repeating: 0, count: timeCount * n)
        for lane in 0..<n {
            let m = minutesFor(objects[lane] >= 0 ? objects[lane] : objects[0], timeCount)
            for k in 0..<timeCount { times[k * n + lane] = m[k] }
        }
        var live = BatchLanes.MaskStorage()   // -1 for lanes still being written
        for lane in 0..<n where objects[lane] >= 0 { live[lane] = -1 }
        var rows = [Int](repeating: 0, count: n)
        for lane in 0..<n { rows[lane] = max(0, objects[lane]) * timeCount }
        times.withUnsafeBufferPointer { times in
            for k in 0..<timeCount {
                var t = BatchLanes()
                for lane in 0..<n { t[lane] = times[k * n + lane] }
                let s = evaluate(t, live)
                if _slowPath(VectorMath.anyLane(~VectorMath.equal(s.code, 0), BatchLanes.self)) {
                    for lane in 0..<n where live[lane] != 0 && s.code[lane] != 0 {
                        live[lane] = 0
                        out.fail(object: objects[lane], Self.error(code: s.code[lane], em: s.em[lane], at: t[lane]), fromTime: k)
                    }
                    if live == BatchLanes.MaskStorage() { break }
                }
                for lane in 0..<n where live[lane] != 0 {
                    out.write(index: rows[lane] + k, s.x[lane], s.y[lane], s.z[lane], s.vx[lane], s.vy[lane], s.vz[lane])
                }
            }
        }
    }

    /// The scalar propagator's error for a lane's code (1, 2, 3, 4, 6, or 7 for a non-finite time or a resonant
    /// lane's time beyond ``SGP4Record/maximumResonantMinutes``) at time `t`.
    static func error(code: Double, em: Double, at t: Double) -> SGP4Error {
        switch code {
        case 7: return SGP4Error(t.isFinite ? .timeTooFarFromEpoch : .nonFiniteTime, at: t)
        case 2: return SGP4Error(.meanMotionNotPositive, at: t)
        case 3: return SGP4Error(.perturbedEccentricityOutOfRange, at: t)
        case 1:
            if em < -0.001 { return SGP4Error(.meanEccentricityNegative, at: t) }
            if em >= 1.0 { return SGP4Error(.meanEccentricityTooLarge, at: t) }
            return SGP4Error(.meanEccentricityNotANumber, at: t)
        case 4: return SGP4Error(.semiLatusRectumNegative, at: t)
        default: return SGP4Error(.decayed, at: t)
        }
    }
}

/// Raw views of the ephemeris arrays shared by the workers; each worker writes only its own objects' rows.
struct EphemerisWriter: @unchecked Sendable {
    let x, y, z, vx, vy, vz: UnsafeMutableBufferPointer<Double>
    let failures: UnsafeMutableBufferPointer<SGP4Error?>
    /// Per object, the resonance integrator state carried from time to time (and call to call).
    let resonance: UnsafeMutableBufferPointer<SGP4Record.DeepSpace.ResonanceState>
    let timeCount: Int

    @inline(__always)
    func write(object: Int, time: Int, _ px: Double, _ py: Double, _ pz: Double, _ qx: Double, _ qy: Double, _ qz: Double) {
        write(index: object * timeCount + time, px, py, pz, qx, qy, qz)
    }

    @inline(__always)
    func write(index i: Int, _ px: Double, _ py: Double, _ pz: Double, _ qx: Double, _ qy: Double, _ qz: Double) {
        x[i] = px; y[i] = py; z[i] = pz; vx[i] = qx; vy[i] = qy; vz[i] = qz
    }

    /// Records an object's failure and fills its entries from `time` on with NaN.
    func fail(object: Int, _ error: SGP4Error, fromTime time: Int) {
        failures[object] = error
        for k in time..<timeCount {
            write(object: object, time: k, .nan, .nan, .nan, .nan, .nan, .nan)
        }
    }
}

/// The identity of an ``SGP4Batch``'s objects (copies of a batch share it), so that an ephemeris keeps resonance
/// integrator states only for the batch that made them.
final class BatchIdentity: Sendable {}
