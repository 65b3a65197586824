#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Elementary functions for SGP4, routed through the platform C library so that results agree bit for bit with
// the C/C++ reference implementations on the same platform.

/// 2π.
@usableFromInline let twoPi: Double = 2.0 * Double.pi
/// Degrees to radians, π/180.
@usableFromInline let degreesToRadians: Double = Double.pi / 180.0
/// 2/3.
@usableFromInline let twoThirds: Double = 2.0 / 3.0

#if canImport(Glibc)
/// The C signature of glibc's `sincos`.
typealias SinCosFunction = @convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void

/// glibc's `sincos`, looked up once at run time (the Glibc module does not export this GNU extension).
///
/// glibc computes `sincos(x)` with the same kernels as `sin(x)` and `cos(x)`, so the results are bit-identical
/// to the separate calls while the argument reduction is shared; C compilers make the same substitution when they
/// see both calls, which is why the reference C++ code gets it for free. `nil` (falling back to separate calls)
/// if the symbol cannot be found, for example in a fully static executable.
let glibcSinCos: SinCosFunction? = {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sincos") else { return nil }
    return unsafeBitCast(symbol, to: SinCosFunction.self)
}()
#endif

/// sin x and cos x, bit-identical to `sin` and `cos`, sharing the argument reduction where the C library allows.
@inline(__always) func lmSinCos(_ x: Double) -> (sin: Double, cos: Double) {
    #if canImport(Glibc)
    if let sincos = glibcSinCos {
        var s = 0.0
        var c = 0.0
        sincos(x, &s, &c)
        return (s, c)
    }
    #endif
    return (sin(x), cos(x))
}

/// sin x.
@inline(__always) func lmSin(_ x: Double) -> Double { sin(x) }
/// cos x.
@inline(__always) func lmCos(_ x: Double) -> Double { cos(x) }
/// atan2(y, x).
@inline(__always) func lmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
/// xʸ.
@inline(__always) func lmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
/// The C `fmod`: x − n·y with n = trunc(x/y), exactly.
@inline(__always) func lmFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
