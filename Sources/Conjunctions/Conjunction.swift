public import Astrodynamics
public import ElementSets

/// One close approach: a local minimum of the distance between two objects that falls below the screening
/// threshold.
public struct Conjunction: Sendable, Hashable {
    /// The smaller of the two catalog numbers.
    public var catalogNumber1: CatalogNumber
    /// The larger of the two catalog numbers.
    public var catalogNumber2: CatalogNumber
    /// The time of closest approach (root of Δr·Δv on the SGP4 functions, to better than 1 ms).
    public var timeOfClosestApproach: Instant
    /// The distance between the two objects at the time of closest approach, km.
    public var missDistanceKm: Double
    /// The relative speed at the time of closest approach, km/s.
    public var relativeSpeedKmPerS: Double
    /// The miss vector (object 2 − object 1) along the radial axis of object 1, km.
    public var radialKm: Double
    /// The miss vector along the in-track axis of object 1 (completes the right-handed RIC frame), km.
    public var inTrackKm: Double
    /// The miss vector along the cross-track axis of object 1 (orbit normal r × v), km.
    public var crossTrackKm: Double
    /// The maximum collision probability over all covariance sizes (see ``MaximumProbability``).
    public var maximumProbability: Double

    /// Creates a conjunction from its fields.
    public init(catalogNumber1: CatalogNumber, catalogNumber2: CatalogNumber, timeOfClosestApproach: Instant,
                missDistanceKm: Double, relativeSpeedKmPerS: Double, radialKm: Double, inTrackKm: Double,
                crossTrackKm: Double, maximumProbability: Double) {
        self.catalogNumber1 = catalogNumber1
        self.catalogNumber2 = catalogNumber2
        self.timeOfClosestApproach = timeOfClosestApproach
        self.missDistanceKm = missDistanceKm
        self.relativeSpeedKmPerS = relativeSpeedKmPerS
        self.radialKm = radialKm
        self.inTrackKm = inTrackKm
        self.crossTrackKm = crossTrackKm
        self.maximumProbability = maximumProbability
    }
}

/// Which pairs a screening considers.
public enum ScreeningSelection: Sendable, Hashable {
    /// Every pair of objects.
    case allVsAll
    /// Pairs with at least one of these objects.
    case primaries(Set<CatalogNumber>)
    /// Pairs with at least one payload, as SOCRATES screens. An object is a payload unless its name contains
    /// `DEB` or `R/B` (element sets carry no object type; an unnamed object counts as a payload).
    case payloads

    /// Whether an element set counts as a payload under the name rule of ``payloads``.
    public static func isPayload(_ elementSet: ElementSet) -> Bool {
        guard let name = elementSet.objectName?.uppercased() else { return true }
        return !(name.contains("DEB") || name.contains("R/B"))
    }
}

/// One part of a screening split across processes: shard `index` (0-based) of `count`.
///
/// The split is by time window: shard k keeps the events whose time of closest approach falls in its part of
/// the global sampling grid and sweeps two extra steps on each side (the halo), so every window that can find
/// one of its events is swept with exactly the same samples as in a single run. The union of the shards'
/// events is therefore exactly the single-process result. Time windows, unlike a split of primaries, also
/// divide the propagation work, which dominates the cost.
public struct ScreeningShard: Sendable, Hashable {
    /// The 0-based index of this shard.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// The whole screening as one shard.
    public static let whole = ScreeningShard(uncheckedIndex: 0, count: 1)

    /// Creates shard `index` of `count`.
    /// - Throws: ``ScreeningError`` when `count < 1` or `index` is not in `0 ..< count`.
    public init(index: Int, count: Int) throws(ScreeningError) {
        guard count >= 1, index >= 0, index < count else {
            throw ScreeningError("shard \(index) of \(count) does not exist (need 0 ≤ index < count)")
        }
        self.index = index
        self.count = count
    }

    init(uncheckedIndex: Int, count: Int) {
        self.index = uncheckedIndex
        self.count = count
    }
}

/// A screening that cannot run, with a readable reason.
public struct ScreeningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    /// Creates an error with a description.
    public init(_ description: String) { self.description = description }
}

/// Alfano's maximum collision probability (Alfano 2005, "Relating position uncertainty to maximum conjunction
/// probability", J. Astronaut. Sci. 53(2)).
///
/// In the encounter plane the combined position uncertainty is taken as a circular Gaussian of standard
/// deviation σ, and the combined hard body as a disk of radius R centred at miss distance d. The probability
/// P(σ) is the integral of the Gaussian over the disk; Alfano's worst case is its maximum over σ. For R ≪ d the
/// maximum is at σ = d/√2 and equals R²/(e·d²); this type evaluates the full disk integral (Rice distribution)
/// and maximises it numerically, which stays correct when d is comparable with R (P → 1 as d → 0).
///
/// SOCRATES uses object sizes from radar cross sections and its own covariance shape, which element sets do not
/// carry; with the default combined radius the values are of the same order as SOCRATES's but not equal.
public enum MaximumProbability {
    /// The default combined hard-body radius, km (two objects of about 5 m radius each).
    public static let defaultCombinedRadiusKm = 0.010

