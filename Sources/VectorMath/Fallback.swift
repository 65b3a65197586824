#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// Scalar C-library functions under names that the static members of VectorMath do not shadow.
@usableFromInline func libmSin(_ x: Double) -> Double { sin(x) }
@usableFromInline func libmCos(_ x: Double) -> Double { cos(x) }
@usableFromInline func libmFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }

// Lane-by-lane scalar paths for inputs outside the vector kernels' reduction range (huge arguments).
// They are deliberately not inlined: they are cold and keep the hot vector code small.
extension VectorMath {
    @usableFromInline @inline(never)
    static func fmodFallback<V: SIMD>(_ x: V, _ y: Double) -> V where V.Scalar == Double {
        var r = x
        for i in r.indices { r[i] = libmFmod(x[i], y) }
        return r
    }

    @usableFromInline @inline(never)
    static func sincosFallback<V: SIMD>(_ x: V) -> (sin: V, cos: V) where V.Scalar == Double {
        var s = x, c = x
        for i in x.indices { s[i] = libmSin(x[i]); c[i] = libmCos(x[i]) }
        return (s, c)
    }
}
