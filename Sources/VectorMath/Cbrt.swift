extension VectorMath {
    /// Real cube root of each lane (odd: cbrt(−x) = −cbrt(x)), within 1 ulp; ±0, ±∞ and NaN pass through.
    ///
    /// Method: |x| = t·2^(3q) with t in [1, 8) from the exponent bits (q by magic-number rounding of
    /// (e − 1)/3), a quadratic first guess of m^(−1/3) on the mantissa m in [1, 2) (weighted least-squares fit,
    /// ≤ 0.33 % error) times 2^(−(e mod 3)/3), two division-free Newton steps (≤ 10⁻⁹) z ← z + z(1 − t·z³)/3, then y = t·z² corrected once by (t − y³)·z²/3 with t − y³
    /// evaluated in double-double, and the exponent 2^q reattached.
    @inlinable
    public static func cbrt<V: SIMDDoubleVector>(_ x: V) -> V {
        let ax = magnitude(x)
        let tiny = less(ax, 0x1p-960)
        let axs = select(tiny, ax * 0x1p300, ax)
        let b = bits(axs)
        // biased exponent as a Double (exact): place it in the low mantissa bits of 2^52
        let biased = double(V.MaskStorage(repeating: 0x4330_0000_0000_0000) | (b &>> 52), as: V.self) - 0x1p52
        let e = biased - 1023
        let qk = (e - 1) * (1.0 / 3.0) + roundingMagic
        let q = qk - roundingMagic
        let rem = e - 3 * q // 0, 1 or 2
        let m = double(
            (b & V.MaskStorage(repeating: 0x000F_FFFF_FFFF_FFFF)) | V.MaskStorage(repeating: 0x3FF0_0000_0000_0000),
            as: V.self)
        let rem1 = equal(rem, 1), rem2 = equal(rem, 2)
        var t = select(rem1, m * 2, m)
        t = select(rem2, m * 4, t)
        // first guess of m^(-1/3) on [1, 2), times 2^(-rem/3)
        var z = (V(repeating: 0.09056497380148432) * m - 0.4728924367083721) * m + 1.3791191925180317
        z = select(rem1, z * 0.7937005259840998, z)
        z = select(rem2, z * 0.6299605249474366, z)
        let third = 1.0 / 3.0
        z = z + z * (1 - t * (z * z * z)) * third
        z = z + z * (1 - t * (z * z * z)) * third
        let y = t * (z * z)
        // t - y^3 in double-double: y^2 = p + pe exactly, y·p = c + ce exactly
        let (p, pe) = twoProduct(y, y)
        let (c, ce) = twoProduct(y, p)
        let residual = ((t - c) - ce) - y * pe
        var root = y + residual * (z * z) * third
        // reattach 2^q (q in [-358, 341]: a normal power of two)
        let qi = bits(qk) &- bits(V(repeating: roundingMagic))
        root = root * double((qi &+ 1023) &<< 52, as: V.self)
        root = select(tiny, root * 0x1p-100, root)
        root = select(equal(ax, 0) | equal(ax, .infinity) | isNaN(ax), ax, root)
        return double(bits(root) | signBits(x))
    }

    /// x^(2/3) lane-wise as cbrt(x)², within 2 ulp; defined for negative x as (cbrt x)² (positive).
    @inlinable
    public static func powTwoThirds<V: SIMDDoubleVector>(_ x: V) -> V {
        let c = cbrt(x)
        return c * c
    }
}
