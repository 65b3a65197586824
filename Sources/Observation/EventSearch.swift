public import Astrodynamics
public import ElementSets

/// The direction of a zero (or level) crossing.
public enum CrossingDirection: Sendable, Hashable {
    /// The function goes from below the level to above it.
    case rising
    /// The function goes from above the level to below it.
    case falling
}

/// A time at which a function crosses a level.
public struct Crossing: Sendable, Hashable {
    /// When the crossing happens (refined to the search tolerance).
    public var instant: Instant
    /// Which way the function crosses.
    public var direction: CrossingDirection

    /// Creates a crossing.
    public init(instant: Instant, direction: CrossingDirection) {
        self.instant = instant
        self.direction = direction
    }
}

/// A local maximum or minimum of a function.
public struct Extremum: Sendable, Hashable {
    /// Whether this is a maximum or a minimum.
    public enum Kind: Sendable, Hashable {
        /// A local maximum.
        case maximum
        /// A local minimum.
        case minimum
    }

    /// When it happens (refined to the search tolerance).
    public var instant: Instant
    /// The function's value there.
    public var value: Double
    /// Maximum or minimum.
    public var kind: Kind

    /// Creates an extremum.
    public init(instant: Instant, value: Double, kind: Kind) {
        self.instant = instant
        self.value = value
        self.kind = kind
    }
}

/// A generic search for the events of a scalar function of time: level crossings (with direction) and local
/// extrema. Pass prediction uses its root finders; conjunction screening can use it on range-rate.
///
/// The function is sampled every ``coarseStepSeconds`` (choose it from the time scale of the function; for
/// orbits ``init(orbitOf:samplesPerRevolution:toleranceSeconds:maximumIterations:)`` takes a fraction of the
/// period). A sign change between samples is refined by Brent's method (inverse quadratic interpolation with
/// bisection safeguards) to ``toleranceSeconds``; a sampled local extremum (a sample above or below both
/// neighbours) is refined by Brent's parabolic minimisation. Two crossings between the same pair of samples
/// (a short excursion over the level) would show no sign change, so every sampled extremum lying on the other
/// side of the level from its neighbours is refined too, and if it crosses, the crossings on both sides of it
/// are found: short events are caught as long as the function has at most one extremum between samples.
/// Every refinement stops after ``maximumIterations`` evaluations.
public struct EventSearch: Sendable, Hashable {
    /// Spacing of the coarse samples in seconds.
    public var coarseStepSeconds: Double
    /// Refinement tolerance in seconds.
    public var toleranceSeconds: Double
    /// Maximum function evaluations per refinement.
    public var maximumIterations: Int

    /// Creates a search with an explicit coarse step.
    public init(coarseStepSeconds: Double, toleranceSeconds: Double = 1e-3, maximumIterations: Int = 100) {
        self.coarseStepSeconds = coarseStepSeconds.isFinite && coarseStepSeconds > 0 ? coarseStepSeconds : 60
        self.toleranceSeconds = toleranceSeconds.isFinite && toleranceSeconds > 0 ? toleranceSeconds : 1e-3
        self.maximumIterations = max(1, maximumIterations)
    }

    /// Creates a search whose coarse step is the orbital period of `elementSet` divided by
    /// `samplesPerRevolution`, between 1 s and one hour.
    public init(orbitOf elementSet: ElementSet, samplesPerRevolution: Int = 60, toleranceSeconds: Double = 1e-3,
                maximumIterations: Int = 100) {
        let period = elementSet.meanMotionRevPerDay > 0 ? 86_400 / elementSet.meanMotionRevPerDay : 5400
        self.init(coarseStepSeconds: min(3600, max(1, period / Double(max(1, samplesPerRevolution)))),
                  toleranceSeconds: toleranceSeconds, maximumIterations: maximumIterations)
    }

