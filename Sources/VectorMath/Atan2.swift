extension VectorMath {
    /// The angle of the point (x, y) from the positive x axis, in (−π, π], lane-wise — the C `atan2(y, x)`,
    /// including its special values: signed zeros (atan2(±0, −0) = ±π, atan2(±0, +0) = ±0), infinities
    /// (atan2(±∞, −∞) = ±3π/4 and so on) and NaN propagation. Within 2 ulp (measured maximum: see
    /// `Tools/vmath/README.md`).
    ///
    /// Method: with hi = max(|x|, |y|), lo = min(|x|, |y|), u = lo/hi when lo ≤ tan(π/8)·hi, else
    /// u = (lo − hi)/(lo + hi) and π/4 is added; atan(u) = u + u³·A(u²) with A a degree-10 minimax polynomial
    /// on |u| ≤ tan(π/8) (`Tools/vmath/minimax.py`); then the octant is unfolded with π/2 and π as hi + lo pairs.
    @inlinable
    public static func atan2<V: SIMDDoubleVector>(_ y: V, _ x: V) -> V {
        let ax = magnitude(x), ay = magnitude(y)
        let swapped = less(ax, ay)
        var hi = select(swapped, ay, ax)
        var lo = select(swapped, ax, ay)
        let bothInfinite = equal(lo, .infinity) & equal(hi, .infinity)
        let bothZero = equal(hi, 0) & equal(lo, 0)
        // keep lo + hi finite (only the far top of the range needs it; the ratio is unchanged)
        let huge = less(0x1p1020, hi)
        hi = select(huge, hi * 0.25, hi)
        lo = select(huge, lo * 0.25, lo)
        let shifted = less(hi * 0x1.a827999fcef32p-2, lo) // tan(π/8)
        var num = select(shifted, lo - hi, lo)
        var den = select(shifted, lo + hi, hi)
        num = select(bothZero | bothInfinite, 0, num)
        den = select(bothZero | bothInfinite, 1, den)
        let u = num / den
        let z = u * u
        var p = V(repeating: -0.01919447536131263)
        p = p * z + 0.0392467827928989
        p = p * z + -0.05086002640414091
        p = p * z + 0.05858260851783394
        p = p * z + -0.06664525147894024
        p = p * z + 0.07692184229127642
        p = p * z + -0.09090904626055331
        p = p * z + 0.11111111016528186
        p = p * z + -0.14285714284683695
        p = p * z + 0.1999999999999561
        p = p * z + -0.3333333333333333
        let tail = (u * z) * p
        // |result| = K + σ·atan(u) with K a multiple of π/4 (as hi + lo) and σ = ±1:
        //   |y| ≤ |x|, x ≥ 0: c + a;  |y| > |x|, x ≥ 0: π/2 − c − a;  |y| > |x|, x < 0: π/2 + c + a;
        //   |y| ≤ |x|, x < 0: π − c − a;  where c = π/4 on the shifted branch (and for ±∞/±∞), else 0.
        let negativeX = signBits(x) &>> 63 // arithmetic shift: all-ones where the sign bit is set
        let flip = swapped ^ negativeX
        let quarter = select(shifted | bothInfinite, 1, V(repeating: 0))
        var kq = select(swapped & ~negativeX, 2 - quarter, quarter)
        kq = select(swapped & negativeX, 2 + quarter, kq)
        kq = select(~swapped & negativeX, 4 - quarter, kq)
        let three = equal(kq, 3)
        let kHi = select(three, 0x1.2d97c7f3321d2p1, kq * 0x1.921fb54442d18p-1)
        let kLo = select(three, 0x1.a79394c9e8a0ap-54, kq * 0x1.1a62633145c07p-55)
        let su = flipSign(u, flip & V.MaskStorage(repeating: Int64.min))
        let st = flipSign(tail, flip & V.MaskStorage(repeating: Int64.min))
        let theta = kHi + (su + (st + kLo))
        // sign of y (atan2 is odd in y, including ±0)
        return double(bits(magnitude(theta)) | signBits(y))
    }
}
