import Foundation

/// How late the along-track kink fits of one object place burns, learnt from the object's own small in-plane
/// manoeuvres that the other signals (steps, steps absorbed over several issues, excursions) found and timed by the
/// along-track crossing of the sets either side.
///
/// Sets issued after a burn may blend the old orbit with the new one for a day or more; how much depends on how the
/// catalogue fitted them, which changed over the decades: Jason-2's kink fits placed its steps about a day late until
/// 2012 and on time from 2013, TOPEX's (1992–2004) 15–22 hours late, CryoSat-2's and Sentinel-3A's within two hours.
/// The kink fit at each timed step measures it, and a kink is timed with the median lateness of the
/// ``nearestCalibrations`` nearest steps.
struct KinkTimingCalibration: Sendable {
    /// One calibrating step: its day (since the history's first set) and how late the fit placed it, days.
    struct Point: Sendable {
        /// Day of the step as its own signal timed it.
        var day: Double
        /// The fit's burn day minus ``day``.
        var lateDays: Double
    }

    /// Calibrations of the short fit.
    var short: [Point] = []
    /// Calibrations of the long fit.
    var long: [Point] = []

    /// Most steps whose lateness is averaged for one kink (the nearest in time).
    static let nearestCalibrations = 7
    /// Largest standard error of a fit's burn time for it to calibrate, days (six hours).
    static let maximumStandardErrorDays = 0.25
    /// Largest in-plane Δv of a calibrating step, m/s: the fits of larger orbit changes are not the small kinks timed.
    static let maximumDeltaVMetresPerSecond = 0.1
    /// Largest lateness a calibration may show, days (a fit further off timed another burn).
    static let maximumLateDays = 3.0

    /// No correction.
    init() {}

    /// The calibration of `short` and `long` (the fits before every set of `scan`) by the in-plane manoeuvres in
    /// `found`. For each, the fit read is the higher-scoring of the gap the manoeuvre lies in and the next one (a set
    /// issued soon after a burn may still show the old orbit).
    init(scan: ManoeuvreScan, short shortFits: [AlongTrackKink], long longFits: [AlongTrackKink],
         found: [Manoeuvre]) {
        for manoeuvre in found
        where manoeuvre.kind == .inPlane && manoeuvre.deltaVMetresPerSecond < Self.maximumDeltaVMetresPerSecond {
            let day = manoeuvre.time.seconds(since: scan.start) / 86_400
            guard let i = scan.days.firstIndex(where: { $0 > day }), i + 1 < scan.count else { continue }
            func point(_ fits: [AlongTrackKink]) -> Point? {
                let fit = fits[i + 1].score > fits[i].score ? fits[i + 1] : fits[i]
                guard fit.burnDay.isFinite, fit.burnDayStandardError <= Self.maximumStandardErrorDays,
                      abs(fit.burnDay - day) < Self.maximumLateDays else { return nil }
                return Point(day: day, lateDays: fit.burnDay - day)
            }
            if let p = point(shortFits) { short.append(p) }
            if let p = point(longFits) { long.append(p) }
        }
    }

    /// How late the short (or, with `long`, the long) fit places a burn near `day`, days: the median over the
    /// ``nearestCalibrations`` calibrations nearest in time; 0 without any.
    func lateDays(near day: Double, long isLong: Bool) -> Double {
        let points = isLong ? long : short
        let nearest = points.sorted { abs($0.day - day) < abs($1.day - day) }.prefix(Self.nearestCalibrations)
        return Robust.median(nearest.map(\.lateDays)) ?? 0
    }
}
