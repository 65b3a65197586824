public import Astrodynamics
public import ElementSets

/// One moment of a pass: where the object is and how it is lit.
public struct PassEvent: Sendable, Hashable {
    /// When.
    public var instant: Instant
    /// Azimuth in degrees clockwise from north, `0 ..< 360`.
    public var azimuthDeg: Double
    /// Geometric elevation in degrees (apparent if the finder applies refraction).
    public var elevationDeg: Double
    /// Slant range in km.
    public var rangeKm: Double
    /// Range-rate in km/s, positive receding.
    public var rangeRateKmPerS: Double
    /// Whether the object is sunlit (the finder's ``ShadowModel``; penumbra counts as sunlit).
    public var isSunlit: Bool
    /// The Sun's geometric elevation at the site in degrees (apparent Sun, no refraction).
    public var sunElevationDeg: Double

    /// Creates an event.
    public init(instant: Instant, azimuthDeg: Double, elevationDeg: Double, rangeKm: Double,
                rangeRateKmPerS: Double, isSunlit: Bool, sunElevationDeg: Double) {
        self.instant = instant
        self.azimuthDeg = azimuthDeg
        self.elevationDeg = elevationDeg
        self.rangeKm = rangeKm
        self.rangeRateKmPerS = rangeRateKmPerS
        self.isSunlit = isSunlit
        self.sunElevationDeg = sunElevationDeg
    }
}

/// The object entering or leaving the Earth's shadow during a pass.
public struct ShadowTransition: Sendable, Hashable {
    /// When (to about 0.01 s).
    public var instant: Instant
    /// `true` when the object leaves the shadow, `false` when it enters it.
    public var entersSunlight: Bool

    /// Creates a transition.
    public init(instant: Instant, entersSunlight: Bool) {
        self.instant = instant
        self.entersSunlight = entersSunlight
    }
}

/// A pass of an object over a site: rise, culmination and set above a minimum elevation.
///
/// A pass already under way at the start of the search window has no ``rise`` (`nil`), and one still under way
/// at the end has no ``set`` (`nil`); ``durationSeconds`` is then `nil` too. The ``culmination`` is the highest
/// local maximum of elevation within the pass; for a pass cut by the window it is the highest point inside the
/// window, which can be the window edge itself.
public struct Pass: Sendable, Hashable {
    /// The object's catalog number.
    public var catalogNumber: CatalogNumber
    /// The object's name, if known.
    public var objectName: String?
    /// The upward crossing of the minimum elevation (or horizon mask); `nil` if the pass was under way at the
    /// window start.
    public var rise: PassEvent?
    /// The highest point of the pass.
    public var culmination: PassEvent
    /// The downward crossing; `nil` if the pass was still under way at the window end.
    public var set: PassEvent?
    /// The number of local elevation maxima above the threshold in the pass (1 for an ordinary pass).
    public var culminationCount: Int
    /// Shadow entries and exits between rise and set (or the window edges), in time order.
    public var shadowTransitions: [ShadowTransition]
    /// Sunlit object and Sun below the finder's twilight limit (−6°, civil twilight, by default), both at
    /// culmination.
    public var isVisibleAtCulmination: Bool

    /// Creates a pass.
    public init(catalogNumber: CatalogNumber, objectName: String?, rise: PassEvent?, culmination: PassEvent,
                set: PassEvent?, culminationCount: Int, shadowTransitions: [ShadowTransition],
                isVisibleAtCulmination: Bool) {
        self.catalogNumber = catalogNumber
        self.objectName = objectName
        self.rise = rise
        self.culmination = culmination
        self.set = set
        self.culminationCount = culminationCount
        self.shadowTransitions = shadowTransitions
        self.isVisibleAtCulmination = isVisibleAtCulmination
    }

    /// Set minus rise in seconds, when both are known.
    public var durationSeconds: Double? {
        guard let rise, let set else { return nil }
        return set.instant.seconds(since: rise.instant)
    }

    /// Maximum elevation in degrees (the culmination's).
    public var maximumElevationDeg: Double { culmination.elevationDeg }

    /// Whether the object is sunlit at culmination.
    public var isSunlitAtCulmination: Bool { culmination.isSunlit }
}

/// A minimum elevation that depends on azimuth (trees, buildings, antenna limits).
///
/// Given as (azimuth, minimum elevation) points; between points the limit is interpolated linearly in azimuth,
/// wrapping around north. A single point is a constant limit.
public struct HorizonMask: Sendable, Hashable {
    /// Azimuths in degrees, ascending in `0 ..< 360`.
    public let azimuthsDeg: [Double]
    /// Minimum elevations in degrees at ``azimuthsDeg``.
    public let elevationsDeg: [Double]

    /// Creates a mask from (azimuth, minimum elevation) pairs in degrees, in any order.
    ///
    /// - Throws: ``HorizonMaskError`` when there are no points or a value is not finite or an elevation is
    ///   outside −90 … 90.
    public init(points: [(azimuthDeg: Double, minimumElevationDeg: Double)]) throws(HorizonMaskError) {
        guard !points.isEmpty else { throw HorizonMaskError(message: "a horizon mask needs at least one point") }
        var normalised: [(Double, Double)] = []
        for (az, el) in points {
            guard az.isFinite, el.isFinite else { throw HorizonMaskError(message: "horizon mask values must be finite") }
            guard (-90.0...90.0).contains(el) else {
                throw HorizonMaskError(message: "horizon mask elevation \(el)° is outside -90 ... 90")
            }
            var a = az.truncatingRemainder(dividingBy: 360)
            if a < 0 { a += 360 }
            normalised.append((a, el))
        }
        normalised.sort { $0.0 < $1.0 }
        azimuthsDeg = normalised.map(\.0)
        elevationsDeg = normalised.map(\.1)
    }

    /// The minimum elevation in degrees at an azimuth (degrees).
    @inlinable
    public func minimumElevationDeg(atAzimuthDeg az0: Double) -> Double {
        let n = azimuthsDeg.count
        if n == 1 { return elevationsDeg[0] }
        var az = az0.truncatingRemainder(dividingBy: 360)
        if az < 0 { az += 360 }
        // Find the first point with azimuth > az.
        var hi = 0
        while hi < n && azimuthsDeg[hi] <= az { hi += 1 }
        let lo = hi == 0 ? n - 1 : hi - 1
        let hiIndex = hi == n ? 0 : hi
        var a0 = azimuthsDeg[lo], a1 = azimuthsDeg[hiIndex]
        if a1 <= a0 { a1 += 360 }
        var x = az
        if x < a0 { x += 360 }
        let w = a1 > a0 ? (x - a0) / (a1 - a0) : 0
        return elevationsDeg[lo] + w * (elevationsDeg[hiIndex] - elevationsDeg[lo])
    }

    /// The lowest elevation limit anywhere on the mask.
    public var lowestElevationDeg: Double { elevationsDeg.min() ?? 0 }
}

/// Why a horizon mask was rejected.
public struct HorizonMaskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}
