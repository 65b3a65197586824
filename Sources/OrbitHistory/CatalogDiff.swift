import Astrodynamics
public import ElementSets
import Foundation
import Propagation

/// Why an object of the older snapshot is missing from the newer one.
public enum DisappearanceReason: String, Sendable, Hashable, CaseIterable {
    /// Its last set was low enough, or SGP4 has it re-entering before the new snapshot: it most likely re-entered.
    case decayed
    /// It was not about to decay: dropped from publication, re-catalogued, or lost.
    case vanished
}

/// An object of the older snapshot that the newer one no longer holds.
public struct DisappearedObject: Sendable, Hashable {
    /// The object's last set in the older snapshot.
    public var lastElementSet: ElementSet
    /// Decayed or vanished.
    public var reason: DisappearanceReason
    /// Perigee altitude of the last set, km (above the equatorial radius).
    public var perigeeAltitudeKm: Double

    /// Creates a record.
    public init(lastElementSet: ElementSet, reason: DisappearanceReason, perigeeAltitudeKm: Double) {
        self.lastElementSet = lastElementSet
        self.reason = reason
        self.perigeeAltitudeKm = perigeeAltitudeKm
    }
}

/// An object whose newer set departs from the propagated older set by more than propagation explains.
public struct ManoeuvredObject: Sendable, Hashable {
    /// The older set.
    public var oldElementSet: ElementSet
    /// The newer set.
    public var newElementSet: ElementSet
    /// Orbit-averaged osculating semi-major axis of the new set minus that of the old set propagated to the new
    /// epoch, km.
    public var semiMajorAxisChangeKm: Double
    /// The same difference of inclination, degrees.
    public var inclinationChangeDeg: Double
    /// Semi-major-axis change the threshold allowed for this object and gap, km.
    public var allowedSemiMajorAxisChangeKm: Double

    /// Creates a record.
    public init(oldElementSet: ElementSet, newElementSet: ElementSet, semiMajorAxisChangeKm: Double,
                inclinationChangeDeg: Double, allowedSemiMajorAxisChangeKm: Double) {
        self.oldElementSet = oldElementSet
        self.newElementSet = newElementSet
        self.semiMajorAxisChangeKm = semiMajorAxisChangeKm
        self.inclinationChangeDeg = inclinationChangeDeg
        self.allowedSemiMajorAxisChangeKm = allowedSemiMajorAxisChangeKm
    }
}

/// Counts of a catalog difference.
public struct CatalogDiffSummary: Sendable, Hashable {
    /// Objects in the older snapshot.
    public var oldObjectCount: Int
    /// Objects in the newer snapshot.
    public var newObjectCount: Int
    /// Objects only in the newer snapshot.
    public var newCount: Int
    /// Objects only in the older snapshot that most likely re-entered.
    public var decayedCount: Int
    /// Objects only in the older snapshot that were not about to decay.
    public var vanishedCount: Int
    /// Objects in both whose orbit changed beyond propagation.
    public var manoeuvredCount: Int
    /// Objects in both that SGP4 could not carry to the new epoch (counted nowhere else).
    public var unpropagatedCount: Int

    /// Creates a summary.
    public init(oldObjectCount: Int, newObjectCount: Int, newCount: Int, decayedCount: Int, vanishedCount: Int,
                manoeuvredCount: Int, unpropagatedCount: Int) {
        self.oldObjectCount = oldObjectCount
        self.newObjectCount = newObjectCount
        self.newCount = newCount
        self.decayedCount = decayedCount
        self.vanishedCount = vanishedCount
        self.manoeuvredCount = manoeuvredCount
        self.unpropagatedCount = unpropagatedCount
    }
}

/// The difference between two catalog snapshots.
public struct CatalogDiff: Sendable {
    /// Latest sets of objects only in the newer snapshot, by catalog number.
    public var newObjects: [ElementSet]
    /// Objects only in the older snapshot, by catalog number.
    public var disappeared: [DisappearedObject]
    /// Objects in both that manoeuvred, by catalog number.
    public var manoeuvred: [ManoeuvredObject]
    /// Catalog numbers in both that SGP4 could not carry to the new epoch.
    public var unpropagated: [CatalogNumber]
    /// The counts.
    public var summary: CatalogDiffSummary
}

