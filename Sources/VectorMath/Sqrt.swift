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
        let tiny = x .< 0x1p-960
        let huge = x .> 0x1p960
        var xs = x.replacing(with: x * 0x1p200, where: tiny)
        xs = xs.replacing(with: x * 0x1p-200, where: huge)
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
        root = root.replacing(with: root * 0x1p-100, where: tiny)
        root = root.replacing(with: root * 0x1p100, where: huge)
        // zeros (keeps the sign), +∞, NaN pass through; negative → NaN
        root = root.replacing(with: x, where: (x .== 0) .| (x .== .infinity) .| (x .!= x))
        return root.replacing(with: .nan, where: x .< 0)
    }

    /// x^(3/2) lane-wise as x·√x (within 1.5 ulp of the exact power); NaN for negative x.
    @inlinable
    public static func powThreeHalves<V: SIMDDoubleVector>(_ x: V) -> V {
        x * sqrt(x)
    }
}
