extension VectorMath {
    /// Rounds each lane to the nearest integer, ties to even; exact for every `Double` (lanes with
    /// |x| ≥ 2⁵² are already integers and are returned unchanged; NaN stays NaN).
    @inlinable
    public static func roundedToNearest<V: SIMDDoubleVector>(_ x: V) -> V {
        let ax = magnitude(x)
        let r = (ax + 0x1p52) - 0x1p52
        // restore the sign (keeps -0.4 → -0) and pass through large/non-finite lanes
        let signed = double(bits(r) | signBits(x), as: V.self)
        return select(~less(ax, 0x1p52), x, signed)
    }

    /// Rounds each lane toward zero (`trunc`), exactly. Unlike `rounded(.towardZero)`, which is a libm
    /// call per lane on the SSE2 baseline, this is plain vector arithmetic on every target.
    @inlinable
    public static func truncated<V: SIMDDoubleVector>(_ x: V) -> V {
        let ax = magnitude(x)
        var r = (ax + 0x1p52) - 0x1p52
        r = select(less(ax, r), r - 1, r)
        let signed = double(bits(r) | signBits(x), as: V.self)
        return select(~less(ax, 0x1p52), x, signed)
    }

    /// Rounds each lane toward −∞ (`floor`), exactly, with plain vector arithmetic on every target.
    @inlinable
    public static func floor<V: SIMDDoubleVector>(_ x: V) -> V {
        let t = truncated(x)
        // x - t is exact; negative non-integers step down by one (t - 1 keeps -0 out: t <= -0 here)
        return select(less(x, t), t - 1, t)
    }

    /// `fmod(x, y)` lane-wise for a positive finite divisor `y`: x − n·y with n = trunc(x / y), sign of x,
    /// |result| < y. For |x / y| < 2²⁶ the result is within one ulp of |x| of the exact remainder (exact in most
    /// lanes); larger quotients and non-finite lanes fall back to the C library's `fmod` lane by lane.
    ///
    /// This is the angle reduction SGP4 uses (`fmod(angle, 2π)`).
    @inlinable @inline(__always)
    public static func fmod<V: SIMDDoubleVector>(_ x: V, _ y: Double) -> V {
        let ax = magnitude(x)
        if _slowPath(!allLanes(less(ax, y * 0x1p26), V.self)) { return fmodFallback(x, y) }
        // y = yh + yl with yh of 26 bits, so n·yh is exact for n < 2^27
        let (yh, yl) = split(V(repeating: y))
        var n = (ax * (1 / y) + roundingMagic) - roundingMagic
        var r = (ax - n * yh) - n * yl
        // n may be off by one from trunc(|x|/y): correct into 0 <= r < y
        let low = less(r, 0)
        r = select(low, r + y, r)
        n = select(low, n - 1, n)
        r = select(lessOrEqual(y, r), r - y, r)
        return double(bits(r) | signBits(x))
    }
}
