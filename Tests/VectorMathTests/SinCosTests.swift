import Testing
import VectorMath

@Suite struct SinCosTests {
    /// Random inputs over several ranges, seeded; the count is per range.
    static func inputs(count: Int) -> [(name: String, values: [Double])] {
        var g = SplitMix64(seed: 0x5EED_0001)
        let halfPi = Double.pi / 2
        return [
            ("|x| <= pi/4", (0..<count).map { _ in g.uniform(-.pi / 4, .pi / 4) }),
            ("|x| <= 2pi", (0..<count).map { _ in g.uniform(-2 * .pi, 2 * .pi) }),
            ("|x| <= 100", (0..<count).map { _ in g.uniform(-100, 100) }),
            ("|x| <= 1e5", (0..<count).map { _ in g.uniform(-1e5, 1e5) }),
            ("|x| <= 1.5e6", (0..<count).map { _ in g.uniform(-1.5e6, 1.5e6) }),
            ("log-uniform 2^-60..2^20", (0..<count).map { _ in g.logUniform(-60, 20) }),
            ("near k*pi/2", (0..<count).map { _ in
                // the double nearest k*pi/2, moved by up to 4 ulp: the hardest inputs for the reduction
                let k = Double(Int.random(in: -1_000_000...1_000_000, using: &g))
                var x = k * halfPi
                for _ in 0..<Int(g.next() % 5) { x = g.next() & 1 == 0 ? x.nextUp : x.nextDown }
                return x
            }),
            ("tiny and subnormal", (0..<count / 16).map { _ in g.logUniform(-1074, -60) }),
        ]
    }

    @Test func sinAndCosWithinOneUlp() {
        let count = 1 << 18
        for (name, xs) in Self.inputs(count: count) {
            let s = mapLanes(xs) { VectorMath.sin($0) }
            let c = mapLanes(xs) { VectorMath.cos($0) }
            let ws = worstError(xs, s, wideSin)
            let wc = worstError(xs, c, wideCos)
            // agreement with the C library's Double results, for information
            let gs = worstUlp(xs, s, xs.map(libmSin)), gc = worstUlp(xs, c, xs.map(libmCos))
            print("sin \(name): max \(ws.ulp) ulp at \(ws.at) (vs glibc \(gs.ulp)); cos: max \(wc.ulp) ulp at \(wc.at) (vs glibc \(gc.ulp))")
            #expect(ws.ulp <= 1, "sin \(name): \(ws.ulp) ulp at \(ws.at)")
            #expect(wc.ulp <= 1, "cos \(name): \(wc.ulp) ulp at \(wc.at)")
        }
    }

    @Test func sincosSmallWithinOneUlp() {
        var g = SplitMix64(seed: 0x5EED_0007)
        var xs = (0..<(1 << 18)).map { _ in g.uniform(-0.0625, 0.0625) }
        xs += (0..<(1 << 16)).map { _ in g.logUniform(-1074, -4) }
        xs += [0, -0.0, 0.0625, -0.0625]
        let s = mapLanes(xs) { VectorMath.sincosSmall($0).sin }
        let c = mapLanes(xs) { VectorMath.sincosSmall($0).cos }
        let ws = worstError(xs, s, wideSin), wc = worstError(xs, c, wideCos)
        print("sincosSmall: sin max \(ws.ulp) ulp at \(ws.at), cos max \(wc.ulp) ulp at \(wc.at)")
        #expect(ws.ulp <= 1 && wc.ulp <= 1)
        #expect(s[xs.count - 3].bitPattern == (-0.0).bitPattern && c[xs.count - 4] == 1)
    }

    @Test func sincosMatchesSinAndCosAndAllLaneWidths() {
        var g = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let v = SIMD16<Double>((0..<16).map { _ in g.uniform(-50, 50) })
            let (s16, c16) = VectorMath.sincos(v)
            let lo8 = SIMD8<Double>(v.lowHalf), lo4 = SIMD4<Double>(v.lowHalf.lowHalf), lo2 = SIMD2<Double>(v[0], v[1])
            #expect(VectorMath.sin(lo8) == s16.lowHalf && VectorMath.cos(lo8) == c16.lowHalf)
            #expect(VectorMath.sincos(lo4).sin == s16.lowHalf.lowHalf)
            #expect(VectorMath.sincos(lo2).cos == SIMD2(c16[0], c16[1]))
        }
    }

    @Test func specialValues() {
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                                  -.leastNonzeroMagnitude, .leastNormalMagnitude, 1e-300, .pi, -.pi, .pi / 2,
                                  .pi / 4, 1e6, 1.6e6, 3e6, 1e22, -1e300, .greatestFiniteMagnitude]
        let s = mapLanes(specials) { VectorMath.sin($0) }
        let c = mapLanes(specials) { VectorMath.cos($0) }
        for (i, x) in specials.enumerated() {
            #expect(ulpError(s[i], wideSin(x)) <= 1, "sin(\(x)) = \(s[i]), libm \(libmSin(x))")
            #expect(ulpError(c[i], wideCos(x)) <= 1, "cos(\(x)) = \(c[i]), libm \(libmCos(x))")
        }
        // signed zero and exact small-argument behaviour
        #expect(s[0].bitPattern == (0.0).bitPattern && s[1].bitPattern == (-0.0).bitPattern)
        #expect(c[0] == 1 && c[1] == 1)
        #expect(s[2].isNaN && s[3].isNaN && s[4].isNaN && c[2].isNaN && c[4].isNaN)
        #expect(s[5] == .leastNonzeroMagnitude && s[6] == -.leastNonzeroMagnitude)
    }
}