    /// The maximum over σ of the collision probability for miss distance `missKm` and combined radius `radiusKm`.
    public static func value(missKm: Double, radiusKm: Double = defaultCombinedRadiusKm) -> Double {
        guard radiusKm > 0 else { return 0 }
        if missKm <= 0 { return 1 }
        // Golden-section search on log σ (the probability is unimodal in σ): between d/1000 and 100 d in general;
        // for d ≥ 2R the maximiser lies within 0.9…1.0 × d/√2 (it tends to d/√2 as R/d → 0), so a bracket of
        // a factor 2 either side of d/√2 holds it and 26 steps shrink it to 5e-6 in log σ (at the smooth maximum
        // the value is then within ~1e-11 relative of the true maximum; 60 → 38 steps likewise for the wide
        // bracket).
        var lo: Double, hi: Double, iterations: Int
        if missKm >= 2 * radiusKm {
            let centre = log(missKm / 2.0.squareRoot())
            lo = centre - log(2.0); hi = centre + log(2.0); iterations = 26
        } else {
            lo = log(max(missKm, radiusKm) * 1e-3); hi = log(max(missKm, radiusKm) * 100); iterations = 38
        }
        let g = 0.5 * (5.0.squareRoot() - 1)
        let n = intervals(missKm: missKm, radiusKm: radiusKm)
        var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
        var f1 = diskProbability(d: missKm, r: radiusKm, sigma: exp(x1), intervals: n)
        var f2 = diskProbability(d: missKm, r: radiusKm, sigma: exp(x2), intervals: n)
        for _ in 0..<iterations {
            if f1 < f2 {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + g * (hi - lo); f2 = diskProbability(d: missKm, r: radiusKm, sigma: exp(x2), intervals: n)
            } else {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - g * (hi - lo); f1 = diskProbability(d: missKm, r: radiusKm, sigma: exp(x1), intervals: n)
            }
        }
        return min(1, max(f1, f2))
    }

    /// The Simpson intervals the search uses: 48 when d ≥ 2R, 128 otherwise. For d ≥ 2R the search stays within
    /// σ ≥ d/(2√2) ≥ R/√2, where the integrand varies on the scale σ and 48 intervals of the disk radius are
    /// within 1e-7 relative of the converged integral (`MaximumProbabilityTests`), far below the four significant
    /// digits reported; closer misses keep 128 (σ reaches d/1000 there).
    static func intervals(missKm: Double, radiusKm: Double) -> Int { missKm >= 2 * radiusKm ? 48 : 128 }

    /// The integral of a circular Gaussian (σ) centred at distance `d` over a disk of radius `r`
    /// (radial integral of the Rice density, Simpson's rule on `intervals` intervals, an even number).
    static func diskProbability(d: Double, r: Double, sigma: Double, intervals: Int = 128) -> Double {
        let n = max(2, intervals + intervals % 2)
        let h = r / Double(n)
        let s2 = sigma * sigma
        var sum = 0.0
        for i in 0...n {
            let x = Double(i) * h
            // x/σ² · exp(−(x−d)²/2σ²) · I0e(x d/σ²), where I0e(z) = exp(−z) I0(z).
            let v = x / s2 * exp(-(x - d) * (x - d) / (2 * s2)) * besselI0Scaled(x * d / s2)
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += w * v
        }
        return sum * h / 3
    }

    /// exp(−z)·I0(z) for z ≥ 0 (Abramowitz & Stegun 9.8.1 and 9.8.2 polynomial fits, relative error < 2e-7).
    static func besselI0Scaled(_ z: Double) -> Double {
        if z < 3.75 {
            let t = (z / 3.75) * (z / 3.75)
            let i0 = 1 + t * (3.5156229 + t * (3.0899424 + t * (1.2067492 + t * (0.2659732 + t * (0.0360768
                + t * 0.0045813)))))
            return i0 * exp(-z)
        }
        let t = 3.75 / z
        let p = 0.39894228 + t * (0.01328592 + t * (0.00225319 + t * (-0.00157565 + t * (0.00916281
            + t * (-0.02057706 + t * (0.02635537 + t * (-0.01647633 + t * 0.00392377)))))))
        return p / z.squareRoot()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
