import Astrodynamics
import Foundation
public import ElementSets

/// The element sets of one object in time order, cleaned of duplicates and re-issues.
///
/// Sets are sorted by epoch; sets whose epochs lie within ``reissueToleranceSeconds`` of each other are treated as
/// one set re-issued, and the one appearing last in the input wins (a re-issue corrects the earlier one). Sets that
/// SGP4 cannot use (mean motion not positive, eccentricity outside `0 ..< 1`, non-finite fields) are left out.
public struct ElementHistory: Sendable {
    /// Epochs closer than this are the same element set re-issued.
    public static let reissueToleranceSeconds = 60.0

    /// The object's catalog number.
    public let catalogNumber: CatalogNumber
    /// The cleaned element sets, strictly increasing in epoch.
    public let elementSets: [ElementSet]
    /// How many input sets were dropped as duplicates, re-issues or unusable.
    public let droppedCount: Int

    /// Cleans the sets of one object (sets of other objects, if any, are ignored).
    public init(catalogNumber: CatalogNumber, elementSets input: [ElementSet]) {
        self.catalogNumber = catalogNumber
        let ordered = input.enumerated()
            .filter { $0.element.catalogNumber == catalogNumber && ElementHistory.isUsable($0.element) }
            .sorted { lhs, rhs in
                lhs.element.epoch == rhs.element.epoch ? lhs.offset < rhs.offset : lhs.element.epoch < rhs.element.epoch
            }
        var kept: [(offset: Int, element: ElementSet)] = []
        for item in ordered {
            if let last = kept.last,
               abs(item.element.epoch.seconds(since: last.element.epoch)) < ElementHistory.reissueToleranceSeconds {
                // Same epoch issued again: the later record in the input replaces the earlier one.
                if item.offset > last.offset { kept[kept.count - 1] = item }
                continue
            }
            kept.append(item)
        }
        self.elementSets = kept.map(\.element)
        self.droppedCount = input.filter { $0.catalogNumber == catalogNumber }.count - kept.count
    }

    /// Splits a mixed list of element sets into one cleaned history per catalog number, in catalog-number order.
    public static func histories(from sets: [ElementSet]) -> [ElementHistory] {
        let groups = Dictionary(grouping: sets, by: \.catalogNumber)
        return groups.keys.sorted().compactMap { number in
            guard let group = groups[number] else { return nil }
            return ElementHistory(catalogNumber: number, elementSets: group)
        }
    }

    static func isUsable(_ set: ElementSet) -> Bool {
        set.meanMotionRevPerDay > 0 && set.meanMotionRevPerDay.isFinite
            && set.eccentricity >= 0 && set.eccentricity < 1
            && set.inclinationDeg.isFinite && set.rightAscensionOfAscendingNodeDeg.isFinite
            && set.argumentOfPericenterDeg.isFinite
    }
}

/// Earth constants used by the history analytics (WGS-72, as the element sets are generated with).
enum Earth {
    /// Gravitational parameter, km³/s².
    static let muKm3PerS2 = 398_600.8
    /// Equatorial radius, km.
    static let radiusKm = 6378.135
    /// Second zonal harmonic.
    static let j2 = 0.001082616

    /// Semi-major axis in km from a mean motion in revolutions per day (two-body; the Kozai/Brouwer difference is
    /// a near-constant offset that cancels in differences).
    static func semiMajorAxisKm(meanMotionRevPerDay n: Double) -> Double {
        let radiansPerSecond = n * 2 * Double.pi / 86_400
        return cbrtValue(muKm3PerS2 / (radiansPerSecond * radiansPerSecond))
    }

    /// Mean motion in radians per second for a semi-major axis in km.
    static func meanMotionRadPerS(semiMajorAxisKm a: Double) -> Double {
        (muKm3PerS2 / (a * a * a)).squareRoot()
    }

    /// Circular speed in km/s at semi-major axis `a` km.
    static func circularSpeedKmPerS(semiMajorAxisKm a: Double) -> Double { (muKm3PerS2 / a).squareRoot() }

    /// J2 secular rate of the ascending node in degrees per day.
    static func nodeRateDegPerDay(semiMajorAxisKm a: Double, eccentricity e: Double, inclinationDeg i: Double) -> Double {
        let n = meanMotionRadPerS(semiMajorAxisKm: a)
        let p = a * (1 - e * e)
        let rate = -1.5 * n * j2 * (radiusKm / p) * (radiusKm / p) * cosDeg(i)
        return rate * 86_400 * 180 / Double.pi
    }
}

func cbrtValue(_ x: Double) -> Double {
    guard x > 0 else { return x == 0 ? 0 : -cbrtValue(-x) }
    var y = exp(log(x) / 3)
    y = y - (y * y * y - x) / (3 * y * y)
    return y
}

func cosDeg(_ degrees: Double) -> Double { cos(degrees * Double.pi / 180) }
func sinDeg(_ degrees: Double) -> Double { sin(degrees * Double.pi / 180) }

/// Robust statistics used to derive thresholds from each object's own history.
enum Robust {
    /// Mean of a normal distribution (`mean`, `standardError`) restricted to `interval`: the expected value of a
    /// quantity measured as `mean` ± `standardError` that is known to lie in `interval`. A mean without a usable
    /// error is clamped to the interval instead.
    static func truncatedNormalMean(_ mean: Double, standardError: Double,
                                    within interval: ClosedRange<Double>) -> Double {
        let clamped = min(max(mean, interval.lowerBound), interval.upperBound)
        guard standardError > 0, standardError.isFinite, mean.isFinite,
              interval.upperBound > interval.lowerBound else { return clamped }
        let a = (interval.lowerBound - mean) / standardError, b = (interval.upperBound - mean) / standardError
        let density = { (x: Double) in exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
        // Φ(b) − Φ(a), from the tail nearer the interval so that it keeps its digits far from the mean.
        let mass = a > 0 ? 0.5 * (erfc(a / 2.0.squareRoot()) - erfc(b / 2.0.squareRoot()))
            : 0.5 * (erfc(-b / 2.0.squareRoot()) - erfc(-a / 2.0.squareRoot()))
        guard mass > 1e-300 else { return clamped }
        let expected = mean + standardError * (density(a) - density(b)) / mass
        return expected.isFinite ? min(max(expected, interval.lowerBound), interval.upperBound) : clamped
    }

    /// The median (the mean of the two middle values for an even count); `nil` when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
    }

    /// The median absolute deviation scaled to a Gaussian standard deviation (× 1.4826).
    static func sigma(_ values: [Double]) -> Double? {
        guard let centre = median(values), let mad = median(values.map { abs($0 - centre) }) else { return nil }
        return 1.4826 * mad
    }
}
