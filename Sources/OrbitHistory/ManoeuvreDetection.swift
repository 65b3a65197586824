public import Astrodynamics
public import ElementSets
import Foundation

/// Whether a manoeuvre changed the orbit within its plane or tilted the plane.
public enum ManoeuvreKind: String, Sendable, Hashable, CaseIterable {
    /// Semi-major axis or eccentricity changed (tangential or radial thrust).
    case inPlane = "in-plane"
    /// Inclination or node changed (thrust normal to the orbit plane).
    case outOfPlane = "out-of-plane"
}

/// One manoeuvre found in an element-set history.
public struct Manoeuvre: Sendable, Hashable {
    /// The object that manoeuvred.
    public var catalogNumber: CatalogNumber
    /// Best estimate of when the manoeuvre happened (between ``precedingEpoch`` and ``followingEpoch``).
    public var time: Instant
    /// In-plane or out-of-plane.
    public var kind: ManoeuvreKind
    /// Estimated size of the burn from Gauss's equations, metres per second.
    public var deltaVMetresPerSecond: Double
    /// How sure the detector is, 0–1 (from how far the change stands out of the object's own noise).
    public var confidence: Double
    /// Epoch of the last element set before the manoeuvre.
    public var precedingEpoch: Instant
    /// Epoch of the first element set after the manoeuvre.
    public var followingEpoch: Instant
    /// Change of semi-major axis across the manoeuvre with the drag trend removed, km.
    public var semiMajorAxisChangeKm: Double
    /// Change of inclination across the manoeuvre, degrees.
    public var inclinationChangeDeg: Double
    /// The larger robust score of the in-plane and out-of-plane changes (multiples of the local noise sigma).
    public var significance: Double

    /// Creates a manoeuvre record.
    public init(catalogNumber: CatalogNumber, time: Instant, kind: ManoeuvreKind, deltaVMetresPerSecond: Double,
                confidence: Double, precedingEpoch: Instant, followingEpoch: Instant,
                semiMajorAxisChangeKm: Double, inclinationChangeDeg: Double, significance: Double) {
        self.catalogNumber = catalogNumber
        self.time = time
        self.kind = kind
        self.deltaVMetresPerSecond = deltaVMetresPerSecond
        self.confidence = confidence
        self.precedingEpoch = precedingEpoch
        self.followingEpoch = followingEpoch
        self.semiMajorAxisChangeKm = semiMajorAxisChangeKm
        self.inclinationChangeDeg = inclinationChangeDeg
        self.significance = significance
    }
}

/// Finds manoeuvres in the element-set history of an object from changes that stand out of its own noise.
///
/// Each element set is compared with a straight line fitted to the few sets before it (which carries the drag or
/// other secular trend forward) for the semi-major axis, the eccentricity vector and the inclination. The
/// differences ("innovations") are divided by a robust sigma (1.4826 × MAD) of the innovations of the same object
/// over the surrounding sets, so thresholds adapt to each object's TLE noise and its changes over the years. A
/// set whose score exceeds ``threshold`` counts as a manoeuvre only if the change persists: the next sets must stay
/// on the same side of the old trend (an isolated bad set does not), so the last sets of a history, which nothing
/// confirms yet, are not flagged. Consecutive flagged sets within
/// ``trendSetCount`` of each other are one manoeuvre (the first; public sets often absorb a burn over two or three
/// issues). The burn is placed in the gap before the first changed set, at ``timeFractionOfGap`` of the gap.
///
/// The estimated Δv comes from Gauss's equations for a near-circular orbit: tangential Δv = v·Δa / (2a) in-plane
/// and Δv = 2v·sin(Δi/2) out-of-plane, with Δa and Δi the persistent changes.
public struct ManoeuvreDetector: Sendable {
    /// Robust score (multiples of the object's local noise sigma) a change must exceed.
    public var threshold: Double
    /// How many sets before a set define the trend it is compared with.
    public var trendSetCount: Int
    /// How many sets after a flagged set must confirm the change.
    public var persistenceSetCount: Int
    /// How many sets either side make up the window for the noise sigma.
    public var noiseSetCount: Int
    /// Where in the gap before the first changed set the burn is placed (0 = the previous epoch, 1 = the changed one).
    public var timeFractionOfGap: Double

    /// Creates a detector; the defaults were chosen on CryoSat-2 and Jason-2 and checked on other satellites.
    public init(threshold: Double = 8, trendSetCount: Int = 5, persistenceSetCount: Int = 3, noiseSetCount: Int = 60,
                timeFractionOfGap: Double = 0.3) {
        self.threshold = threshold
        self.trendSetCount = trendSetCount
        self.persistenceSetCount = persistenceSetCount
        self.noiseSetCount = noiseSetCount
        self.timeFractionOfGap = timeFractionOfGap
    }

    /// Manoeuvres of every object in `sets`, in catalog-number then time order.
    public func manoeuvres(in sets: [ElementSet]) -> [Manoeuvre] {
        ElementHistory.histories(from: sets).flatMap { manoeuvres(in: $0) }
    }

