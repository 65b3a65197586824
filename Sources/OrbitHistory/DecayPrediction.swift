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
/// The fall must exceed ``significance`` times the rate's standard error (otherwise the sets show scatter, or a
/// station-kept orbit, not decay). That rate is carried down to ``reentryAltitudeKm`` in proportion to the density
/// of a static exponential atmosphere (CIRA-72 reference densities and scale heights), and the fall is integrated
/// from the last set's altitude in steps of a twentieth of the local scale height (at least 0.5 km). The window
/// widens the rate by the largest of ``minimumRelativeUncertainty``, the disagreement between the two halves of the
/// fit (solar activity changes drag by tens of percent in days) and twice the rate's relative standard error.
///
/// The model treats the orbit as near-circular. For an eccentric one (e ≥ 0.1: transfer-orbit stages and their
/// debris) the basis says the date is a rough guide: drag acts near its perigee, which lunisolar perturbations move.
///
/// A history with fewer than three sets in its last ``maximumFitSpanDays`` is predicted from its last set's
/// mean-motion derivative instead (see ``predict(fromDerivativeOf:)``), so one catalog snapshot is enough for a
/// forecast.
///
/// A burn that raised the orbit breaks the trend: when ``manoeuvreDetector`` finds one among the sets the fit would
/// use (in-plane, raising the semi-major axis by more than ``significance`` times the sets' scatter from one to the
/// next), the fit starts at the first set after it, and needs ``minimumDaysAfterManoeuvre`` of sets there (the
/// first sets after a burn still settle). Burns that lowered the orbit only hasten the decay and are left in the fit.
///
/// A trend of days says nothing about re-entries decades away (the solar cycle alone changes drag tenfold), so a
/// predicted re-entry beyond ``horizonYears`` is reported as that, not as a date; a window that reaches beyond the
/// horizon ends at it, and the basis says so.
public struct DecayPredictor: Sendable {
    /// Mean altitude taken as re-entry, km (below it the last fall takes minutes).
    public var reentryAltitudeKm: Double
    /// Span of the most recent sets used for the fit, days.
    public var fitWindowDays: Double
    /// Fewest sets the fit needs (older ones are added if the window holds fewer, back to ``maximumFitSpanDays``).
    public var minimumSetCount: Int
    /// Oldest set a fit reaches back to, days before the last: a trend across a longer gap in the history (in which
    /// a station may have been reboosted several times) says nothing about the decay now.
    public var maximumFitSpanDays: Double
    /// Smallest relative uncertainty of the decay rate used for the window.
    public var minimumRelativeUncertainty: Double
    /// How many standard errors the fitted fall of the semi-major axis must exceed.
    public var significance: Double
    /// Farthest re-entry predicted as a date, years after the last set.
    public var horizonYears: Double
    /// Finds the burns that restart the fit (`nil`: fit across them).
    public var manoeuvreDetector: ManoeuvreDetector?
    /// Shortest span of sets after a raising burn that a fit is made from, days.
    public var minimumDaysAfterManoeuvre: Double
    /// Relative uncertainty of the decay rate of a prediction from one set's mean-motion derivative.
    public var singleSetRelativeUncertainty: Double
    /// Eccentricity from which a prediction's basis says its date is a rough guide: the mean-altitude model
    /// carries such orbits down by their mean altitude, far above the perigee where drag acts (from the 2022-07-14
    /// snapshot, the dates before 2023-10-09 it gave such objects with perigee below 600 km were right for one in
    /// five).
    static let eccentricOrbitEccentricity = 0.1
    /// Perigee height above which no re-entry is predicted, km: drag there changes an orbit over centuries (the
    /// exponential atmosphere's top band starts at 1,000 km), so a falling semi-major axis is a manoeuvre or
    /// lunisolar and resonance effects (a geostationary satellite drifting off station falls by kilometres a day).
    static let dragCeilingKm = 2_000.0
    /// Days of sets before the fit window the manoeuvre detector is given (it measures the object's noise there).
    static let manoeuvreContextDays = 120.0

