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
///
/// Comparisons return lane masks as integer vectors (all bits set where true) instead of `SIMDMask`: Swift 6.3
/// lowers `SIMDMask` comparisons and selects on 8-lane vectors to per-lane loops on x86 (even with AVX-512), so
/// `SIMD8` implements them on its two `SIMD4` halves, which compile to packed compares.
public protocol SIMDDoubleVector: SIMD, Sendable
where Scalar == Double, MaskStorage.Scalar == Int64, MaskStorage.MaskStorage == MaskStorage {
    /// All bits set in the lanes where `a < b` (clear for NaN operands).
    static func maskLess(_ a: Self, _ b: Self) -> MaskStorage
    /// All bits set in the lanes where `a <= b` (clear for NaN operands).
    static func maskLessOrEqual(_ a: Self, _ b: Self) -> MaskStorage
    /// All bits set in the lanes where `a == b` (clear for NaN operands).
    static func maskEqual(_ a: Self, _ b: Self) -> MaskStorage
    /// Whether any lane of the mask is set.
    static func anyLane(_ m: MaskStorage) -> Bool
    /// Whether every lane of the mask is set.
    static func allLanes(_ m: MaskStorage) -> Bool
}

extension SIMDDoubleVector {
    /// All bits set in the lanes where `a < b`, through `SIMDMask` (packed for up to four lanes).
    @inlinable @inline(__always)
    public static func maskLess(_ a: Self, _ b: Self) -> MaskStorage {
        MaskStorage(repeating: 0).replacing(with: -1, where: a .< b)
    }
    /// All bits set in the lanes where `a <= b`, through `SIMDMask`.
    @inlinable @inline(__always)
    public static func maskLessOrEqual(_ a: Self, _ b: Self) -> MaskStorage {
        MaskStorage(repeating: 0).replacing(with: -1, where: a .<= b)
    }
    /// All bits set in the lanes where `a == b`, through `SIMDMask`.
    @inlinable @inline(__always)
    public static func maskEqual(_ a: Self, _ b: Self) -> MaskStorage {
        MaskStorage(repeating: 0).replacing(with: -1, where: a .== b)
    }
    /// Whether any lane of the mask is set.
    @inlinable @inline(__always)
    public static func anyLane(_ m: MaskStorage) -> Bool { any(m .!= 0) }
    /// Whether every lane of the mask is set.
    @inlinable @inline(__always)
    public static func allLanes(_ m: MaskStorage) -> Bool { all(m .!= 0) }
}

extension SIMD2: SIMDDoubleVector where Scalar == Double {}
extension SIMD4: SIMDDoubleVector where Scalar == Double {}
extension SIMD8: SIMDDoubleVector where Scalar == Double {
    /// All bits set in the lanes where `a < b`, compared as two `SIMD4` halves.
    @inlinable @inline(__always)
    public static func maskLess(_ a: Self, _ b: Self) -> SIMD8<Int64> {
        SIMD8<Int64>(lowHalf: SIMD4<Double>.maskLess(a.lowHalf, b.lowHalf),
                     highHalf: SIMD4<Double>.maskLess(a.highHalf, b.highHalf))
    }
    /// All bits set in the lanes where `a <= b`, compared as two `SIMD4` halves.
    @inlinable @inline(__always)
    public static func maskLessOrEqual(_ a: Self, _ b: Self) -> SIMD8<Int64> {
        SIMD8<Int64>(lowHalf: SIMD4<Double>.maskLessOrEqual(a.lowHalf, b.lowHalf),
                     highHalf: SIMD4<Double>.maskLessOrEqual(a.highHalf, b.highHalf))
    }
    /// All bits set in the lanes where `a == b`, compared as two `SIMD4` halves.
    @inlinable @inline(__always)
    public static func maskEqual(_ a: Self, _ b: Self) -> SIMD8<Int64> {
        SIMD8<Int64>(lowHalf: SIMD4<Double>.maskEqual(a.lowHalf, b.lowHalf),
                     highHalf: SIMD4<Double>.maskEqual(a.highHalf, b.highHalf))
    }
    /// Whether any lane of the mask is set (reduced through the `SIMD4` halves).
    @inlinable @inline(__always)
    public static func anyLane(_ m: SIMD8<Int64>) -> Bool { SIMD4<Double>.anyLane(m.lowHalf | m.highHalf) }
    /// Whether every lane of the mask is set (reduced through the `SIMD4` halves).
    @inlinable @inline(__always)
    public static func allLanes(_ m: SIMD8<Int64>) -> Bool { SIMD4<Double>.allLanes(m.lowHalf & m.highHalf) }
}
extension SIMD16: SIMDDoubleVector where Scalar == Double {
    /// All bits set in the lanes where `a < b`, compared as two `SIMD8` halves.
    @inlinable @inline(__always)
    public static func maskLess(_ a: Self, _ b: Self) -> SIMD16<Int64> {
        SIMD16<Int64>(lowHalf: SIMD8<Double>.maskLess(a.lowHalf, b.lowHalf),
                      highHalf: SIMD8<Double>.maskLess(a.highHalf, b.highHalf))
    }
    /// All bits set in the lanes where `a <= b`, compared as two `SIMD8` halves.
    @inlinable @inline(__always)
    public static func maskLessOrEqual(_ a: Self, _ b: Self) -> SIMD16<Int64> {
        SIMD16<Int64>(lowHalf: SIMD8<Double>.maskLessOrEqual(a.lowHalf, b.lowHalf),
                      highHalf: SIMD8<Double>.maskLessOrEqual(a.highHalf, b.highHalf))
    }
    /// All bits set in the lanes where `a == b`, compared as two `SIMD8` halves.
    @inlinable @inline(__always)
    public static func maskEqual(_ a: Self, _ b: Self) -> SIMD16<Int64> {
        SIMD16<Int64>(lowHalf: SIMD8<Double>.maskEqual(a.lowHalf, b.lowHalf),
                      highHalf: SIMD8<Double>.maskEqual(a.highHalf, b.highHalf))
    }
    /// Whether any lane of the mask is set (reduced through the `SIMD8` halves).
    @inlinable @inline(__always)
    public static func anyLane(_ m: SIMD16<Int64>) -> Bool { SIMD8<Double>.anyLane(m.lowHalf | m.highHalf) }
    /// Whether every lane of the mask is set (reduced through the `SIMD8` halves).
    @inlinable @inline(__always)
    public static func allLanes(_ m: SIMD16<Int64>) -> Bool { SIMD8<Double>.allLanes(m.lowHalf & m.highHalf) }
}
extension SIMD32: SIMDDoubleVector where Scalar == Double {}
extension SIMD64: SIMDDoubleVector where Scalar == Double {}

