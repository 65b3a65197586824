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