    /// Every crossing of `level` by `f` in `[start, end]`, in time order.
    public func crossings<E: Error>(of f: (Instant) throws(E) -> Double, level: Double = 0,
                                    from start: Instant, to end: Instant) throws(E) -> [Crossing] {
        let span = end.seconds(since: start)
        guard span > 0 else { return [] }
        func g(_ t: Double) throws(E) -> Double { try f(start.adding(seconds: t)) - level }
        func raw(_ t: Double) throws(E) -> Double { try f(start.adding(seconds: t)) }
        var times: [Double] = []
        var values: [Double] = []  // raw values: subtracting the level could erase tiny differences
        let steps = max(1, Int((span / coarseStepSeconds).rounded(.up)))
        for i in 0...steps {
            let t = min(span, Double(i) * span / Double(steps))
            times.append(t)
            values.append(try raw(t))
        }
        var result: [(Double, CrossingDirection)] = []
        for i in 0..<steps {
            let (a, b, fa, fb) = (times[i], times[i + 1], values[i] - level, values[i + 1] - level)
            if (fa < 0) != (fb < 0) {
                let root = try RootFinding.brent(a, fa, b, fb, tolerance: toleranceSeconds,
                                                 maximumIterations: maximumIterations, g)
                result.append((root, fa < 0 ? .rising : .falling))
            }
        }
        // Short excursions: an interior extremum on the far side of the level from both neighbours.
        if steps >= 2 {
            for i in 1..<steps {
                let (rl, rm, rr) = (values[i - 1], values[i], values[i + 1])
                // Strict on the left only, so a two-sample plateau is one extremum.
                let isMax = rm > rl && rm >= rr
                let isMin = rm < rl && rm <= rr
                guard isMax || isMin else { continue }
                let (fl, fm, fr) = (rl - level, rm - level, rr - level)
                // Only when both intervals around the sample show no sign change.
                guard (fl < 0) == (fm < 0), (fm < 0) == (fr < 0) else { continue }
                // A maximum below the level or a minimum above it could cross; the others cannot.
                guard (isMax && fm < 0) || (isMin && fm >= 0) else { continue }
                let sign: Double = isMax ? -1 : 1
                let ext = try RootFinding.brentMinimum(times[i - 1], times[i + 1], tolerance: toleranceSeconds,
                                                       maximumIterations: maximumIterations) { (t: Double) throws(E) -> Double in
                    sign * (try raw(t))
                }
                let value = sign * ext.value - level
                guard (value < 0) != (fm < 0) else { continue }
                let first = try RootFinding.brent(times[i - 1], fl, ext.x, value, tolerance: toleranceSeconds,
                                                  maximumIterations: maximumIterations, g)
                let second = try RootFinding.brent(ext.x, value, times[i + 1], fr, tolerance: toleranceSeconds,
                                                   maximumIterations: maximumIterations, g)
                result.append((first, isMax ? .rising : .falling))
                result.append((second, isMax ? .falling : .rising))
            }
        }
        result.sort { $0.0 < $1.0 }
        return result.map { Crossing(instant: start.adding(seconds: $0.0), direction: $0.1) }
    }

    /// Every interior local extremum of `f` in `[start, end]` found from the coarse samples, in time order.
    public func extrema<E: Error>(of f: (Instant) throws(E) -> Double, from start: Instant,
                                  to end: Instant) throws(E) -> [Extremum] {
        let span = end.seconds(since: start)
        guard span > 0 else { return [] }
        let steps = max(2, Int((span / coarseStepSeconds).rounded(.up)))
        var times: [Double] = []
        var values: [Double] = []
        for i in 0...steps {
            let t = min(span, Double(i) * span / Double(steps))
            times.append(t)
            values.append(try f(start.adding(seconds: t)))
        }
        var result: [Extremum] = []
        for i in 1..<steps {
            let (fl, fm, fr) = (values[i - 1], values[i], values[i + 1])
            let isMax = fm > fl && fm >= fr
            let isMin = fm < fl && fm <= fr
            guard isMax || isMin else { continue }
            let sign: Double = isMax ? -1 : 1
            let ext = try RootFinding.brentMinimum(times[i - 1], times[i + 1], tolerance: toleranceSeconds,
                                                   maximumIterations: maximumIterations) { (t: Double) throws(E) -> Double in
                sign * (try f(start.adding(seconds: t)))
            }
            result.append(Extremum(instant: start.adding(seconds: ext.x), value: sign * ext.value,
                                   kind: isMax ? .maximum : .minimum))
        }
        return result
    }

