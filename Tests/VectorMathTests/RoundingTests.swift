import Testing
import VectorMath

@Suite struct RoundingTests {
    static let values: [Double] = {
        var g = SplitMix64(seed: 0x5EED_0005)
        var xs: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                            0x1p51, -0x1p51, 0x1p52 + 1, 0x1p51 + 0.5, -(0x1p51 + 0.5), 1e300, -1e300,
                            .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 3, -3]
        xs += (0..<200_000).map { _ in g.uniform(-1000, 1000) }
        xs += (0..<200_000).map { _ in g.logUniform(-20, 60) }
        return xs
    }()

    @Test func truncFloorRoundAreExact() {
        let xs = Self.values
        let t = mapLanes(xs) { VectorMath.truncated($0) }
        let f = mapLanes(xs) { VectorMath.floor($0) }
        let r = mapLanes(xs) { VectorMath.roundedToNearest($0) }
        for i in xs.indices {
            #expect(sameValue(t[i], xs[i].rounded(.towardZero)), "trunc(\(xs[i])) = \(t[i])")
            #expect(sameValue(f[i], xs[i].rounded(.down)), "floor(\(xs[i])) = \(f[i])")
            #expect(sameValue(r[i], xs[i].rounded(.toNearestOrEven)), "round(\(xs[i])) = \(r[i])")
        }
    }

    @Test func fmodTwoPiMatchesC() {
        var g = SplitMix64(seed: 0x5EED_0006)
        let twoPi = 2 * Double.pi
        var xs = (0..<400_000).map { _ in g.uniform(-2e5, 2e5) }
        xs += (0..<100_000).map { _ in g.uniform(-20, 20) }
        xs += (-2000...2000).map { Double($0) * twoPi }   // exact multiples (of the Double 2π)
        xs += [0, -0.0, twoPi, -twoPi, twoPi.nextDown, twoPi.nextUp, 1e300, .infinity, .nan, 1e12]
        let got = mapLanes(xs) { VectorMath.fmod($0, twoPi) }
        var worst = (0.0, 0.0), notExact = 0
        for i in xs.indices {
            let want = libmFmod(xs[i], twoPi)
            if !sameValue(got[i], want) { notExact += 1 }
            // error budget: one ulp of the input (the reduction is exact in most lanes)
            let err = (got[i] - want).magnitude
            let allowed = xs[i].isFinite ? xs[i].ulp : 0
            if !(want.isNaN && got[i].isNaN) {
                #expect(err <= allowed, "fmod(\(xs[i]), 2π) = \(got[i]), C gives \(want)")
                #expect(got[i].sign == want.sign || got[i] == 0 && want == 0 && got[i].sign == want.sign)
            }
            if xs[i].isFinite && err / xs[i].ulp > worst.0 { worst = (err / xs[i].ulp, xs[i]) }
        }
        print("fmod(x, 2π): \(notExact) of \(xs.count) not bit-exact; max error \(worst.0) ulp(x) at \(worst.1)")
    }
}
