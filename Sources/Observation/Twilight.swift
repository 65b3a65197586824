public import Astrodynamics

/// The phase of daylight at a site, from the geometric elevation of the Sun's centre (apparent Sun, no
/// refraction).
///
/// | state | Sun elevation h |
/// | --- | --- |
/// | ``day`` | h ≥ −0.833° (sunrise/sunset: 34′ refraction + 16′ semidiameter) |
/// | ``civilTwilight`` | −6° ≤ h < −0.833° |
/// | ``nauticalTwilight`` | −12° ≤ h < −6° |
/// | ``astronomicalTwilight`` | −18° ≤ h < −12° |
/// | ``night`` | h < −18° |
public enum TwilightState: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// The Sun is up.
    case day
    /// Sun between sunset and −6°.
    case civilTwilight
    /// Sun between −6° and −12°.
    case nauticalTwilight
    /// Sun between −12° and −18°.
    case astronomicalTwilight
    /// Sun below −18°.
    case night

    /// The state for a Sun elevation in degrees.
    public init(sunElevationDeg h: Double) {
        if h >= TwilightBoundary.sunriseSunset.sunElevationDeg { self = .day }
        else if h >= TwilightBoundary.civil.sunElevationDeg { self = .civilTwilight }
        else if h >= TwilightBoundary.nautical.sunElevationDeg { self = .nauticalTwilight }
        else if h >= TwilightBoundary.astronomical.sunElevationDeg { self = .astronomicalTwilight }
        else { self = .night }
    }

    /// Darker states compare greater (day < civil < nautical < astronomical < night).
    public static func < (a: TwilightState, b: TwilightState) -> Bool { a.rawValue < b.rawValue }
}

/// A Sun elevation that separates two ``TwilightState``s.
public enum TwilightBoundary: Sendable, Hashable, CaseIterable {
    /// Sunrise and sunset, −0.833°.
    case sunriseSunset
    /// Civil twilight, −6°.
    case civil
    /// Nautical twilight, −12°.
    case nautical
    /// Astronomical twilight, −18°.
    case astronomical

    /// The Sun elevation of the boundary in degrees.
    public var sunElevationDeg: Double {
        switch self {
        case .sunriseSunset: return -0.833
        case .civil: return -6
        case .nautical: return -12
        case .astronomical: return -18
        }
    }
}

/// The Sun crossing a twilight boundary.
public struct TwilightEvent: Sendable, Hashable {
    /// When (to about 0.1 s).
    public var instant: Instant
    /// Which boundary.
    public var boundary: TwilightBoundary
    /// `true` when the Sun rises through the boundary (morning), `false` when it sets (evening).
    public var sunRising: Bool

    /// Creates an event.
    public init(instant: Instant, boundary: TwilightBoundary, sunRising: Bool) {
        self.instant = instant
        self.boundary = boundary
        self.sunRising = sunRising
    }
}

extension Site {
    /// The twilight state at `instant`.
    public func twilightState(at instant: Instant, earthOrientation: EarthOrientation = .zero) -> TwilightState {
        TwilightState(sunElevationDeg: sunLookAngles(at: instant, earthOrientation: earthOrientation).elevationDeg)
    }

    /// Every crossing of the given twilight boundaries by the Sun in `[start, end]`, in time order.
    ///
    /// Uses ``EventSearch`` on the Sun's elevation with 10-minute samples; a Sun that only grazes a boundary
    /// (polar sites) is caught by the search's extremum check.
    public func twilightEvents(from start: Instant, to end: Instant,
                               boundaries: [TwilightBoundary] = TwilightBoundary.allCases,
                               earthOrientation: EarthOrientation = .zero) -> [TwilightEvent] {
        let search = EventSearch(coarseStepSeconds: 600, toleranceSeconds: 0.1)
        var events: [TwilightEvent] = []
        for boundary in boundaries {
            let crossings = search.crossings(of: { (t: Instant) -> Double in
                self.sunLookAngles(at: t, earthOrientation: earthOrientation).elevationDeg
            }, level: boundary.sunElevationDeg, from: start, to: end)
            for c in crossings {
                events.append(TwilightEvent(instant: c.instant, boundary: boundary, sunRising: c.direction == .rising))
            }
        }
        events.sort { $0.instant < $1.instant }
        return events
    }
}
