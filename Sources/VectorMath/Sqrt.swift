extension VectorMath {
    /// Square root of each lane, correctly rounded in all tested cases (always within 1 ulp), with the IEEE
    /// special values: √(±0) = ±0, √∞ = ∞, negative or NaN → NaN.
    ///
    /// `squareRoot()` on SIMD types lowers to one scalar `sqrtsd` per lane; this is packed arithmetic instead:
    /// a bit-trick first guess of 1/√x (constant from `Tools/vmath/rsqrt_magic.py`, ≤ 3.5 % error), four
    /// Newton steps (≤ 2·10⁻²¹), s = x·y, and one last Newton correction s + (x − s²)·y/2 whose residual
    /// x − s² is computed exactly with Dekker's product.
    @inlinable
    public static func sqrt<V: SIMDDoubleVector>(_ x: V) -> V {
        // bring tiny/subnormal and huge inputs into a safe range (exact scaling by 2^±200, result by 2^∓100)
        let tiny = less(x, 0x1p-960)
        let huge = less(0x1p960, x)
        var xs = select(tiny, x * 0x1p200, x)
        xs = select(huge, x * 0x1p-200, xs)
        var y = double(V.MaskStorage(repeating: 0x5FE6_EC85_E280_0000) &- (bits(xs) &>> 1), as: V.self)
        let halfX = 0.5 * xs
        y = y * (1.5 - halfX * (y * y))
        y = y * (1.5 - halfX * (y * y))
        y = y * (1.5 - halfX * (y * y))
        y = y * (1.5 - halfX * (y * y))
        let s = xs * y
        let (p, e) = twoProduct(s, s)
        let residual = (xs - p) - e
        var root = s + residual * (0.5 * y)
        root = select(tiny, root * 0x1p-100, root)
        root = select(huge, root * 0x1p100, root)
        // zeros (keeps the sign), +∞, NaN pass through; negative → NaN
        root = select(equal(x, 0) | equal(x, .infinity) | isNaN(x), x, root)
        return select(less(x, 0), .nan, root)
    }

    /// x^(3/2) lane-wise as x·√x (within 1.5 ulp of the exact power); NaN for negative x.
    @inlinable
    public static func powThreeHalves<V: SIMDDoubleVector>(_ x: V) -> V {
        x * sqrt(x)
    }
}
