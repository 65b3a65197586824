import Testing
import VectorMath

@Suite struct SqrtCbrtTests {
    static func inputs(seed: UInt64, count: Int, signed: Bool) -> [Double] {
        var g = SplitMix64(seed: seed)
        var xs = (0..<count).map { _ in g.logUniform(-1074, 1024, signed: signed) }
        xs += (0..<count / 4).map { _ in g.uniform(0, 10) }                    // the range SGP4 uses
        xs += (0..<count / 4).map { _ in Double(bitPattern: g.next() >> 1) }   // uniform bit patterns
        xs += (1...4096).map { Double($0) * Double($0) }                       // exact squares
        xs += (1...2048).map { Double($0) * Double($0) * Double($0) }          // exact cubes
        return xs.filter { $0.isFinite }
    }

    @Test func sqrtIsCorrectlyRoundedOnTheseInputs() {
        let xs = Self.inputs(seed: 0x5EED_0003, count: 1 << 20, signed: false)
        let got = mapLanes(xs) { VectorMath.sqrt($0) }
        var inexact = 0
        var worst = (0.0, 0.0)
        for i in xs.indices {
            let d = ulpDistance(got[i], libmSqrt(xs[i]))
            if d > 0 { inexact += 1 }
            if d > worst.0 { worst = (d, xs[i]) }
        }
        print("sqrt: \(xs.count) inputs, \(inexact) not correctly rounded, max \(worst.0) ulp at \(worst.1)")
        #expect(worst.0 <= 1)
        #expect(inexact == 0, "sqrt missed correct rounding on \(inexact) of \(xs.count) inputs")
    }

    @Test func sqrtSpecialValues() {
        let xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -1, -.leastNonzeroMagnitude,
                            .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, 4]
        let got = mapLanes(xs) { VectorMath.sqrt($0) }
        for i in xs.indices {
            #expect(sameValue(got[i], libmSqrt(xs[i])), "sqrt(\(xs[i])) = \(got[i]), C gives \(libmSqrt(xs[i]))")
        }
    }

    @Test func cbrtWithinOneUlp() {
        let xs = Self.inputs(seed: 0x5EED_0004, count: 1 << 20, signed: true)
        let got = mapLanes(xs) { VectorMath.cbrt($0) }
        let w = worstError(xs, got, wideCbrt)
        let g = worstUlp(xs, got, xs.map(libmCbrt))
        print("cbrt: \(xs.count) inputs, max \(w.ulp) ulp at \(w.at) (vs glibc \(g.ulp) at \(g.at))")
        #expect(w.ulp <= 1, "cbrt: \(w.ulp) ulp at \(w.at)")
        let p = mapLanes(xs) { VectorMath.powTwoThirds($0) }
        var worst = (0.0, 0.0)
        for i in xs.indices where xs[i] > 0 {
            let d = ulpError(p[i], widePow(xs[i], 2 / 3))
            if d > worst.0 { worst = (d, xs[i]) }
        }
        print("powTwoThirds: max \(worst.0) ulp at \(worst.1)")
        #expect(worst.0 <= 2)
    }

    @Test func cbrtSpecialValues() {
        let xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, -1, 8, -27, .leastNonzeroMagnitude,
                            -.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e-300]
        let got = mapLanes(xs) { VectorMath.cbrt($0) }
        for i in xs.indices {
            // exact where the answer is exact (zeros, infinities, NaN, perfect cubes), else within 1 ulp
            #expect(ulpError(got[i], wideCbrt(xs[i])) <= 1, "cbrt(\(xs[i])) = \(got[i]), C gives \(libmCbrt(xs[i]))")
        }
        #expect(sameValue(got[0], 0) && sameValue(got[1], -0.0) && got[2] == .infinity && got[3] == -.infinity)
        #expect(got[4].isNaN && got[5] == -1 && got[6] == 2 && got[7] == -3)
    }

    @Test func powThreeHalves() {
        var g = SplitMix64(seed: 11)
        let xs = (0..<100_000).map { _ in g.uniform(0.5, 20) }
        let got = mapLanes(xs) { VectorMath.powThreeHalves($0) }
        var worst = 0.0
        for i in xs.indices { worst = max(worst, ulpError(got[i], widePow(xs[i], 1.5))) }
        print("powThreeHalves: max \(worst) ulp")
        #expect(worst <= 2)
    }
}
