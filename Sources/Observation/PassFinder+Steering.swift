internal import Astrodynamics

// MARK: - Steering refinements with an interpolated trajectory

/// First guesses for the refinements from the object's trajectory interpolated between two SGP4 samples.
///
/// Elevation is sharply peaked around a culmination (it changes on the time scale range/speed, about two
/// minutes for a low orbit), so a polynomial model of the elevation margin itself between samples a short step
/// apart (an eighth of a period) misses roots and maxima by several seconds, and most refinements needed a
/// second SGP4 evaluation. The position changes on the orbital time scale instead: the quintic Hermite
/// interpolant of the Earth-fixed position (SGP4 positions and velocities at both samples, two-body + J2
/// accelerations with the rotating-frame terms) is within about h⁶ ω⁶ r / 46 080 of the arc (some tens of
/// metres at h = 764 s in low orbit), so the margin and its rates evaluated on it place a rise, set or
/// culmination within a few hundredths of a second.
///
/// The interpolant only *steers*: its root or maximum is where the refinement takes its first SGP4
/// evaluation, and the refinement's own bracket, steps and stopping rules decide from SGP4 values alone, so a
/// poor interpolant (for example SGP4 velocities that are not the rate of its positions, on decaying objects)
/// costs evaluations, never accuracy.
extension PassSearchContext {
    /// The quintic Hermite interpolant of the Earth-fixed position between two samples (positions, velocities
    /// and accelerations at both ends), in power form on u = (t − t₀)/h.
    struct TrajectoryInterpolant {
        var t0: Double
        var h: Double
        var c0: Vector3, c1: Vector3, c2: Vector3, c3: Vector3, c4: Vector3, c5: Vector3

        init(_ a: PassSample, _ accelerationA: Vector3, _ b: PassSample, _ accelerationB: Vector3) {
            t0 = a.t
            h = b.t - a.t
            let m0 = h * a.vi, m1 = h * b.vi
            let k0 = (h * h) * accelerationA, k1 = (h * h) * accelerationB
            // Coefficients from the end conditions at u = 1: with D = Δp − m0 − k0/2, E = m1 − m0 − k0,
            // F = k1 − k0: c3 = 10D − 4E + F/2, c4 = −15D + 7E − F, c5 = 6D − 3E + F/2.
            let d = (b.ri - a.ri) - m0 - 0.5 * k0
            let e = m1 - m0 - k0
            let f = k1 - k0
            c0 = a.ri
            c1 = m0
            c2 = 0.5 * k0
            c3 = 10 * d - 4 * e + 0.5 * f
            c4 = 7 * e - 15 * d - f
            c5 = 6 * d - 3 * e + 0.5 * f
        }

        /// Earth-fixed position (km), velocity (km/s) and acceleration (km/s²) at `t`.
        @inline(__always)
        func state(_ t: Double) -> (Vector3, Vector3, Vector3) {
            let u = (t - t0) / h
            let p = c0 + u * (c1 + u * (c2 + u * (c3 + u * (c4 + u * c5))))
            let d = c1 + u * (2 * c2 + u * (3 * c3 + u * (4 * c4 + u * 5 * c5)))
            let s = 2 * c2 + u * (6 * c3 + u * (12 * c4 + u * 20 * c5))
            return (p, (1 / h) * d, (1 / (h * h)) * s)
        }
    }

    /// The elevation margin g = sin el − sin threshold and its first two time derivatives on the interpolant.
    @inline(__always)
    func interpolatedMargin(_ path: TrajectoryInterpolant, _ t: Double) -> (g: Double, f1: Double, f2: Double) {
        let (ri, vi, ai) = path.state(t)
        let rho = ri - site.itrsKm
        let p = rho.dot(site.up), pdot = vi.dot(site.up), pddot = ai.dot(site.up)
        let r2 = rho.dot(rho)
        let range = r2.squareRoot()
        let q = rho.dot(vi)
        let r3 = r2 * range
        let g = p / range - sinThreshold
        let f1 = (pdot * r2 - p * q) / r3
        let f2 = pddot / range - (2 * pdot * q + p * (vi.dot(vi) + rho.dot(ai))) / r3 + 3 * p * q * q / (r3 * r2)
        return (g, f1, f2)
    }

    /// The root of the interpolated margin in the bracket `[a.t, b.t]` (signs of `a.g` and `b.g` differ),
    /// by safeguarded Halley-type steps from `start`; `start` itself when the iteration does not settle.
    func steeredCrossing(_ a: PassSample, _ accelerationA: Vector3, _ b: PassSample, _ accelerationB: Vector3,
                         start: Double) -> Double {
        let path = TrajectoryInterpolant(a, accelerationA, b, accelerationB)
        var lo = a.g < 0 ? a.t : b.t, hi = a.g < 0 ? b.t : a.t
        var x = start
        for _ in 0..<3 {
            let (f, f1, f2) = interpolatedMargin(path, x)
            guard f.isFinite, f1.isFinite, f2.isFinite, f1 != 0 else { return start }
            if f < 0 { lo = x } else { hi = x }
            var step = -f / f1
            let disc = f1 * f1 - 2 * f * f2
            if disc >= 0 { step = -2 * f / (f1 + (f1 > 0 ? 1 : -1) * disc.squareRoot()) }
            var next = x + step
            if !(next > min(lo, hi) && next < max(lo, hi)) { next = 0.5 * (lo + hi) }
            // A Halley step from within a second leaves an error of order 1e−5 s: no need to check it.
            if abs(next - x) < 1 { return next }
            x = next
        }
        return x
    }

    /// The maximum or minimum of the interpolated margin in `[a.t, b.t]` (rates of `a` and `b` of opposite
    /// signs), by safeguarded Newton steps on its rate from `start`.
    func steeredExtremum(_ a: PassSample, _ accelerationA: Vector3, _ b: PassSample, _ accelerationB: Vector3,
                         start: Double) -> Double {
        let path = TrajectoryInterpolant(a, accelerationA, b, accelerationB)
        var lo = a.fdot < 0 ? a.t : b.t, hi = a.fdot < 0 ? b.t : a.t
        var x = start
        for _ in 0..<3 {
            let (_, f1, f2) = interpolatedMargin(path, x)
            guard f1.isFinite, f2.isFinite, f2 != 0 else { return start }
            if f1 < 0 { lo = x } else { hi = x }
            var next = x - f1 / f2
            if !(next > min(lo, hi) && next < max(lo, hi)) { next = 0.5 * (lo + hi) }
            // A Newton step from within 0.2 s leaves an error of order 1e−4 s.
            if abs(next - x) < 0.2 { return next }
            x = next
        }
        return x
    }
}