    /// The root of `f` between `a` and `b` by Brent's method, or `nil` when `f(a)` and `f(b)` have the same
    /// sign.
    public func root<E: Error>(of f: (Instant) throws(E) -> Double, between a: Instant,
                               and b: Instant) throws(E) -> Instant? {
        let span = b.seconds(since: a)
        func g(_ t: Double) throws(E) -> Double { try f(a.adding(seconds: t)) }
        let fa = try g(0), fb = try g(span)
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard (fa < 0) != (fb < 0) else { return nil }
        return a.adding(seconds: try RootFinding.brent(0, fa, span, fb, tolerance: toleranceSeconds,
                                                      maximumIterations: maximumIterations, g))
    }
}

/// One-dimensional root finding and minimisation on functions of a `Double` (seconds from some origin).
/// Shared by ``EventSearch`` and the pass finder.
@usableFromInline
enum RootFinding {
    /// Brent's root finder on a bracket `[a, b]` with `f(a)`, `f(b)` of opposite signs (Brent 1973, ch. 4:
    /// inverse quadratic / secant steps kept inside the bracket, bisection when they make too little progress).
    @inlinable
    static func brent<E: Error>(_ a0: Double, _ fa0: Double, _ b0: Double, _ fb0: Double, tolerance: Double,
                                maximumIterations: Int, _ f: (Double) throws(E) -> Double) throws(E) -> Double {
        var a = a0, b = b0, fa = fa0, fb = fb0
        if fa == 0 { return a }
        if fb == 0 { return b }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<maximumIterations {
            if (fb > 0) == (fc > 0) {
                c = a; fc = fa; d = b - a; e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol1 = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
            let xm = 0.5 * (c - b)
            if abs(xm) <= tol1 || fb == 0 { return b }
            if abs(e) >= tol1 && abs(fa) > abs(fb) {
                let s = fb / fa
                var p: Double, q: Double
                if a == c {
                    p = 2 * xm * s
                    q = 1 - s
                } else {
                    let qq = fa / fc, r = fb / fc
                    p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1))
                    q = (qq - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q }
                p = abs(p)
                if 2 * p < min(3 * xm * q - abs(tol1 * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = xm; e = d
                }
            } else {
                d = xm; e = d
            }
            a = b; fa = fb
            b += abs(d) > tol1 ? d : (xm > 0 ? tol1 : -tol1)
            fb = try f(b)
        }
        return b
    }

    /// Brent's minimiser (golden section with parabolic interpolation, Brent 1973 ch. 5) on `[a, b]`.
    @inlinable
    static func brentMinimum<E: Error>(_ a0: Double, _ b0: Double, tolerance: Double, maximumIterations: Int,
                                       _ f: (Double) throws(E) -> Double) throws(E) -> (x: Double, value: Double) {
        let golden = 0.381_966_011_250_105_1
        var a = min(a0, b0), b = max(a0, b0)
        var x = a + golden * (b - a), w = x, v = x
        var fx = try f(x), fw = fx, fv = fx
        var d = 0.0, e = 0.0
        for _ in 0..<maximumIterations {
            let xm = 0.5 * (a + b)
            let tol1 = 1e-10 * abs(x) + tolerance / 3
            let tol2 = 2 * tol1
            if abs(x - xm) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                let etemp = e
                e = d
                if !(abs(p) >= abs(0.5 * q * etemp) || p <= q * (a - x) || p >= q * (b - x)) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = xm >= x ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = x >= xm ? a - x : b - x
                d = golden * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = try f(u)
            if fu <= fx {
                if u >= x { a = x } else { b = x }
                v = w; fv = fw; w = x; fw = fx; x = u; fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; fv = fw; w = u; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            }
        }
        return (x, fx)
    }

    /// A root in `(0, h)` of the cubic Hermite interpolant with values `y0`, `y1` and derivatives `d0`, `d1` at
    /// 0 and `h` (values of opposite sign): a starting guess for refinement. Falls back to the secant root.
    @inlinable
    static func hermiteRoot(_ y0: Double, _ d0: Double, _ y1: Double, _ d1: Double, _ h: Double,
                            tolerance: Double = 1e-9) -> Double {
        let secant = h * y0 / (y0 - y1)
        guard h > 0, secant.isFinite else { return 0.5 * h }
        // Power form in s = τ/h: H(s) = y0 + m0 s + c2 s² + c3 s³.
        let m0 = d0 * h, m1 = d1 * h
        let c2 = 3 * (y1 - y0) - 2 * m0 - m1
        let c3 = 2 * (y0 - y1) + m0 + m1
        var lo = 0.0, hi = 1.0
        var x = secant / h
        if !(x > 0 && x < 1) { x = 0.5 }
        let negativeAtZero = y0 < 0
        for _ in 0..<8 {
            let value = y0 + x * (m0 + x * (c2 + x * c3))
            if (value < 0) == negativeAtZero { lo = x } else { hi = x }
            let slope = m0 + x * (2 * c2 + 3 * x * c3)
            var next = slope != 0 ? x - value / slope : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) < tolerance { x = next; break }
            x = next
        }
        return x * h
    }

