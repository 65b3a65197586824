public import Astrodynamics
public import ElementSets
import Foundation

/// A predicted re-entry of one object with its uncertainty window.
public struct DecayPrediction: Sendable, Hashable {
    /// The object.
    public var catalogNumber: CatalogNumber
    /// Most likely re-entry time (when the mean altitude reaches ``DecayPredictor/reentryAltitudeKm``).
    public var predictedReentry: Instant
    /// Earliest plausible re-entry.
    public var windowStart: Instant
    /// Latest plausible re-entry.
    public var windowEnd: Instant
    /// Short text naming the data the prediction rests on.
    public var basis: String
    /// Number of element sets used in the fit.
    public var elementSetCount: Int
    /// Epoch of the last element set used.
    public var lastEpoch: Instant
    /// Mean altitude (semi-major axis minus the equatorial radius) at the last epoch, km.
    public var lastAltitudeKm: Double
    /// Fitted decay rate of the semi-major axis at the last epoch, km per day (negative when decaying).
    public var decayRateKmPerDay: Double

    /// Creates a prediction record.
    public init(catalogNumber: CatalogNumber, predictedReentry: Instant, windowStart: Instant, windowEnd: Instant,
                basis: String, elementSetCount: Int, lastEpoch: Instant, lastAltitudeKm: Double,
                decayRateKmPerDay: Double) {
        self.catalogNumber = catalogNumber
        self.predictedReentry = predictedReentry
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.basis = basis
        self.elementSetCount = elementSetCount
        self.lastEpoch = lastEpoch
        self.lastAltitudeKm = lastAltitudeKm
        self.decayRateKmPerDay = decayRateKmPerDay
    }
}

/// Why no re-entry could be predicted for an object.
public struct DecayPredictionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The object.
    public var catalogNumber: CatalogNumber
    /// What is missing.
    public var reason: String

    /// Creates an error.
    public init(catalogNumber: CatalogNumber, reason: String) {
        self.catalogNumber = catalogNumber
        self.reason = reason
    }

    /// Readable text.
    public var description: String { "\(catalogNumber): no decay prediction: \(reason)" }
}

/// Predicts re-entry from the trend of an object's element sets.
///
/// The semi-major axis of the recent sets (the last ``fitWindowDays`` before the last epoch, at least
/// ``minimumSetCount`` sets) is fitted with a straight line, giving the decay rate at the mean altitude of the fit.
/// That rate is carried down to ``reentryAltitudeKm`` in proportion to the density of a static exponential
/// atmosphere (CIRA-72 reference densities and scale heights), and the fall is integrated in 0.5 km steps from
/// the last set's altitude. The window widens the rate by the larger of ``minimumRelativeUncertainty`` and the
/// disagreement between the two halves of the fit (solar activity changes drag by tens of percent in days).
public struct DecayPredictor: Sendable {
    /// Mean altitude taken as re-entry, km (below it the last fall takes minutes).
    public var reentryAltitudeKm: Double
    /// Span of the most recent sets used for the fit, days.
    public var fitWindowDays: Double
    /// Fewest sets the fit needs (older ones are added if the window holds fewer).
    public var minimumSetCount: Int
    /// Smallest relative uncertainty of the decay rate used for the window.
    public var minimumRelativeUncertainty: Double

    /// Creates a predictor.
    public init(reentryAltitudeKm: Double = 120, fitWindowDays: Double = 10, minimumSetCount: Int = 5,
                minimumRelativeUncertainty: Double = 0.25) {
        self.reentryAltitudeKm = reentryAltitudeKm
        self.fitWindowDays = fitWindowDays
        self.minimumSetCount = minimumSetCount
        self.minimumRelativeUncertainty = minimumRelativeUncertainty
    }

    /// Predictions for every object in `sets` that is decaying, and the reasons for the others.
    public func predictions(for sets: [ElementSet], before cutoff: Instant? = nil)
        -> [Result<DecayPrediction, DecayPredictionError>]
    {
        ElementHistory.histories(from: sets).map { history in
            Result { () throws(DecayPredictionError) -> DecayPrediction in try predict(history, before: cutoff) }
        }
    }

