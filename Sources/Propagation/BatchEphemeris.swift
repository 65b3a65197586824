public import Astrodynamics

/// The output of ``SGP4Batch``: TEME positions (km) and velocities (km/s) of many objects at many times, as
/// struct-of-arrays, plus each object's first propagation failure.
///
/// Component arrays are indexed `[object * timeCount + time]`, objects in the order given to ``SGP4Batch``, times
/// in the order given to `propagate`. Entries at and after an object's failure are NaN.
///
/// An ephemeris also keeps where each resonant deep-space object's resonance integration stands, so reusing one
/// ephemeris for consecutive calls at later times (a window in chunks) continues those integrations instead of
/// restarting them from epoch; the results are identical either way.
public struct BatchEphemeris: Sendable {
    /// Number of objects (rows).
    public private(set) var objectCount: Int
    /// Number of times (columns).
    public private(set) var timeCount: Int
    /// Position x components, km.
    public internal(set) var x: [Double]
    /// Position y components, km.
    public internal(set) var y: [Double]
    /// Position z components, km.
    public internal(set) var z: [Double]
    /// Velocity x components, km/s.
    public internal(set) var vx: [Double]
    /// Velocity y components, km/s.
    public internal(set) var vy: [Double]
    /// Velocity z components, km/s.
    public internal(set) var vz: [Double]
    /// Per object: the first failure in time order as given (Vallado's code 1…6 and the minutes since that
    /// object's epoch), or `nil` when every time succeeded.
    public internal(set) var failures: [SGP4Error?]
    /// Where the last call left each resonant object's resonance integrator, so that a later call at later
    /// times continues from there (bit-identical to integrating from epoch, see ``SGP4Batch``).
    var resonance = ResonanceIntegrators()

    /// An ephemeris of `objectCount × timeCount` NaN states and no failures, ready to be filled.
    public init(objectCount: Int, timeCount: Int) {
        self.objectCount = max(0, objectCount)
        self.timeCount = max(0, timeCount)
        let n = self.objectCount * self.timeCount
        // Six buffers of their own: arrays sharing one buffer would each be copied on the first write.
        x = [Double](repeating: .nan, count: n)
        y = [Double](repeating: .nan, count: n)
        z = [Double](repeating: .nan, count: n)
        vx = [Double](repeating: .nan, count: n)
        vy = [Double](repeating: .nan, count: n)
        vz = [Double](repeating: .nan, count: n)
        failures = [SGP4Error?](repeating: nil, count: self.objectCount)
    }

    /// Makes the shape `objectCount × timeCount` and clears the failures. Storage of the right shape is reused
    /// as is (the batch overwrites every entry, NaN from a failure on), a new shape starts all NaN.
    mutating func prepare(objectCount: Int, timeCount: Int) {
        if objectCount == self.objectCount && timeCount == self.timeCount {
            for i in failures.indices { failures[i] = nil }
        } else {
            let resonance = self.resonance
            self = BatchEphemeris(objectCount: objectCount, timeCount: timeCount)
            self.resonance = resonance
        }
    }

    /// The state of one object at one time, or `nil` if propagation failed there (or earlier) or the indices
    /// are out of range.
    public func state(object: Int, time: Int) -> StateVector<TEME>? {
        guard object >= 0, object < objectCount, time >= 0, time < timeCount else { return nil }
        let i = object * timeCount + time
        guard !x[i].isNaN else { return nil }
        return StateVector(positionKm: Vector3(x: x[i], y: y[i], z: z[i]),
                           velocityKmPerS: Vector3(x: vx[i], y: vy[i], z: vz[i]))
    }
}

/// The resonance integrator state of every object of one ``SGP4Batch``, kept in a ``BatchEphemeris`` between
/// calls. States of another batch are cleared.
struct ResonanceIntegrators: Sendable {
    /// The batch the states belong to.
    var owner: BatchIdentity?
    /// Per object (in batch order): its integrator state (none yet until a resonant object is first integrated;
    /// unused for non-resonant objects).
    var states: [SGP4Record.DeepSpace.ResonanceState] = []

    /// Makes the states those of `batch`, cleared (the next integration starts from epoch) unless they already
    /// belong to it.
    mutating func prepare(for batch: SGP4Batch) {
        if owner === batch.identity && states.count == batch.count { return }
        owner = batch.identity
        states = [SGP4Record.DeepSpace.ResonanceState](repeating: .init(), count: batch.count)
    }
}