    /// Manoeuvres in one object's cleaned history, in time order.
    public func manoeuvres(in history: ElementHistory) -> [Manoeuvre] {
        let sets = history.elementSets
        let count = sets.count
        let w = max(2, trendSetCount)
        guard count >= w + 2 else { return [] }
        let start = sets[0].epoch
        let days = sets.map { $0.epoch.seconds(since: start) / 86_400 }
        let a = sets.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        let inc = sets.map(\.inclinationDeg)
        let ex = sets.map { $0.eccentricity * cosDeg($0.argumentOfPericenterDeg) }
        let ey = sets.map { $0.eccentricity * sinDeg($0.argumentOfPericenterDeg) }

        let changeA = changes(of: a, days: days)
        let changeI = changes(of: inc, days: days)
        let changeX = changes(of: ex, days: days)
        let changeY = changes(of: ey, days: days)
        var found: [Manoeuvre] = []
        var lastFlagged = Int.min / 2
        for j in 2..<count {
            let inPlane = max(changeA.score[j],
                              (changeX.score[j] * changeX.score[j] + changeY.score[j] * changeY.score[j]).squareRoot()
                                / 2.0.squareRoot())
            let outOfPlane = changeI.score[j]
            let score = max(inPlane, outOfPlane)
            guard score > threshold else { continue }
            defer { lastFlagged = j }
            guard j - lastFlagged > w else { continue }
            let aKm = a[j - 1]
            let speedMS = Earth.circularSpeedKmPerS(semiMajorAxisKm: aKm) * 1000
            let deltaA = changeA.persistent[j]
            let deltaI = changeI.persistent[j]
            let inPlaneDV = speedMS * abs(deltaA) / (2 * aKm)
            let outOfPlaneDV = 2 * speedMS * sin(min(abs(deltaI) * Double.pi / 180, Double.pi) / 2)
            let kind: ManoeuvreKind
            if inPlane > threshold && outOfPlane > threshold {
                kind = inPlaneDV >= outOfPlaneDV ? .inPlane : .outOfPlane
            } else {
                kind = inPlane > threshold ? .inPlane : .outOfPlane
            }
            let gapSeconds = sets[j].epoch.seconds(since: sets[j - 1].epoch)
            // Confidence grows with the score; long gaps (uncertain time) and the ends of the history lower it.
            var confidence = 0.5 + 0.5 * min(1, 2 * (1 - threshold / score))
            if gapSeconds > 2 * 86_400 { confidence *= 0.8 }
            if count - j <= persistenceSetCount { confidence *= 0.8 }
            found.append(Manoeuvre(
                catalogNumber: history.catalogNumber,
                time: sets[j - 1].epoch.adding(seconds: timeFractionOfGap * gapSeconds),
                kind: kind,
                deltaVMetresPerSecond: kind == .inPlane ? inPlaneDV : outOfPlaneDV,
                confidence: min(1, max(0, confidence)),
                precedingEpoch: sets[j - 1].epoch,
                followingEpoch: sets[j].epoch,
                semiMajorAxisChangeKm: deltaA,
                inclinationChangeDeg: deltaI,
                significance: score))
        }
        return found
    }

    /// Innovations of one element series against the trend of the preceding sets, with robust scores.
    struct Changes {
        /// Persistent change: median departure of the following sets from the old trend.
        var persistent: [Double]
        /// Robust score of the change, already reduced when it does not persist.
        var score: [Double]
    }

    func changes(of values: [Double], days: [Double]) -> Changes {
        let count = values.count
        let w = max(2, trendSetCount)
        var innovation = [Double](repeating: 0, count: count)
        var persistent = [Double](repeating: 0, count: count)
        for j in 2..<count {
            let low = max(0, j - w)
            let (intercept, slope) = lineFit(values: values, days: days, range: low..<j, origin: days[j])
            innovation[j] = values[j] - intercept
            let later = (j + 1)..<min(count, j + 1 + persistenceSetCount)
            let departures = later.map { values[$0] - (intercept + slope * (days[$0] - days[j])) }
            // A change that no later set can confirm is not scored (see below).
            persistent[j] = departures.count >= min(2, persistenceSetCount) ? Robust.median(departures) ?? 0 : .nan
        }
        var score = [Double](repeating: 0, count: count)
        for j in 2..<count {
            let local = Array(innovation[max(2, j - noiseSetCount)...min(count - 1, j + noiseSetCount)])
            guard let centre = Robust.median(local), let sigma = Robust.sigma(local), sigma > 0 else { continue }
            guard !persistent[j].isNaN else { continue }
            let z = (innovation[j] - centre) / sigma
            let zLater = (persistent[j] - centre) / sigma
            let persists = (z >= 0) == (zLater >= 0) && abs(zLater) >= 0.5 * abs(z)
            score[j] = persists ? abs(z) : min(abs(z), abs(zLater))
        }
        return Changes(persistent: persistent, score: score)
    }

    /// Robust (Theil–Sen) line through the values in `range` as (value at `origin`, slope per day): the median of
    /// the pairwise slopes, so one bad set among them does not tilt the trend. The median value when the sets span
    /// less than about an hour.
    func lineFit(values: [Double], days: [Double], range: Range<Int>, origin: Double) -> (Double, Double) {
        var slopes: [Double] = []
        for i in range {
            for k in range where k > i {
                let dt = days[k] - days[i]
                if dt > 0.02 { slopes.append((values[k] - values[i]) / dt) }
            }
        }
        let slope = Robust.median(slopes) ?? 0
        let intercept = Robust.median(range.map { values[$0] - slope * (days[$0] - origin) }) ?? 0
        return (intercept, slope)
    }
}
