// Timing harness for VectorMath (not a test): ns per lane of each vector function vs the C library per element.
// Build and run with Tools/vmath/bench.sh [target-cpu].
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(never) func blackHole<T>(_ x: T) { withUnsafePointer(to: x) { _ = $0 } }

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let n = 1 << 14
var g: UInt64 = 0x1234_5678
func rnd() -> Double { g = g &* 6364136223846793005 &+ 1442695040888963407; return Double(g >> 11) * 0x1p-53 }
let xs = (0..<n).map { _ in rnd() * 20 - 10 }
let ys = (0..<n).map { _ in rnd() * 20 - 10 }
let ps = (0..<n).map { _ in rnd() * 10 + 0.01 }

/// Best-of-5 ns per element; `body` gets a tiny per-repetition offset to add to its inputs, so the compiler
/// cannot hoist the pure function evaluations out of the repetition loop.
func time(_ name: String, reps: Int = 200, _ body: (Double) -> Double) -> Double {
    var best = Double.infinity
    for _ in 0..<5 {
        let t0 = now()
        var acc = 0.0
        for r in 0..<reps { acc += body(Double(r) * 0x1p-60) }
        blackHole(acc)
        best = min(best, (now() - t0) / Double(reps * n) * 1e9)
    }
    return best
}

@inline(__always) func vecLoop<V: SIMDDoubleVector>(_: V.Type, _ a: [Double], _ off: Double, _ f: (V) -> V) -> Double {
    var acc = V(repeating: 0)
    a.withUnsafeBufferPointer { p in
        var i = 0
        while i + V.scalarCount <= n {
            let v = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: V.self)
            acc += f(v + off)
            i += V.scalarCount
        }
    }
    return acc.sum()
}

@inline(__always) func scalarLoop(_ a: [Double], _ off: Double, _ f: (Double) -> Double) -> Double {
    var acc = 0.0
    a.withUnsafeBufferPointer { p in for i in 0..<n { acc += f(p[i] + off) } }
    return acc
}

func row(_ name: String, _ scalar: Double, _ v2: Double, _ v4: Double, _ v8: Double) {
    func f(_ x: Double) -> String { String(Int((x * 100).rounded())).leftPad(6, divide: true) }
    print("\(name + String(repeating: " ", count: max(0, 16 - name.count))) libm \(f(scalar))  SIMD2 \(f(v2))  SIMD4 \(f(v4))  SIMD8 \(f(v8))  ns/element")
}
extension String {
    func leftPad(_ w: Int, divide: Bool) -> String {
        var s = self
        if divide { while s.count < 3 { s = "0" + s }; s.insert(".", at: s.index(s.endIndex, offsetBy: -2)) }
        return String(repeating: " ", count: max(0, w - s.count)) + s
    }
}

row("sin", time("") { o in scalarLoop(xs, o) { sin($0) } },
    time("") { o in vecLoop(SIMD2<Double>.self, xs, o) { VectorMath.sin($0) } },
    time("") { o in vecLoop(SIMD4<Double>.self, xs, o) { VectorMath.sin($0) } },
    time("") { o in vecLoop(SIMD8<Double>.self, xs, o) { VectorMath.sin($0) } })
row("sincos (sum)", time("") { o in scalarLoop(xs, o) { sin($0) + cos($0) } },
    time("") { o in vecLoop(SIMD2<Double>.self, xs, o) { let r = VectorMath.sincos($0); return r.sin + r.cos } },
    time("") { o in vecLoop(SIMD4<Double>.self, xs, o) { let r = VectorMath.sincos($0); return r.sin + r.cos } },
    time("") { o in vecLoop(SIMD8<Double>.self, xs, o) { let r = VectorMath.sincos($0); return r.sin + r.cos } })
row("atan2(x, 1.5+x)", time("") { o in scalarLoop(xs, o) { atan2($0, 1.5 + $0) } },
    time("") { o in vecLoop(SIMD2<Double>.self, xs, o) { VectorMath.atan2($0, 1.5 + $0) } },
    time("") { o in vecLoop(SIMD4<Double>.self, xs, o) { VectorMath.atan2($0, 1.5 + $0) } },
    time("") { o in vecLoop(SIMD8<Double>.self, xs, o) { VectorMath.atan2($0, 1.5 + $0) } })
row("sqrt", time("") { o in scalarLoop(ps, o) { sqrt($0) } },
    time("") { o in vecLoop(SIMD2<Double>.self, ps, o) { VectorMath.sqrt($0) } },
    time("") { o in vecLoop(SIMD4<Double>.self, ps, o) { VectorMath.sqrt($0) } },
    time("") { o in vecLoop(SIMD8<Double>.self, ps, o) { VectorMath.sqrt($0) } })
row("SIMD.squareRoot", time("") { o in scalarLoop(ps, o) { $0.squareRoot() } },
    time("") { o in vecLoop(SIMD2<Double>.self, ps, o) { $0.squareRoot() } },
    time("") { o in vecLoop(SIMD4<Double>.self, ps, o) { $0.squareRoot() } },
    time("") { o in vecLoop(SIMD8<Double>.self, ps, o) { $0.squareRoot() } })
row("cbrt", time("") { o in scalarLoop(ps, o) { cbrt($0) } },
    time("") { o in vecLoop(SIMD2<Double>.self, ps, o) { VectorMath.cbrt($0) } },
    time("") { o in vecLoop(SIMD4<Double>.self, ps, o) { VectorMath.cbrt($0) } },
    time("") { o in vecLoop(SIMD8<Double>.self, ps, o) { VectorMath.cbrt($0) } })
row("fmod(x, 2pi)", time("") { o in scalarLoop(xs, o) { fmod($0 * 100, 2 * .pi) } },
    time("") { o in vecLoop(SIMD2<Double>.self, xs, o) { VectorMath.fmod($0 * 100, 2 * .pi) } },
    time("") { o in vecLoop(SIMD4<Double>.self, xs, o) { VectorMath.fmod($0 * 100, 2 * .pi) } },
    time("") { o in vecLoop(SIMD8<Double>.self, xs, o) { VectorMath.fmod($0 * 100, 2 * .pi) } })