    /// Creates a predictor.
    public init(reentryAltitudeKm: Double = 120, fitWindowDays: Double = 10, minimumSetCount: Int = 5,
                maximumFitSpanDays: Double = 30,
                minimumRelativeUncertainty: Double = 0.25, significance: Double = 3, horizonYears: Double = 25,
                manoeuvreDetector: ManoeuvreDetector? = ManoeuvreDetector(),
                minimumDaysAfterManoeuvre: Double = 2, singleSetRelativeUncertainty: Double = 0.5) {
        self.reentryAltitudeKm = reentryAltitudeKm
        self.fitWindowDays = fitWindowDays
        self.minimumSetCount = minimumSetCount
        self.maximumFitSpanDays = maximumFitSpanDays
        self.minimumRelativeUncertainty = minimumRelativeUncertainty
        self.significance = significance
        self.horizonYears = horizonYears
        self.manoeuvreDetector = manoeuvreDetector
        self.minimumDaysAfterManoeuvre = minimumDaysAfterManoeuvre
        self.singleSetRelativeUncertainty = singleSetRelativeUncertainty
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
        if recent.count < minimumSetCount {
            recent = usable.suffix(minimumSetCount).filter { last.epoch.seconds(since: $0.epoch) <= maximumFitSpanDays * 86_400 }
        }
        guard recent.count >= 3 else { return try predict(fromDerivativeOf: last) }
        var sinceRaise = ""
        if let raise = lastRaise(in: usable, fitted: recent) {
            recent = try sets(of: recent, after: raise)
            sinceRaise = " (after the raise of \(raise.time.iso8601(fractionDigits: 0).prefix(10)))"
        }
        let origin = last.epoch
        let days = recent.map { $0.epoch.seconds(since: origin) / 86_400 }
        let a = recent.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        guard let whole = Self.line(days, a), whole.slope < 0 else {
            throw DecayPredictionError(catalogNumber: number, reason: "the semi-major axis is not decreasing")
        }
        guard whole.slope < -significance * whole.slopeError else {
            throw DecayPredictionError(
                catalogNumber: number,
                reason: "the semi-major axis falls by \(Self.readable(-whole.slope * 1000)) ± "
                    + "\(Self.readable(whole.slopeError * 1000)) m/day, within \(Self.readable(significance)) standard "
                    + "errors of no decay")
        }
        // Rate at the fit's mean altitude, carried to the last altitude by the density ratio.
        let meanDay = days.reduce(0, +) / Double(days.count)
        let fitAltitude = whole.intercept + whole.slope * meanDay - Earth.radiusKm
        let lastAltitude = (a.last ?? whole.intercept) - Earth.radiusKm
        let lastRate = whole.slope * Atmosphere.density(altitudeKm: lastAltitude)
            / Atmosphere.density(altitudeKm: fitAltitude)
        let relative = relativeUncertainty(days: days, semiMajorAxesKm: a, fit: whole, fitAltitudeKm: fitAltitude)
        let first = recent[0].epoch.iso8601(fractionDigits: 0).prefix(10)
        let lastText = last.epoch.iso8601(fractionDigits: 0).prefix(10)
        return try prediction(
            for: number, from: last, altitudeKm: lastAltitude, rateKmPerDay: lastRate, relativeUncertainty: relative,
            setCount: recent.count,
            basis: "\(recent.count) element sets \(first)…\(lastText)\(sinceRaise), semi-major-axis fit")
    }

    /// The sets of `fitted` from the first that shows `raise` on, or why they are too few for a trend.
    func sets(of fitted: [ElementSet], after raise: Manoeuvre) throws(DecayPredictionError) -> [ElementSet] {
        let after = fitted.filter { $0.epoch >= raise.followingEpoch }
        let span = after.last.map { $0.epoch.seconds(since: raise.followingEpoch) / 86_400 } ?? 0
        guard after.count >= 3, span >= minimumDaysAfterManoeuvre else {
            throw DecayPredictionError(
                catalogNumber: raise.catalogNumber,
                reason: "the orbit was raised on \(raise.time.iso8601(fractionDigits: 0)) (Δv "
                    + "\(Self.readable(raise.deltaVMetresPerSecond)) m/s), and the element sets since (\(after.count)) "
                    + "span \(Self.readable(span)) days; a trend needs 3 sets over "
                    + "\(Self.readable(minimumDaysAfterManoeuvre)) days")
        }
        return after
    }

