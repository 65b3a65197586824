/// Full-precision elementary functions on SIMD vectors of `Double`.
///
/// Every function is generic over any `SIMD` vector whose scalar is `Double` (`SIMD2`, `SIMD4`, `SIMD8`,
/// `SIMD16<Double>`), `@inlinable` so that it is specialised into the caller, allocation-free, and written as
/// plain arithmetic, comparisons, selects and bit casts, which the compiler turns into packed vector
/// instructions. See `Tools/vmath/README.md` for accuracy figures and how the coefficients were derived.
///
/// Two lowering facts shape the code (checked in the assembly, Swift 6.3.1, x86-64):
/// - On the baseline target (SSE2) `addingProduct` becomes a call to libm `fma` per lane and
///   `rounded(_:)` a call to `rint`/`trunc`/`floor` per lane, so neither is used here: rounding to an
///   integer uses the 1.5·2⁵² "magic number" addition, and exact products use Dekker/Veltkamp splitting.
/// - `squareRoot()` on a SIMD type is one scalar `sqrtsd` per lane (plus a libm call for negative input),
///   so ``sqrt(_:)`` uses a bit-trick reciprocal-square-root guess refined by Newton steps instead.
public enum VectorMath {}

/// A SIMD vector of `Double` lanes whose bit patterns are `Int64` lanes of the same width — the shape
/// every ``VectorMath`` function is generic over. `SIMD2`, `SIMD4`, `SIMD8`, `SIMD16`, `SIMD32` and
/// `SIMD64<Double>` conform.
public protocol SIMDDoubleVector: SIMD, Sendable
where Scalar == Double, MaskStorage.Scalar == Int64, MaskStorage.MaskStorage == MaskStorage {}

extension SIMD2: SIMDDoubleVector where Scalar == Double {}
extension SIMD4: SIMDDoubleVector where Scalar == Double {}
extension SIMD8: SIMDDoubleVector where Scalar == Double {}
extension SIMD16: SIMDDoubleVector where Scalar == Double {}
extension SIMD32: SIMDDoubleVector where Scalar == Double {}
extension SIMD64: SIMDDoubleVector where Scalar == Double {}

// MARK: - Bit-level helpers (internal)

extension VectorMath {
    /// 1.5 × 2⁵²: adding it to |v| < 2⁵¹ rounds v to the nearest integer (ties to even) and leaves that
    /// integer, in two's complement, in the low mantissa bits.
    @usableFromInline static let roundingMagic: Double = 0x1.8p52

    /// The raw IEEE-754 bit patterns of the lanes.
    @inlinable @inline(__always)
    static func bits<V: SIMDDoubleVector>(_ v: V) -> V.MaskStorage {
        unsafeBitCast(v, to: V.MaskStorage.self)
    }

    /// The `Double` lanes with the given IEEE-754 bit patterns.
    @inlinable @inline(__always)
    static func double<V: SIMDDoubleVector>(_ b: V.MaskStorage, as: V.Type = V.self) -> V {
        unsafeBitCast(b, to: V.self)
    }

    /// |v| lane-wise (clears the sign bit; NaN stays NaN).
    @inlinable @inline(__always)
    static func magnitude<V: SIMDDoubleVector>(_ v: V) -> V {
        double(bits(v) & V.MaskStorage(repeating: Int64.max))
    }

    /// The sign bits of the lanes (0 or `Int64.min`).
    @inlinable @inline(__always)
    static func signBits<V: SIMDDoubleVector>(_ v: V) -> V.MaskStorage {
        bits(v) & V.MaskStorage(repeating: Int64.min)
    }

    /// `v` with its sign bits flipped where `sign` has the sign bit set.
    @inlinable @inline(__always)
    static func flipSign<V: SIMDDoubleVector>(_ v: V, _ sign: V.MaskStorage) -> V {
        double(bits(v) ^ sign)
    }

    /// Splits each lane into a 26-bit high part and the exact remainder (Veltkamp), so products of
    /// high parts (and of high with low parts) are exact in `Double`.
    @inlinable @inline(__always)
    static func split<V: SIMD>(_ a: V) -> (hi: V, lo: V) where V.Scalar == Double {
        let c = a * 134_217_729.0 // 2^27 + 1
        let hi = c - (c - a)
        return (hi, a - hi)
    }

    /// a × b as an unevaluated sum p + e with p = fl(a × b) (Dekker; exact barring overflow/underflow).
    @inlinable @inline(__always)
    static func twoProduct<V: SIMD>(_ a: V, _ b: V) -> (p: V, e: V) where V.Scalar == Double {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
        return (p, e)
    }
}
