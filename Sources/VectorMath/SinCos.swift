extension VectorMath {
    /// Largest |x| handled by the vector reduction: the quadrant count j stays below 2²⁰, so j·C1..C3 are
    /// exact products. Larger (and non-finite) lanes take the C library path lane by lane.
    @usableFromInline static let sincosReductionLimit: Double = 0x1p20 * 1.5

    /// Sine and cosine of each lane, in radians; both results within 1 ulp (measured maximum: see
    /// `Tools/vmath/README.md`). |x| up to 1.5·2²⁰ ≈ 1.57·10⁶ is reduced in vector code (four-part Cody–Waite
    /// with a compensated double-double remainder); larger lanes use the C library lane by lane.
    @inlinable @inline(__always)
    public static func sincos<V: SIMDDoubleVector>(_ x: V) -> (sin: V, cos: V) {
        // huge or infinite lanes (NaN lanes are fine in the vector path and compare false here)
        if _slowPath(anyLane(less(sincosReductionLimit, magnitude(x)), V.self)) { return sincosFallback(x) }
        // j = nearest integer to x·2/π; its low two bits select the quadrant
        let k = x * 0x1.45f306dc9c883p-1 + roundingMagic
        let j = k - roundingMagic
        let quadrant = bits(k)
        // r = x - j·π/2 as hi + lo; π/2 = C1 + C2 + C3 + C4, C1..C3 of 33 bits (j·Ci exact for |j| < 2^20)
        let t1 = x - j * 0x1.921fb544p0            // exact (Sterbenz)
        let p2 = j * 0x1.0b4611a6p-34             // exact
        let r1 = t1 - p2
        let bb1 = r1 - t1
        let e1 = (t1 - (r1 - bb1)) + (-p2 - bb1)  // two-sum error of t1 - p2
        let p3 = j * 0x1.3198a2ep-69              // exact
        let r2 = r1 - p3
        let bb2 = r2 - r1
        let e2 = (r1 - (r2 - bb2)) + (-p3 - bb2)
        let tail = (e1 + e2) - j * 0x1.b839a252049c1p-104
        let r = r2 + tail
        let rl = tail - (r - r2)                   // |r2| >= |tail|: fast two-sum
        let (s, c) = sincosKernel(r, rl)
        // quadrant q: sin = [s, c, -s, -c][q], cos = [c, -s, -c, s][q]
        let odd = V.MaskStorage(repeating: 0) &- (quadrant & V.MaskStorage(repeating: 1)) // all-ones if odd
        let sinBase = select(odd, c, s)
        let cosBase = select(odd, s, c)
        let sinSign = (quadrant &<< 62) & V.MaskStorage(repeating: Int64.min)
        let cosSign = ((quadrant &+ 1) &<< 62) & V.MaskStorage(repeating: Int64.min)
        return (flipSign(sinBase, sinSign), flipSign(cosBase, cosSign))
    }

    /// Sine of each lane in radians (within 1 ulp); see ``sincos(_:)``.
    @inlinable @inline(__always)
    public static func sin<V: SIMDDoubleVector>(_ x: V) -> V {
        sincos(x).sin
    }

    /// Cosine of each lane in radians (within 1 ulp); see ``sincos(_:)``.
    @inlinable @inline(__always)
    public static func cos<V: SIMDDoubleVector>(_ x: V) -> V {
        sincos(x).cos
    }

    /// Sine and cosine of small arguments, |x| ≤ 1/16, without range reduction: Taylor series to x⁹ and x¹⁰
    /// (truncation below 10⁻¹⁹ relative), within 1 ulp. Meant for angle-addition updates
    /// sin(a + x) = sin a·cos x + cos a·sin x when the increment x is known to be small; larger |x| gives
    /// inaccurate results (the caller checks).
    @inlinable @inline(__always)
    public static func sincosSmall<V: SIMDDoubleVector>(_ x: V) -> (sin: V, cos: V) {
        let z = x * x
        var ps = V(repeating: 1.0 / 362_880)
        ps = ps * z - 1.0 / 5040
        ps = ps * z + 1.0 / 120
        ps = ps * z - 1.0 / 6
        var pc = V(repeating: 1.0 / 3_628_800)
        pc = pc * z - 1.0 / 40320
        pc = pc * z + 1.0 / 720
        pc = pc * z - 1.0 / 24
        let h = 0.5 * z
        let w = 1.0 - h
        let c = w + (((1.0 - w) - h) - (z * z) * pc)
        // (x·z)·ps is ±0 only when x is ±0 (or it underflows); keep sin(−0) = −0
        let s = x + (x * z) * ps
        return (select(equal(x, 0), x, s), c)
    }

    /// sin and cos of r + rl for |r| ≤ π/4 (plus rounding slack), |rl| ≤ ulp(r).
    ///
    /// sin(r) = r + r³·S(r²), cos(r) = 1 − r²/2 + r⁴·C(r²), with S and C degree-5 minimax polynomials
    /// (relative error 2^-52.8 and 2^-54.8 on the polynomials themselves, which the final sums shrink by
    /// more than 8×; coefficients from `Tools/vmath/minimax.py`). The lo part enters to first order:
    /// sin(r + rl) ≈ sin r + rl·(1 − r²/2), cos(r + rl) ≈ cos r − r·rl.
    @inlinable @inline(__always)
    static func sincosKernel<V: SIMD>(_ r: V, _ rl: V) -> (sin: V, cos: V) where V.Scalar == Double {
        let z = r * r
        var ps = V(repeating: 1.5917961751786458e-10)
        ps = ps * z + -2.505112925975309e-08
        ps = ps * z + 2.7557316088587474e-06
        ps = ps * z + -0.00019841269836727774
        ps = ps * z + 0.008333333333330925
        ps = ps * z + -0.16666666666666666
        var pc = V(repeating: -1.1382564450455382e-11)
        pc = pc * z + 2.08761452198399e-09
        pc = pc * z + -2.755731726606774e-07
        pc = pc * z + 2.4801587298753207e-05
        pc = pc * z + -0.0013888888888887387
        pc = pc * z + 0.041666666666666664
        let h = 0.5 * z
        let s = r + ((r * z) * ps + (rl - h * rl))
        let w = 1.0 - h
        let c = w + (((1.0 - w) - h) + ((z * z) * pc - r * rl))
        return (s, c)
    }
}