    /// A root in `(0, h)` of the quintic Hermite interpolant with values `y0`, `y1`, first derivatives `d0`, `d1`
    /// and second derivatives `s0`, `s1` at 0 and `h` (values of opposite sign): a starting guess for
    /// refinement when second derivatives are known. Safeguarded Newton on the polynomial from the cubic
    /// Hermite root.
    @inlinable
    static func quinticHermiteRoot(_ y0: Double, _ d0: Double, _ s0: Double, _ y1: Double, _ d1: Double,
                                   _ s1: Double, _ h: Double, tolerance: Double = 1e-10) -> Double {
        let cubic = hermiteRoot(y0, d0, y1, d1, h, tolerance: max(tolerance, 1e-9))
        guard h > 0, s0.isFinite, s1.isFinite else { return cubic }
        // Power form in u = τ/h: y0 + m0 u + ½k0 u² + c3 u³ + c4 u⁴ + c5 u⁵.
        let m0 = d0 * h, m1 = d1 * h, k0 = s0 * h * h, k1 = s1 * h * h
        let delta = y1 - y0
        let c2 = 0.5 * k0
        let c3 = 10 * delta - 6 * m0 - 4 * m1 - 1.5 * k0 + 0.5 * k1
        let c4 = -15 * delta + 8 * m0 + 7 * m1 + 1.5 * k0 - k1
        let c5 = 6 * delta - 3 * m0 - 3 * m1 - 0.5 * k0 + 0.5 * k1
        var lo = 0.0, hi = 1.0
        var x = cubic / h
        if !(x > 0 && x < 1) { x = 0.5 }
        let negativeAtZero = y0 < 0
        for _ in 0..<10 {
            let value = y0 + x * (m0 + x * (c2 + x * (c3 + x * (c4 + x * c5))))
            if (value < 0) == negativeAtZero { lo = x } else { hi = x }
            let slope = m0 + x * (2 * c2 + x * (3 * c3 + x * (4 * c4 + x * 5 * c5)))
            var next = slope != 0 ? x - value / slope : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) < tolerance { x = next; break }
            x = next
        }
        return x * h
    }

    /// The quintic Hermite interpolant of ``quinticHermiteRoot(_:_:_:_:_:_:_:)`` in power form on u = τ/h:
    /// coefficients c0 … c5 of y(u) = Σ cₖ uᵏ.
    @inlinable
    static func quinticHermite(_ y0: Double, _ d0: Double, _ s0: Double, _ y1: Double, _ d1: Double,
                               _ s1: Double, _ h: Double) -> (Double, Double, Double, Double, Double, Double) {
        let m0 = d0 * h, m1 = d1 * h, k0 = s0 * h * h, k1 = s1 * h * h
        let delta = y1 - y0
        return (y0, m0, 0.5 * k0,
                10 * delta - 6 * m0 - 4 * m1 - 1.5 * k0 + 0.5 * k1,
                -15 * delta + 8 * m0 + 7 * m1 + 1.5 * k0 - k1,
                6 * delta - 3 * m0 - 3 * m1 - 0.5 * k0 + 0.5 * k1)
    }

    /// The stationary point in `(0, h)` of the quintic Hermite interpolant (values, first and second
    /// derivatives at 0 and `h`; first derivatives of opposite sign), and the interpolant's third derivative
    /// there: a starting guess for locating an extremum when second derivatives are known, and a scale for
    /// its error. Safeguarded Newton on the derivative, from the cubic Hermite root of the derivative.
    @inlinable
    static func quinticHermiteExtremum(_ y0: Double, _ d0: Double, _ s0: Double, _ y1: Double, _ d1: Double,
                                       _ s1: Double, _ h: Double,
                                       tolerance: Double = 1e-10) -> (offset: Double, third: Double) {
        let cubic = hermiteRoot(d0, s0, d1, s1, h, tolerance: max(tolerance, 1e-9))
        guard h > 0, y0.isFinite, y1.isFinite, s0.isFinite, s1.isFinite else { return (cubic, .nan) }
        let (_, c1, c2, c3, c4, c5) = quinticHermite(y0, d0, s0, y1, d1, s1, h)
        var lo = 0.0, hi = 1.0
        var x = cubic / h
        if !(x > 0 && x < 1) { x = 0.5 }
        let negativeAtZero = d0 < 0
        for _ in 0..<10 {
            let value = c1 + x * (2 * c2 + x * (3 * c3 + x * (4 * c4 + x * 5 * c5)))
            if (value < 0) == negativeAtZero { lo = x } else { hi = x }
            let slope = 2 * c2 + x * (6 * c3 + x * (12 * c4 + x * 20 * c5))
            var next = slope != 0 ? x - value / slope : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) < tolerance { x = next; break }
            x = next
        }
        let third = (6 * c3 + x * (24 * c4 + x * 60 * c5)) / (h * h * h)
        return (x * h, third)
    }

    /// Safeguarded Newton iteration for a root of `f` in `[lo, hi]` where `f(lo)` and `f(hi)` differ in sign,
    /// using the derivative returned with each value. A Newton step that leaves the bracket, or that does not
    /// at least halve the previous step, is replaced by bisection (Numerical Recipes' `rtsafe` strategy).
    ///
    /// Starts from `start`. Stops when the step is below `tolerance`, or when the estimated error left after
    /// applying the last Newton step, `curvature·dx² + relativeDerivativeError·|dx|`, is below it and the step
    /// is at most `maximumAcceptedStep` (`curvature` is |f″/(2f′)| as returned by `f`; `.infinity` when
    /// unknown). Returns the last evaluated point and
    /// the final correction, so that the caller can extrapolate quantities it computed at that point.
    @inlinable
    static func newton<E: Error>(lo lo0: Double, fLo: Double, hi hi0: Double, fHi: Double, start: Double,
                                 tolerance: Double, maximumIterations: Int, relativeDerivativeError: Double = 0,
                                 maximumAcceptedStep: Double = .infinity,
                                 _ f: (Double) throws(E) -> (value: Double, derivative: Double, curvature: Double))
        throws(E) -> (lastX: Double, correction: Double)
    {
        // Orient so that f(lo) < 0 < f(hi) in the bookkeeping.
        var lo = lo0, hi = hi0
        if fLo > 0 { swap(&lo, &hi) }
        var x = start
        if !(x > min(lo, hi) && x < max(lo, hi)) { x = 0.5 * (lo + hi) }
        var dxOld = abs(hi - lo)
        var dx = dxOld
        for _ in 0..<maximumIterations {
            let (fx, dfx, curvature) = try f(x)
            if fx == 0 { return (x, 0) }
            if fx < 0 { lo = x } else { hi = x }
            var next = dfx != 0 ? x - fx / dfx : Double.nan
            let inside = next > min(lo, hi) && next < max(lo, hi)
            var newtonStep = true
            if !inside || abs(2 * fx) > abs(dxOld * dfx) {
                next = 0.5 * (lo + hi)
                newtonStep = false
            }
            dxOld = dx
            dx = next - x
            if abs(dx) <= tolerance || abs(hi - lo) <= tolerance {
                return (x, dx)
            }
            if newtonStep && curvature.isFinite && abs(dx) <= maximumAcceptedStep
                && curvature * dx * dx + relativeDerivativeError * abs(dx) <= tolerance {
                return (x, dx)
            }
            x = next
        }
        return (x, 0)
    }
}
