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
        let swapped = ay .> ax
        var hi = ax.replacing(with: ay, where: swapped)
        var lo = ay.replacing(with: ax, where: swapped)
        let bothInfinite = (lo .== .infinity) .& (hi .== .infinity)
        let bothZero = (hi .== 0) .& (lo .== 0)
        // keep lo + hi finite (only the far top of the range needs it; the ratio is unchanged)
        let huge = hi .> 0x1p1020
        hi = hi.replacing(with: hi * 0.25, where: huge)
        lo = lo.replacing(with: lo * 0.25, where: huge)
        let shifted = lo .> hi * 0x1.a827999fcef32p-2 // tan(π/8)
        var num = lo.replacing(with: lo - hi, where: shifted)
        var den = hi.replacing(with: lo + hi, where: shifted)
        num = num.replacing(with: 0, where: bothZero .| bothInfinite)
        den = den.replacing(with: 1, where: bothZero .| bothInfinite)
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
        let negativeX = signBits(x) .!= 0
        let flip = swapped .^ negativeX
        let quarter = V(repeating: 0).replacing(with: 1, where: shifted .| bothInfinite)
        var kq = quarter.replacing(with: 2 - quarter, where: swapped .& .!negativeX)
        kq = kq.replacing(with: 2 + quarter, where: swapped .& negativeX)
        kq = kq.replacing(with: 4 - quarter, where: .!swapped .& negativeX)
        let kHi = (kq * 0x1.921fb54442d18p-1).replacing(with: 0x1.2d97c7f3321d2p1, where: kq .== 3)
        let kLo = (kq * 0x1.1a62633145c07p-55).replacing(with: 0x1.a79394c9e8a0ap-54, where: kq .== 3)
        let su = u.replacing(with: -u, where: flip)
        let st = tail.replacing(with: -tail, where: flip)
        let theta = kHi + (su + (st + kLo))
        // sign of y (atan2 is odd in y, including ±0)
        return double(bits(magnitude(theta)) | signBits(y))
    }
}