    /// Relative uncertainty of a fitted decay rate: the largest of ``minimumRelativeUncertainty``, the disagreement
    /// of the two halves' rates (each carried to the fit's altitude) and twice the rate's relative standard error,
    /// at most 0.9.
    func relativeUncertainty(days: [Double], semiMajorAxesKm a: [Double],
                             fit: (intercept: Double, slope: Double, slopeError: Double),
                             fitAltitudeKm fitAltitude: Double) -> Double {
        var relative = max(minimumRelativeUncertainty, min(0.9, 2 * fit.slopeError / abs(fit.slope)))
        let half = days.count / 2
        if half >= 2, days.count - half >= 2,
           let early = Self.line(Array(days[..<half]), Array(a[..<half])),
           let late = Self.line(Array(days[half...]), Array(a[half...])) {
            func carried(_ part: (intercept: Double, slope: Double, slopeError: Double), _ range: ArraySlice<Double>)
                -> Double
            {
                let mid = range.reduce(0, +) / Double(range.count)
                let altitude = part.intercept + part.slope * mid - Earth.radiusKm
                return part.slope * Atmosphere.density(altitudeKm: fitAltitude) / Atmosphere.density(altitudeKm: altitude)
            }
            let r1 = carried(early, days[..<half]), r2 = carried(late, days[half...])
            relative = max(relative, min(0.9, abs(r1 - r2) / abs(fit.slope)))
        }
        return relative
    }

    /// The prediction from one set alone (a history of fewer than three): the decay rate of the semi-major axis
    /// from the set's mean-motion derivative, da/dt = −(2/3)·a·(dn/dt)/n with dn/dt twice the published ṅ/2 (what
    /// the producer's orbit determination measured), and ``singleSetRelativeUncertainty`` for the window.
    public func predict(fromDerivativeOf set: ElementSet) throws(DecayPredictionError) -> DecayPrediction {
        let number = set.catalogNumber
        let meanMotionDot = 2 * set.meanMotionDotRevPerDay2
        guard meanMotionDot.isFinite, set.meanMotionRevPerDay > 0 else {
            throw DecayPredictionError(catalogNumber: number, reason: "the element set's mean motion is not usable")
        }
        guard meanMotionDot > 0 else {
            throw DecayPredictionError(
                catalogNumber: number,
                reason: "fewer than 3 element sets, and the last one's mean-motion derivative (ṅ/2 = "
                    + "\(set.meanMotionDotRevPerDay2) rev/day²) shows no decay")
        }
        let a = Earth.semiMajorAxisKm(meanMotionRevPerDay: set.meanMotionRevPerDay)
        let rate = -2.0 / 3.0 * a * meanMotionDot / set.meanMotionRevPerDay
        let day = set.epoch.iso8601(fractionDigits: 0).prefix(10)
        return try prediction(
            for: number, from: set, altitudeKm: a - Earth.radiusKm, rateKmPerDay: rate,
            relativeUncertainty: singleSetRelativeUncertainty, setCount: 1,
            basis: "the element set of \(day) alone, its mean-motion derivative "
                + "(ṅ/2 = \(set.meanMotionDotRevPerDay2) rev/day²)")
    }

    /// The re-entry and window from a decay rate at the last set's altitude, or why there is none.
    func prediction(for number: CatalogNumber, from last: ElementSet, altitudeKm lastAltitude: Double,
                    rateKmPerDay lastRate: Double, relativeUncertainty relative: Double, setCount: Int,
                    basis: String) throws(DecayPredictionError) -> DecayPrediction {
        guard lastAltitude > reentryAltitudeKm else {
            throw DecayPredictionError(catalogNumber: number, reason: "already below the re-entry altitude")
        }
        // Above the atmosphere's reach a falling semi-major axis is a manoeuvre or a gravitational effect, not drag.
        let perigeeKm = Earth.semiMajorAxisKm(meanMotionRevPerDay: last.meanMotionRevPerDay) * (1 - last.eccentricity)
            - Earth.radiusKm
        guard perigeeKm <= Self.dragCeilingKm else {
            throw DecayPredictionError(
                catalogNumber: number,
                reason: "its perigee (\(Self.readable(perigeeKm)) km) is above \(Self.readable(Self.dragCeilingKm)) km, "
                    + "where drag takes centuries; the fall of \(Self.readable(-lastRate * 1000)) m/day is not decay")
        }
        let horizonDays = horizonYears * 365.25
        let central = fallDays(from: lastAltitude, rateKmPerDay: lastRate, atMostDays: horizonDays)
        guard central.isFinite else {
            throw DecayPredictionError(
                catalogNumber: number,
                reason: "re-entry is more than \(Self.readable(horizonYears)) years away at the current decay "
                    + "(\(Self.readable(-lastRate * 1000)) m/day at \(Self.readable(lastAltitude)) km)")
        }
        let fast = fallDays(from: lastAltitude, rateKmPerDay: lastRate * (1 + relative), atMostDays: horizonDays)
        let slow = fallDays(from: lastAltitude, rateKmPerDay: lastRate * (1 - relative), atMostDays: horizonDays)
        let openEnd = slow.isFinite
            ? "" : "; the window's end lies beyond \(Self.readable(horizonYears)) years and is shown there"
        let eccentric = last.eccentricity >= Self.eccentricOrbitEccentricity
            ? "; the orbit is eccentric (e = \(Self.readable(last.eccentricity))): drag acts near perigee, which "
                + "lunisolar perturbations move, and this mean-altitude model follows neither, so the date is a "
                + "rough guide"
            : ""
        let origin = last.epoch
        return DecayPrediction(
            catalogNumber: number,
            predictedReentry: origin.adding(seconds: central * 86_400),
            windowStart: origin.adding(seconds: fast * 86_400),
            windowEnd: origin.adding(seconds: (slow.isFinite ? slow : horizonDays) * 86_400),
            basis: "\(basis), exponential atmosphere to \(Int(reentryAltitudeKm)) km\(openEnd)\(eccentric)",
            elementSetCount: setCount,
            lastEpoch: origin,
            lastAltitudeKm: lastAltitude,
            decayRateKmPerDay: lastRate)
    }

