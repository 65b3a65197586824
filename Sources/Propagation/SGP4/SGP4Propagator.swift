public import Astrodynamics
public import ElementSets

/// The SGP4/SDP4 propagator of Vallado et al. (AIAA 2006-6753), exact to its reference output.
///
/// Initialisation derives every constant once (``record``); each evaluation is then a pure function of the
/// minutes since epoch: no allocation, no shared state, safe to call from any number of threads. Orbits with a
/// period of 225 minutes or more use the deep-space theory (SDP4: lunar–solar perturbations and the 12-hour and
/// 24-hour geopotential resonances).
///
/// ```swift
/// let propagator = try SGP4Propagator(elementSet)
/// let state = try propagator.state(minutesSinceEpoch: 90)   // TEME, km and km/s
/// ```
public struct SGP4Propagator: Sendable {
    /// The element set this propagator was created from.
    public let elementSet: ElementSet
    /// The gravity constants in use.
    public let gravity: GravityModel
    /// The operations mode in use.
    public let opsMode: SGP4OpsMode
    /// The constants derived at initialisation, in a flat layout batch propagators can copy.
    public let record: SGP4Record

    /// Initialises SGP4 for an element set (Vallado's `sgp4init`) and evaluates it once at epoch.
    ///
    /// - Throws: ``SGP4Error`` when the elements are not finite, the eccentricity is outside `0 ..< 1` (code 1),
    ///   the mean motion is not positive (code 2), or the evaluation at epoch fails (codes 1–6, with
    ///   `minutesSinceEpoch == 0`; for example code 3 for a deep-space orbit whose perturbed eccentricity leaves
    ///   `0 ... 1`).
    public init(_ elementSet: ElementSet, gravity: GravityModel = .wgs72, opsMode: SGP4OpsMode = .improved)
        throws(SGP4Error)
    {
        self.elementSet = elementSet
        self.gravity = gravity
        self.opsMode = opsMode

        let revPerDay = elementSet.meanMotionRevPerDay
        let e = elementSet.eccentricity
        guard revPerDay.isFinite, e.isFinite, elementSet.bstarPerEarthRadii.isFinite,
              elementSet.inclinationDeg.isFinite, elementSet.rightAscensionOfAscendingNodeDeg.isFinite,
              elementSet.argumentOfPericenterDeg.isFinite, elementSet.meanAnomalyDeg.isFinite
        else {
            throw SGP4Error(.nonFiniteElement, at: nil)
        }
        guard e >= 0.0 && e < 1.0 else { throw SGP4Error(.invalidEccentricity, at: nil) }
        guard revPerDay > 0.0 else { throw SGP4Error(.invalidMeanMotion, at: nil) }

        // Vallado: epoch = (jdsatepoch + jdsatepochF) − 2433281.5, days since 1949 Dec 31 0h UTC. The two parts
        // of the Julian date are summed first, exactly in the reference's order: the rounding of that sum (up to
        // 2e-10 day) is part of the reference results. High-eccentricity deep-space orbits are that sensitive —
        // for 23333 (WIND, e = 0.973) a 1e-9 day change of epoch moves the epoch position by 2e-5 km.
        let jd = elementSet.epoch.julianDate(.utc)
        let epochDays = (jd.whole + jd.fraction) - 2_433_281.5
        let minutesPerRadian = 1440.0 / twoPi  // xpdotp: rev/day → rad/min
        let elements = SGP4MeanElements(
            noKozai: revPerDay / minutesPerRadian,
            ecco: e,
            inclo: elementSet.inclinationDeg * degreesToRadians,
            nodeo: elementSet.rightAscensionOfAscendingNodeDeg * degreesToRadians,
            argpo: elementSet.argumentOfPericenterDeg * degreesToRadians,
            mo: elementSet.meanAnomalyDeg * degreesToRadians,
            bstar: elementSet.bstarPerEarthRadii,
            epochDays: epochDays)
        let record = SGP4Record(elements: elements, gravity: gravity, opsMode: opsMode)
        // The reference initialisation ends with an evaluation at epoch whose error is the initialisation's error.
        _ = try record.state(minutesSinceEpoch: 0.0)
        self.record = record
    }

    /// Whether the deep-space theory (SDP4) is in use: the un-Kozai'd period is 225 minutes or more.
    public var isDeepSpace: Bool { record.isDeepSpace }

    /// The TEME state (km, km/s) `minutesSinceEpoch` minutes after the element set's epoch.
    ///
    /// - Throws: ``SGP4Error`` (codes 1, 2, 3, 4 or 6) when the theory breaks down at that time, for example
    ///   after the orbit has decayed.
    @inlinable
    public func state(minutesSinceEpoch: Double) throws(SGP4Error) -> StateVector<TEME> {
        try record.state(minutesSinceEpoch: minutesSinceEpoch)
    }

    /// The TEME state (km, km/s) at an instant; the elapsed time from the epoch is measured in SI minutes.
    ///
    /// - Throws: ``SGP4Error`` as ``state(minutesSinceEpoch:)``.
    @inlinable
    public func state(at instant: Instant) throws(SGP4Error) -> StateVector<TEME> {
        try record.state(minutesSinceEpoch: instant.minutes(since: elementSet.epoch))
    }
}
