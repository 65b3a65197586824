#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a small seeded generator so every run checks the same inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double { Double.random(in: a..<b, using: &self) }
    /// Log-uniform magnitude in [2^lo, 2^hi) with a random sign.
    mutating func logUniform(_ lo: Double, _ hi: Double, signed: Bool = true) -> Double {
        let m = exp2(uniform(lo, hi))
        return signed && next() & 1 == 1 ? -m : m
    }
}

/// Distance in units in the last place between two finite doubles of the same sign region, measured as the
/// number of representable doubles between them (0 when bitwise equal or both NaN; .infinity when exactly
/// one is NaN or they are infinite and differ).
func ulpDistance(_ a: Double, _ b: Double) -> Double {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .infinity }
    if a == b { return 0 }
    if a.isInfinite || b.isInfinite { return .infinity }
    func ordered(_ x: Double) -> Int64 {
        let i = Int64(bitPattern: x.bitPattern)
        return i < 0 ? Int64.min &- i : i
    }
    return Double(ordered(a) &- ordered(b)).magnitude
}

/// Evaluates a vector function over `inputs` in SIMD8 chunks (padding the tail) and returns the lane results.
func mapLanes(_ inputs: [Double], _ f: (SIMD8<Double>) -> SIMD8<Double>) -> [Double] {
    var out = [Double](repeating: 0, count: inputs.count)
    var i = 0
    while i < inputs.count {
        var v = SIMD8<Double>(repeating: 0)
        let n = min(8, inputs.count - i)
        for l in 0..<n { v[l] = inputs[i + l] }
        let r = f(v)
        for l in 0..<n { out[i + l] = r[l] }
        i += 8
    }
    return out
}

/// Worst ulp distance between `got` and `want` and the input where it happened.
func worstUlp(_ inputs: [Double], _ got: [Double], _ want: [Double]) -> (ulp: Double, at: Double) {
    var worst = (ulp: 0.0, at: 0.0)
    for i in inputs.indices {
        let d = ulpDistance(got[i], want[i])
        if d > worst.ulp { worst = (d, inputs[i]) }
    }
    return worst
}

/// Bitwise equality that also treats two NaNs as equal.
func sameValue(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

func libmSin(_ x: Double) -> Double { sin(x) }
func libmCos(_ x: Double) -> Double { cos(x) }
func libmSqrt(_ x: Double) -> Double { sqrt(x) }
func libmCbrt(_ x: Double) -> Double { cbrt(x) }
func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
func libmFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }

#if arch(x86_64) && !os(Windows)
/// The reference precision: x87 80-bit extended (64-bit significand) where available, so errors are measured
/// against results about 2^11 times more precise than a Double; elsewhere the C library's Double functions.
typealias Wide = Float80
#else
typealias Wide = Double
#endif

func wideSin(_ x: Double) -> Wide { sin(Wide(x)) }
func wideCos(_ x: Double) -> Wide { cos(Wide(x)) }
func wideCbrt(_ x: Double) -> Wide { cbrt(Wide(x)) }
func wideAtan2(_ y: Double, _ x: Double) -> Wide { atan2(Wide(y), Wide(x)) }
func widePow(_ x: Double, _ y: Wide) -> Wide { pow(Wide(x), y) }

/// Error of `got` in units in the last place of the Double nearest `ref` (fractional: 0.5 is the best
/// any rounding can do); 0 when both are NaN or equal infinities, .infinity on a NaN/infinity mismatch.
func ulpError(_ got: Double, _ ref: Wide) -> Double {
    if got.isNaN || ref.isNaN { return got.isNaN && ref.isNaN ? 0 : .infinity }
    let r = Double(ref)
    if got.isInfinite || r.isInfinite { return got == r ? 0 : .infinity }
    if ref == 0 { return got == 0 ? 0 : .infinity }
    let e = max(Int(ref.exponent), -1022)
    let ulp = Wide(sign: .plus, exponent: e - 52, significand: 1)
    return Double((Wide(got) - ref).magnitude / ulp)
}

/// Worst `ulpError` over the inputs and where it happened.
func worstError(_ inputs: [Double], _ got: [Double], _ ref: (Double) -> Wide) -> (ulp: Double, at: Double) {
    var worst = (ulp: 0.0, at: 0.0)
    for i in inputs.indices {
        let d = ulpError(got[i], ref(inputs[i]))
        if d > worst.ulp { worst = (d, inputs[i]) }
    }
    return worst
}