    /// The latest in-plane burn first shown by one of the `fitted` sets (after the first) that raised the orbit by
    /// more than ``significance`` times their scatter: the median absolute deviation of the changes of the
    /// semi-major axis from one set to the next, as a standard deviation of one set (a step leaves the median alone).
    func lastRaise(in sets: [ElementSet], fitted: [ElementSet]) -> Manoeuvre? {
        guard let detector = manoeuvreDetector, let first = fitted.first, let last = sets.last else { return nil }
        let a = fitted.map { Earth.semiMajorAxisKm(meanMotionRevPerDay: $0.meanMotionRevPerDay) }
        let scatter = (Robust.sigma(zip(a.dropFirst(), a).map { $0 - $1 }) ?? 0) / 2.0.squareRoot()
        let context = first.epoch.adding(seconds: -Self.manoeuvreContextDays * 86_400)
        let tail = sets.filter { $0.epoch >= context }
        return detector.manoeuvres(in: ElementHistory(catalogNumber: last.catalogNumber, elementSets: tail))
            .last { manoeuvre in
                manoeuvre.kind == .inPlane && manoeuvre.followingEpoch > first.epoch
                    && manoeuvre.semiMajorAxisChangeKm > significance * scatter
            }
    }

    /// Days to fall from `altitude` to the re-entry altitude when the rate there is `rate` (negative) and scales
    /// with density below; infinity when the fall takes longer than `limit` days.
    func fallDays(from altitude: Double, rateKmPerDay rate: Double, atMostDays limit: Double) -> Double {
        let reference = Atmosphere.density(altitudeKm: altitude)
        var h = altitude
        var total = 0.0
        while h > reentryAltitudeKm {
            // Steps of a twentieth of the local scale height, at least 0.5 km (the midpoint rule's error is then
            // about 1e-4 of each step's time).
            let next = max(reentryAltitudeKm, h - max(0.5, Atmosphere.scaleHeightKm(altitudeKm: h) / 20))
            let mid = 0.5 * (h + next)
            let localRate = abs(rate) * Atmosphere.density(altitudeKm: mid) / reference
            total += (h - next) / localRate
            h = next
            if !(total <= limit) { return .infinity }
        }
        return total
    }

    /// A number for a reason text: whole numbers as such, others to about three significant digits, no exponent.
    static func readable(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        let magnitude = abs(value)
        let digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3
        return String(format: "%.\(digits)f", value)
    }

    /// Least-squares line and the standard error of its slope (infinite with only two points); `nil` when the times
    /// do not spread.
    static func line(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double, slopeError: Double)? {
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
        let intercept = my - slope * mx
        guard x.count > 2 else { return (intercept, slope, .infinity) }
        var squares = 0.0
        for (xi, yi) in zip(x, y) {
            let residual = yi - (intercept + slope * xi)
            squares += residual * residual
        }
        return (intercept, slope, (squares / (n - 2) / sxx).squareRoot())
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

    /// The band an altitude lies in (the highest base at or below it).
    static func band(altitudeKm h: Double) -> (base: Double, density: Double, scale: Double) {
        var band = bands[0]
        for candidate in bands where candidate.base <= h { band = candidate }
        return band
    }

    static func scaleHeightKm(altitudeKm h: Double) -> Double { band(altitudeKm: h).scale }

    static func density(altitudeKm h: Double) -> Double {
        let band = band(altitudeKm: h)
        return band.density * exp(-(h - band.base) / band.scale)
    }
}