/// Compares two catalog snapshots (each object's latest set in each).
///
/// Manoeuvre test: the older set is propagated with SGP4 to the newer set's epoch and both are sampled over one
/// orbit there (36 points) to average out short-period terms; the orbit-averaged osculating semi-major axes and
/// inclinations are compared. An object manoeuvred when the semi-major axis rose by more than
/// ``raiseThresholdKm`` plus ``relativeRaiseThreshold`` × a (drag cannot raise an orbit; high orbits carry larger
/// lunisolar modelling errors), fell by more than ``lowerThresholdKm`` plus ``dragModelFraction`` times the decay
/// SGP4 itself predicted over the gap (B* is a poor drag model over months, and drag changes with the solar
/// cycle), or the inclination changed by more than ``inclinationThresholdDeg`` (LEO, a < 12,000 km) or
/// ``highOrbitInclinationThresholdDeg`` (higher orbits, where SDP4's lunisolar terms err more). Every allowance
/// grows with the gap between the two sets (``gapAllowanceKmPerDay``, ``gapAllowanceDegPerDay``): SGP4 is meant
/// for days, not months.
public struct CatalogDiffer: Sendable {
    /// Rise of the averaged semi-major axis that counts as a manoeuvre, km.
    public var raiseThresholdKm: Double
    /// Fall beyond the modelled decay that counts as a manoeuvre, km (before the drag allowance).
    public var lowerThresholdKm: Double
    /// Fraction of SGP4's own predicted decay allowed as drag-model error.
    public var dragModelFraction: Double
    /// Extra rise allowed per km of semi-major axis.
    public var relativeRaiseThreshold: Double
    /// Inclination change that counts as a manoeuvre below a = 12,000 km, degrees.
    public var inclinationThresholdDeg: Double
    /// Inclination change that counts as a manoeuvre in higher orbits, degrees.
    public var highOrbitInclinationThresholdDeg: Double
    /// Perigee altitude below which a disappeared object counts as decayed, km.
    public var decayPerigeeAltitudeKm: Double
    /// Extra semi-major-axis allowance per day between the two sets, km.
    public var gapAllowanceKmPerDay: Double
    /// Extra inclination allowance per day between the two sets, degrees.
    public var gapAllowanceDegPerDay: Double

    /// Creates a differ with documented default thresholds.
    public init(raiseThresholdKm: Double = 2, relativeRaiseThreshold: Double = 2e-4, lowerThresholdKm: Double = 10,
                dragModelFraction: Double = 3, inclinationThresholdDeg: Double = 0.1,
                highOrbitInclinationThresholdDeg: Double = 0.5, decayPerigeeAltitudeKm: Double = 450,
                gapAllowanceKmPerDay: Double = 0.03, gapAllowanceDegPerDay: Double = 0.0005) {
        self.gapAllowanceKmPerDay = gapAllowanceKmPerDay
        self.gapAllowanceDegPerDay = gapAllowanceDegPerDay
        self.raiseThresholdKm = raiseThresholdKm
        self.relativeRaiseThreshold = relativeRaiseThreshold
        self.highOrbitInclinationThresholdDeg = highOrbitInclinationThresholdDeg
        self.lowerThresholdKm = lowerThresholdKm
        self.dragModelFraction = dragModelFraction
        self.inclinationThresholdDeg = inclinationThresholdDeg
        self.decayPerigeeAltitudeKm = decayPerigeeAltitudeKm
    }