// MARK: - Lane masks and selection

extension VectorMath {
    /// Lanes of `ifTrue` where `mask` is set, of `ifFalse` elsewhere (`mask` lanes are all-ones or zero, as
    /// returned by ``SIMDDoubleVector/maskLess(_:_:)`` and friends). Pure bit operations on every target.
    @inlinable @inline(__always)
    public static func select<V: SIMDDoubleVector>(_ mask: V.MaskStorage, _ ifTrue: V, _ ifFalse: V) -> V {
        double((bits(ifTrue) & mask) | (bits(ifFalse) & ~mask))
    }

    /// `select` with a scalar for the true lanes.
    @inlinable @inline(__always)
    public static func select<V: SIMDDoubleVector>(_ mask: V.MaskStorage, _ ifTrue: Double, _ ifFalse: V) -> V {
        select(mask, V(repeating: ifTrue), ifFalse)
    }

    /// All-ones lanes where a < b.
    @inlinable @inline(__always)
    public static func less<V: SIMDDoubleVector>(_ a: V, _ b: V) -> V.MaskStorage { V.maskLess(a, b) }
    /// All-ones lanes where a < b.
    @inlinable @inline(__always)
    public static func less<V: SIMDDoubleVector>(_ a: V, _ b: Double) -> V.MaskStorage { V.maskLess(a, V(repeating: b)) }
    /// All-ones lanes where a < b.
    @inlinable @inline(__always)
    public static func less<V: SIMDDoubleVector>(_ a: Double, _ b: V) -> V.MaskStorage { V.maskLess(V(repeating: a), b) }
    /// All-ones lanes where a <= b.
    @inlinable @inline(__always)
    public static func lessOrEqual<V: SIMDDoubleVector>(_ a: V, _ b: V) -> V.MaskStorage { V.maskLessOrEqual(a, b) }
    /// All-ones lanes where a <= b.
    @inlinable @inline(__always)
    public static func lessOrEqual<V: SIMDDoubleVector>(_ a: V, _ b: Double) -> V.MaskStorage {
        V.maskLessOrEqual(a, V(repeating: b))
    }
    /// All-ones lanes where a <= b.
    @inlinable @inline(__always)
    public static func lessOrEqual<V: SIMDDoubleVector>(_ a: Double, _ b: V) -> V.MaskStorage {
        V.maskLessOrEqual(V(repeating: a), b)
    }
    /// All-ones lanes where a == b.
    @inlinable @inline(__always)
    public static func equal<V: SIMDDoubleVector>(_ a: V, _ b: Double) -> V.MaskStorage { V.maskEqual(a, V(repeating: b)) }
    /// All-ones lanes where a is NaN.
    @inlinable @inline(__always)
    public static func isNaN<V: SIMDDoubleVector>(_ a: V) -> V.MaskStorage { ~V.maskEqual(a, a) }
    /// Whether any lane of the mask is set.
    @inlinable @inline(__always)
    public static func anyLane<V: SIMDDoubleVector>(_ m: V.MaskStorage, _: V.Type = V.self) -> Bool { V.anyLane(m) }
    /// Whether every lane of the mask is set.
    @inlinable @inline(__always)
    public static func allLanes<V: SIMDDoubleVector>(_ m: V.MaskStorage, _: V.Type = V.self) -> Bool { V.allLanes(m) }
}

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
    public static func magnitude<V: SIMDDoubleVector>(_ v: V) -> V {
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