    /// Predicts the re-entry of one object using only sets with epochs at or before `cutoff` (all if `nil`).
    public func predict(_ history: ElementHistory, before cutoff: Instant? = nil) throws(DecayPredictionError)
        -> DecayPrediction
    {
        let number = history.catalogNumber
        let usable = history.elementSets.filter { cutoff == nil || $0.epoch <= cutoff ?? $0.epoch }
        guard let last = usable.last else { throw DecayPredictionError(catalogNumber: number, reason: "no element sets") }
        var recent = usable.filter { last.epoch.seconds(since: $0.epoch) <= fitWindowDays * 86_400 }
        if recent.count < minimumSetCount { recent = Array(usable.suffix(minimumSetCount)) }
        guard recent.count >= 3 else {
            throw DecayPredictionError(catalogNumber: number, reason: "fewer than 3 element sets")
        }
        let origin = last.epoch
        let days = recent.map { $0.epoch.seconds(since: origin) / 86_400 }
        let a = recent.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        guard let whole = Self.line(days, a), whole.slope < 0 else {
            throw DecayPredictionError(catalogNumber: number, reason: "the semi-major axis is not decreasing")
        }
        // Rate at the fit's mean altitude, carried to the last altitude by the density ratio.
        let meanDay = days.reduce(0, +) / Double(days.count)
        let fitAltitude = whole.intercept + whole.slope * meanDay - Earth.radiusKm
        let lastAltitude = (a.last ?? whole.intercept) - Earth.radiusKm
        guard lastAltitude > reentryAltitudeKm else {
            throw DecayPredictionError(catalogNumber: number, reason: "already below the re-entry altitude")
        }
        let rateAtFit = whole.slope
        let lastRate = rateAtFit * Atmosphere.density(altitudeKm: lastAltitude) / Atmosphere.density(altitudeKm: fitAltitude)
        // Spread: rates of the two halves, each carried to the fit altitude.
        var relative = minimumRelativeUncertainty
        let half = days.count / 2
        if half >= 2, days.count - half >= 2,
           let early = Self.line(Array(days[..<half]), Array(a[..<half])),
           let late = Self.line(Array(days[half...]), Array(a[half...])) {
            func normalised(_ fit: (intercept: Double, slope: Double), _ range: ArraySlice<Double>) -> Double {
                let mid = range.reduce(0, +) / Double(range.count)
                let altitude = fit.intercept + fit.slope * mid - Earth.radiusKm
                return fit.slope * Atmosphere.density(altitudeKm: fitAltitude) / Atmosphere.density(altitudeKm: altitude)
            }
            let r1 = normalised(early, days[..<half]), r2 = normalised(late, days[half...])
            relative = max(relative, min(0.9, abs(r1 - r2) / abs(rateAtFit)))
        }
        let central = fallDays(from: lastAltitude, rateKmPerDay: lastRate)
        let fast = fallDays(from: lastAltitude, rateKmPerDay: lastRate * (1 + relative))
        let slow = fallDays(from: lastAltitude, rateKmPerDay: lastRate * (1 - relative))
        let first = recent[0].epoch.iso8601(fractionDigits: 0).prefix(10)
        let lastText = last.epoch.iso8601(fractionDigits: 0).prefix(10)
        return DecayPrediction(
            catalogNumber: number,
            predictedReentry: origin.adding(seconds: central * 86_400),
            windowStart: origin.adding(seconds: fast * 86_400),
            windowEnd: origin.adding(seconds: slow * 86_400),
            basis: "\(recent.count) element sets \(first)…\(lastText), semi-major-axis fit, exponential atmosphere to \(Int(reentryAltitudeKm)) km",
            elementSetCount: recent.count,
            lastEpoch: origin,
            lastAltitudeKm: lastAltitude,
            decayRateKmPerDay: lastRate)
    }

    /// Days to fall from `altitude` to the re-entry altitude when the rate there is `rate` (negative) and scales
    /// with density below.
    func fallDays(from altitude: Double, rateKmPerDay rate: Double) -> Double {
        let reference = Atmosphere.density(altitudeKm: altitude)
        var h = altitude
        var total = 0.0
        let step = 0.5
        while h > reentryAltitudeKm {
            let next = max(reentryAltitudeKm, h - step)
            let mid = 0.5 * (h + next)
            let localRate = abs(rate) * Atmosphere.density(altitudeKm: mid) / reference
            total += (h - next) / localRate
            h = next
            if total > 365_000 { break }
        }
        return total
    }

    /// Least-squares line; `nil` when the times do not spread.
    static func line(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double)? {
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - mx) * (xi - mx)
            sxy += (xi - mx) * (yi - my)
        }
        guard sxx > 1e-8 else { return nil }
        let slope = sxy / sxx
        return (my - slope * mx, slope)
    }
}

/// Static exponential atmosphere: reference densities (kg/m³) and scale heights (km) of CIRA-72 by altitude band.
enum Atmosphere {
    static let bands: [(base: Double, density: Double, scale: Double)] = [
        (0, 1.225, 7.249), (25, 3.899e-2, 6.349), (30, 1.774e-2, 6.682), (40, 3.972e-3, 7.554),
        (50, 1.057e-3, 8.382), (60, 3.206e-4, 7.714), (70, 8.770e-5, 6.549), (80, 1.905e-5, 5.799),
        (90, 3.396e-6, 5.382), (100, 5.297e-7, 5.877), (110, 9.661e-8, 7.263), (120, 2.438e-8, 9.473),
        (130, 8.484e-9, 12.636), (140, 3.845e-9, 16.149), (150, 2.070e-9, 22.523), (180, 5.464e-10, 29.740),
        (200, 2.789e-10, 37.105), (250, 7.248e-11, 45.546), (300, 2.418e-11, 53.628), (350, 9.518e-12, 53.298),
        (400, 3.725e-12, 58.515), (450, 1.585e-12, 60.828), (500, 6.967e-13, 63.822), (600, 1.454e-13, 71.835),
        (700, 3.614e-14, 88.667), (800, 1.170e-14, 124.64), (900, 5.245e-15, 181.05), (1000, 3.019e-15, 268.00),
    ]

    static func density(altitudeKm h: Double) -> Double {
        var band = bands[0]
        for candidate in bands where candidate.base <= h { band = candidate }
        return band.density * exp(-(h - band.base) / band.scale)
    }
}
