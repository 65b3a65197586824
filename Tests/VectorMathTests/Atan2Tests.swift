import Testing
import VectorMath

@Suite struct Atan2Tests {
    func run(_ ys: [Double], _ xs: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: ys.count)
        var i = 0
        while i < ys.count {
            var vy = SIMD8<Double>(repeating: 1), vx = SIMD8<Double>(repeating: 1)
            let n = min(8, ys.count - i)
            for l in 0..<n { vy[l] = ys[i + l]; vx[l] = xs[i + l] }
            let r = VectorMath.atan2(vy, vx)
            for l in 0..<n { out[i + l] = r[l] }
            i += 8
        }
        return out
    }

    @Test func withinTwoUlp() {
        var g = SplitMix64(seed: 0x5EED_0002)
        let count = 1 << 19
        let cases: [(String, () -> (Double, Double))] = [
            ("unit square", { (g.uniform(-1, 1), g.uniform(-1, 1)) }),
            ("log-uniform magnitudes 2^-30..2^30", { (g.logUniform(-30, 30), g.logUniform(-30, 30)) }),
            ("near the diagonals", { let x = g.logUniform(-10, 10); return (x * (1 + g.uniform(-1e-3, 1e-3)) * (g.next() & 1 == 0 ? 1 : -1), x) }),
            ("near tan(pi/8)", { let x = g.logUniform(-5, 5); return (x * 0.41421356237309503 * (1 + g.uniform(-1e-9, 1e-9)), x) }),
            ("extreme exponents", { (g.logUniform(-1070, 1023), g.logUniform(-1070, 1023)) }),
        ]
        for (name, make) in cases {
            let pairs = (0..<count).map { _ in make() }
            let ys = pairs.map(\.0), xs = pairs.map(\.1)
            let got = run(ys, xs)
            var worst = (0.0, 0.0, 0.0), glibc = 0.0
            for i in pairs.indices {
                let d = ulpError(got[i], wideAtan2(ys[i], xs[i]))
                if d > worst.0 { worst = (d, ys[i], xs[i]) }
                glibc = max(glibc, ulpDistance(got[i], libmAtan2(ys[i], xs[i])))
            }
            print("atan2 \(name): max \(worst.0) ulp at y=\(worst.1) x=\(worst.2) (vs glibc \(glibc))")
            #expect(worst.0 <= 2, "atan2 \(name): \(worst.0) ulp at y=\(worst.1), x=\(worst.2)")
        }
    }

    @Test func specialValuesMatchCExactly() {
        let values: [Double] = [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1, -1, 0.5, -3,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        var ys: [Double] = [], xs: [Double] = []
        for y in values { for x in values { ys.append(y); xs.append(x) } }
        let got = run(ys, xs)
        for i in ys.indices {
            let want = libmAtan2(ys[i], xs[i])
            // exact for zeros/infinities/NaN (sign included), within 1 ulp elsewhere
            let exactCase = ys[i] == 0 || xs[i] == 0 || ys[i].isInfinite || xs[i].isInfinite || ys[i].isNaN || xs[i].isNaN
            if exactCase && !(ys[i].isInfinite && xs[i].isInfinite) {
                #expect(sameValue(got[i], want), "atan2(\(ys[i]), \(xs[i])) = \(got[i]), C gives \(want)")
            } else {
                #expect(ulpDistance(got[i], want) <= 1, "atan2(\(ys[i]), \(xs[i])) = \(got[i]), C gives \(want)")
            }
        }
    }
}