    /// Compares the older snapshot `old` with the newer snapshot `new`.
    public func diff(old: [ElementSet], new: [ElementSet]) -> CatalogDiff {
        let oldLatest = Self.latest(old), newLatest = Self.latest(new)
        let newSnapshotTime = newLatest.values.map(\.epoch).max()
        var added: [ElementSet] = []
        var disappeared: [DisappearedObject] = []
        var manoeuvred: [ManoeuvredObject] = []
        var unpropagated: [CatalogNumber] = []
        for number in newLatest.keys.sorted() where oldLatest[number] == nil {
            if let set = newLatest[number] { added.append(set) }
        }
        for number in oldLatest.keys.sorted() {
            guard let before = oldLatest[number] else { continue }
            guard let after = newLatest[number] else {
                let a = Earth.semiMajorAxisKm(meanMotionRevPerDay: before.meanMotionRevPerDay)
                let perigee = a * (1 - before.eccentricity) - Earth.radiusKm
                var reason: DisappearanceReason = perigee < decayPerigeeAltitudeKm ? .decayed : .vanished
                if reason == .vanished, let end = newSnapshotTime, let sgp4 = try? SGP4Propagator(before) {
                    do {
                        let state = try sgp4.state(at: end)
                        if state.positionKm.length - Earth.radiusKm < 120 { reason = .decayed }
                    } catch {
                        reason = .decayed
                    }
                }
                disappeared.append(DisappearedObject(lastElementSet: before, reason: reason, perigeeAltitudeKm: perigee))
                continue
            }
            guard let change = compare(before, after) else { unpropagated.append(number); continue }
            let gapDays = abs(after.epoch.seconds(since: before.epoch)) / 86_400
            let allowedFall = lowerThresholdKm + dragModelFraction * abs(change.modelledDecayKm)
                + gapAllowanceKmPerDay * gapDays
            let a = Earth.semiMajorAxisKm(meanMotionRevPerDay: after.meanMotionRevPerDay)
            let allowedRise = raiseThresholdKm + relativeRaiseThreshold * a + gapAllowanceKmPerDay * gapDays
            let allowedTilt = (a < 12_000 ? inclinationThresholdDeg : highOrbitInclinationThresholdDeg)
                + gapAllowanceDegPerDay * gapDays
            if change.deltaA > allowedRise || change.deltaA < -allowedFall || abs(change.deltaI) > allowedTilt {
                manoeuvred.append(ManoeuvredObject(oldElementSet: before, newElementSet: after,
                                                   semiMajorAxisChangeKm: change.deltaA,
                                                   inclinationChangeDeg: change.deltaI,
                                                   allowedSemiMajorAxisChangeKm: allowedFall))
            }
        }
        let summary = CatalogDiffSummary(
            oldObjectCount: oldLatest.count, newObjectCount: newLatest.count, newCount: added.count,
            decayedCount: disappeared.filter { $0.reason == .decayed }.count,
            vanishedCount: disappeared.filter { $0.reason == .vanished }.count,
            manoeuvredCount: manoeuvred.count, unpropagatedCount: unpropagated.count)
        return CatalogDiff(newObjects: added, disappeared: disappeared, manoeuvred: manoeuvred,
                           unpropagated: unpropagated, summary: summary)
    }

    /// Each object's latest set.
    static func latest(_ sets: [ElementSet]) -> [CatalogNumber: ElementSet] {
        var result: [CatalogNumber: ElementSet] = [:]
        for set in sets where ElementHistory.isUsable(set) {
            if let existing = result[set.catalogNumber], existing.epoch >= set.epoch { continue }
            result[set.catalogNumber] = set
        }
        return result
    }

    /// Orbit-averaged differences at the new epoch, and SGP4's own decay of the old set over the gap.
    func compare(_ before: ElementSet, _ after: ElementSet)
        -> (deltaA: Double, deltaI: Double, modelledDecayKm: Double)?
    {
        guard let old = try? SGP4Propagator(before), let new = try? SGP4Propagator(after) else { return nil }
        let periodSeconds = 86_400 / after.meanMotionRevPerDay
        guard let propagated = averaged(old, at: after.epoch, periodSeconds: periodSeconds),
              let current = averaged(new, at: after.epoch, periodSeconds: periodSeconds),
              let atOldEpoch = averaged(old, at: before.epoch, periodSeconds: 86_400 / before.meanMotionRevPerDay)
        else { return nil }
        return (current.a - propagated.a, current.i - propagated.i, propagated.a - atOldEpoch.a)
    }

    /// Mean osculating semi-major axis (km) and inclination (degrees) over one period starting at `time`.
    func averaged(_ sgp4: SGP4Propagator, at time: Instant, periodSeconds: Double) -> (a: Double, i: Double)? {
        let samples = 36
        var sumA = 0.0, sumI = 0.0
        for k in 0..<samples {
            guard let state = try? sgp4.state(at: time.adding(seconds: periodSeconds * Double(k) / Double(samples)))
            else { return nil }
            let r = state.positionKm, v = state.velocityKmPerS
            let energy = v.dot(v) / 2 - Earth.muKm3PerS2 / r.length
            guard energy < 0 else { return nil }
            sumA += -Earth.muKm3PerS2 / (2 * energy)
            let h = r.cross(v)
            sumI += acos(max(-1, min(1, h.z / h.length))) * 180 / Double.pi
        }
        return (sumA / Double(samples), sumI / Double(samples))
    }
}
