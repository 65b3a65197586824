import Astrodynamics
import Foundation
@testable import Observation
import Testing

@Suite("Observation time tables")
struct TimeTablesTests {
    /// The tabulated TEME → Earth-fixed rotation (five-minute cos/sin grid, Taylor step, indices by reciprocal
    /// spacings) against cos/sin of GMST 1982 computed exactly from the instant, at every grid point and segment
    /// boundary (and a nanosecond either side, where an index can come out one off) and half-way between grid
    /// points (the largest Taylor step), over a two-day window and its two-hour padding.
    @Test("frames match exact GMST at grid boundaries and between them")
    func framesMatchExactGMST() {
        let origin = Instant(utc: UTCComponents(year: 2023, month: 10, day: 10))
        let span = 2 * 86_400.0
        let tables = ObservationTimeTables(origin: origin, durationSeconds: span)
        var worst = 0.0, worstNorm = 0.0
        var count = 0
        for k in stride(from: -7200.0, through: span + 7200, by: 300) {
            for t in [k - 1e-9, k, k + 1e-9, k + 149.999, k + 150, k + 150.001] {
                let theta = origin.adding(seconds: t).gmst1982Rad()
                let frame = tables.frame(secondsSinceOrigin: t)
                worst = max(worst, abs(frame.c - cos(theta)), abs(frame.s - sin(theta)))
                worstNorm = max(worstNorm, abs(frame.c * frame.c + frame.s * frame.s - 1))
                count += 1
            }
        }
        print("TIME TABLES frames: worst cos/sin difference \(worst), worst |c² + s² − 1| \(worstNorm) (n = \(count))")
        // Measured 9e−14 (rounding of the exact GMST's Julian date and of the grid); a Taylor series cut after
        // δ² would show as 2e−7, one cut after δ⁴ as 1.3e−12 at most, and an index one off as 0.02.
        #expect(worst < 1e-11)
        #expect(worstNorm < 1e-14)
    }

    /// The tabulated Sun (quadratic interpolation on three-hour anchors) against the analytic Sun computed at
    /// the instant, apparent and geometric, every 7 minutes over three days and the padding.
    @Test("interpolated Sun matches the analytic Sun")
    func sunMatchesAnalytic() {
        let origin = Instant(utc: UTCComponents(year: 2023, month: 10, day: 10))
        let span = 3 * 86_400.0
        let tables = ObservationTimeTables(origin: origin, durationSeconds: span)
        var worst = 0.0
        for t in stride(from: -7200.0, through: span + 7200, by: 420) {
            for apparent in [true, false] {
                let exact = SolarSystem.sunPositionTEME(at: origin.adding(seconds: t), apparent: apparent)
                let table = tables.sunTEME(secondsSinceOrigin: t, apparent: apparent)
                worst = max(worst, (table - exact).length / exact.length)
            }
        }
        print("TIME TABLES Sun: worst relative position difference \(worst)")
        // 1e−9 of the distance is 150 m, 2e−7° of direction; linear hourly interpolation left 6e−8.
        #expect(worst < 1e-9)
    }
}
