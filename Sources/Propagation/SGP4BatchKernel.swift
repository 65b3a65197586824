import VectorMath

/// The SIMD lane type of the batch propagator: one lane per object.
///
/// Measured on the development machine (AMD Zen 4), CPU ns per near-earth propagation, one thread:
/// SIMD8 65–71 with `-target-cpu haswell` or `skylake-avx512` against 81–90 for SIMD4; on the SSE2 baseline
/// SIMD4 is better (95 against 112: SIMD8 needs four of the sixteen xmm registers per value). SIMD8 is the
/// choice for the wide-vector builds meant for speed. All lane masks go through `SIMDDoubleVector`'s integer
/// masks (`SIMDMask` on SIMD8 is scalarised by Swift 6.3). Swift has no `#if` for the target CPU; a `-D` flag
/// from Package.swift alongside `PERIGEE_TARGET_CPU` would let the baseline build use SIMD4.
typealias BatchLanes = SIMD8<Double>

/// Near-earth SGP4 constants of `V.scalarCount` objects, struct-of-arrays: lane i of every field belongs to
/// the same object. Filled from ``SGP4Record`` (same values, plus products the scalar code forms the same way
/// first); the simplified-drag lanes carry zeros in the full-drag coefficients, which makes the full-drag
/// formulas reduce exactly to the simplified ones.

struct NearEarthLanes<V: SIMDDoubleVector>: Sendable {
    var mo = V(), mdot = V(), argpo = V(), argpdot = V(), nodeo = V(), nodedot = V(), nodecf = V()
    var cc1 = V(), bstarCC4 = V(), t2cof = V()
    var omgcof = V(), eta = V(), xmcof = V(), delmo = V(), d2 = V(), d3 = V(), d4 = V()
    var bstarCC5 = V(), sinmao = V(), t3cof = V(), t4cof = V(), t5cof = V()
    var noUnkozai = V(), ecco = V(), inclo = V()
    /// pow(xke / noUnkozai, 2/3), exactly as the scalar code evaluates it (libm), hoisted out of the time loop.
    var amBase = V()
    var xke = V(), j2 = V(), aycof = V(), xlcof = V(), con41 = V(), x1mth2 = V(), x7thm1 = V()
    /// sin and cos of the inclination (libm; near-earth inclination is constant in time).
    var sinip = V(), cosip = V()
    var earthRadiusKm = V(), velocityKmPerS = V()
    /// Whether any lane uses the full drag model (otherwise the cos/sin drag terms are skipped).
    var anyFullDrag = false

    init() {}

    /// Packs up to `V.scalarCount` near-earth records; missing lanes repeat the first record.
    init(_ records: [SGP4Record]) {
        let first = records[0]
        for lane in 0..<V.scalarCount {
            let r = lane < records.count ? records[lane] : first
            let full = !r.simplifiedDrag
            if full { anyFullDrag = true }
            mo[lane] = r.mo; mdot[lane] = r.mdot; argpo[lane] = r.argpo; argpdot[lane] = r.argpdot
            nodeo[lane] = r.nodeo; nodedot[lane] = r.nodedot; nodecf[lane] = r.nodecf
            cc1[lane] = r.cc1; bstarCC4[lane] = r.bstar * r.cc4; t2cof[lane] = r.t2cof
            omgcof[lane] = full ? r.omgcof : 0; eta[lane] = full ? r.eta : 0; xmcof[lane] = full ? r.xmcof : 0
            delmo[lane] = full ? r.delmo : 0
            d2[lane] = full ? r.d2 : 0; d3[lane] = full ? r.d3 : 0; d4[lane] = full ? r.d4 : 0
            bstarCC5[lane] = full ? r.bstar * r.cc5 : 0; sinmao[lane] = full ? r.sinmao : 0
            t3cof[lane] = full ? r.t3cof : 0; t4cof[lane] = full ? r.t4cof : 0; t5cof[lane] = full ? r.t5cof : 0
            noUnkozai[lane] = r.noUnkozai; ecco[lane] = r.ecco; inclo[lane] = r.inclo
            amBase[lane] = lmPow(r.xke / r.noUnkozai, twoThirds)
            xke[lane] = r.xke; j2[lane] = r.j2; aycof[lane] = r.aycof; xlcof[lane] = r.xlcof
            con41[lane] = r.con41; x1mth2[lane] = r.x1mth2; x7thm1[lane] = r.x7thm1
            sinip[lane] = lmSin(r.inclo); cosip[lane] = lmCos(r.inclo)
            earthRadiusKm[lane] = r.earthRadiusKm; velocityKmPerS[lane] = r.velocityKmPerS
        }
    }
}

/// One near-earth evaluation of a group of lanes: TEME state and, per lane, the error code (0 = none).

struct NearEarthLaneStates<V: SIMDDoubleVector> {
    var x: V, y: V, z: V, vx: V, vy: V, vz: V
    /// 0 where the state is valid, else Vallado's error code (1, 4 or 6), as a Double.
    var code: V
    /// The mean eccentricity, to tell the three error-1 conditions apart.
    var em: V
}

extension NearEarthLanes {
    /// Near-earth SGP4 (Vallado's `sgp4` without the deep-space branches) for every lane at its own time
    /// `t` (minutes since that lane's epoch), in the same operation order as ``SGP4Record/state(minutesSinceEpoch:)``
    /// so the results agree to rounding. The differences: the vector elementary functions (≤ 1–2 ulp against
    /// libm's); x^1.5 evaluated as x·√x instead of pow; the Kepler iteration's sine and cosine advanced by angle
    /// addition after the first iteration; sin(mm) from sin/cos(xmdf) by angle addition; sin/cos(su) and sin/cos(xinc) by angle addition of the small
    /// short-period corrections instead of atan2 and full evaluations (with a full fallback).
    /// Square roots use `squareRoot()` (one correctly rounded `sqrtsd` per lane, the same result as the scalar
    /// code, and faster than the Newton iteration of `VectorMath.sqrt` in this kernel).
    @inline(__always)
    func evaluate(_ t: V) -> NearEarthLaneStates<V> {
        typealias M = VectorMath
        // Secular gravity and atmospheric drag.
        let xmdf = mo + mdot * t
        let argpdf = argpo + argpdot * t
        let nodedf = nodeo + nodedot * t
        var argpm = argpdf
        var mm = xmdf
        let t2 = t * t
        var nodem = nodedf + nodecf * t2
        var tempa = 1.0 - cc1 * t
        var tempe = bstarCC4 * t
        var templ = t2cof * t2
        if anyFullDrag {
            // simplified-drag lanes have zero coefficients here, so these lines leave them unchanged
            let delomg = omgcof * t
            let (sinXmdf, cosXmdf) = M.sincos(xmdf)
            let delmtemp = 1.0 + eta * cosXmdf
            let delm = xmcof * (delmtemp * delmtemp * delmtemp - delmo)
            let temp = delomg + delm
            mm = xmdf + temp
            argpm = argpdf - temp
            let t3 = t2 * t
            let t4 = t3 * t
            tempa = tempa - d2 * t2 - d3 * t3 - d4 * t4
            // sin(mm) = sin(xmdf + temp) by angle addition when the drag correction is small (it is, in practice)
            let sinMm: V
            if M.allLanes(M.lessOrEqual(temp, 0.0625) & M.lessOrEqual(-0.0625, temp), V.self) {
                let (sd, cd) = M.sincosSmall(temp)
                sinMm = sinXmdf * cd + cosXmdf * sd
            } else {
                sinMm = M.sin(mm)
            }
            tempe = tempe + bstarCC5 * (sinMm - sinmao)
            let l3 = t3cof * t3
            let l4 = t4 * (t4cof + t * t5cof)
            templ = templ + l3 + l4
        }
        let nm0 = noUnkozai
        let am = amBase * tempa * tempa
        let nm = xke / (am * am.squareRoot())
        var em = ecco - tempe
        let error1 = ~(M.less(em, 1.0) & M.lessOrEqual(-0.001, em))
        let emRaw = em
        em = M.select(M.less(em, 1.0e-6), 1.0e-6, em)
        mm = mm + nm0 * templ
        (mm, argpm, nodem) = reducedSecularAngles(mm: mm, argpm: argpm, nodem: nodem)

        let tail = sgp4LaneTail(em: em, argpm: argpm, nodem: nodem, mm: mm, am: am, nm: nm, aycof: aycof,
                                xlcof: xlcof, con41: con41, x1mth2: x1mth2, x7thm1: x7thm1, sinip: sinip,
                                cosip: cosip, inclination: inclo, xke: xke, j2: j2, earthRadiusKm: earthRadiusKm,
                                velocityKmPerS: velocityKmPerS)
        var code = M.select(tail.error6, 6, V())
        code = M.select(tail.error4, 4, code)
        code = M.select(error1, 1, code)
        return NearEarthLaneStates(x: tail.x, y: tail.y, z: tail.z, vx: tail.vx, vy: tail.vy, vz: tail.vz,
                                   code: code, em: emRaw)
    }
}

/// The state and the error masks of error codes 4 and 6 from ``sgp4LaneTail``.
struct LaneTail<V: SIMDDoubleVector> {
    var x: V, y: V, z: V, vx: V, vy: V, vz: V
    /// All-ones where the semi-latus rectum is negative (error 4), where the radius is below one Earth radius
    /// (error 6).
    var error4: V.MaskStorage, error6: V.MaskStorage
}

/// SGP4's reduction of the secular angles modulo 2π (node, argument of perigee, mean longitude), with the mean
/// anomaly taken from the reduced mean longitude, as the scalar `SGP4Record.state` does it; shared by the near-earth
/// and deep-space lanes.
@inline(__always)
func reducedSecularAngles<V: SIMDDoubleVector>(mm: V, argpm: V, nodem: V) -> (mm: V, argpm: V, nodem: V) {
    typealias M = VectorMath
    let xlm = M.fmod(mm + argpm + nodem, twoPi)
    let node = M.fmod(nodem, twoPi), argp = M.fmod(argpm, twoPi)
    return (M.fmod(xlm - argp - node, twoPi), argp, node)
}

/// The part of SGP4 that near-earth and deep-space lanes share, from the mean elements after the secular (and,
/// in deep space, lunar–solar) terms: long-period periodics, Kepler's equation, short-period periodics and the
/// orientation vectors, in the operation order of ``SGP4Record/state(minutesSinceEpoch:)``. The differences:
/// the vector elementary functions (≤ 1–2 ulp against libm's); the Kepler iteration's sine and cosine advanced
/// by angle addition after the first iteration; sin/cos(su) and sin/cos(xinc) by angle addition of the small
/// short-period corrections instead of atan2 and full evaluations (with a full fallback).
/// Square roots use `squareRoot()` (one correctly rounded `sqrtsd` per lane, the same result as the scalar
/// code, and faster than the Newton iteration of `VectorMath.sqrt` in this kernel).
/// - Parameters: `em`, `argpm`, `nodem`, `mm`: eccentricity, argument of perigee, node, mean anomaly (after
///   the deep-space periodics where they apply); `sinip`, `cosip`: sine and cosine of `inclination`;
///   `aycof` … `x7thm1`: the inclination-dependent coefficients.
@inline(__always)
func sgp4LaneTail<V: SIMDDoubleVector>(em: V, argpm: V, nodem: V, mm: V, am: V, nm: V, aycof: V, xlcof: V,
                                       con41: V, x1mth2: V, x7thm1: V, sinip: V, cosip: V, inclination: V,
                                       xke: V, j2: V, earthRadiusKm: V, velocityKmPerS: V) -> LaneTail<V> {
    typealias M = VectorMath
    // Long-period periodics.
    let (sinArgp, cosArgp) = M.sincos(argpm)
    let axnl = em * cosArgp
    var temp = 1.0 / (am * (1.0 - em * em))
    let aynl = em * sinArgp + temp * aycof
    let xl = mm + argpm + nodem + temp * xlcof * axnl

    // Kepler's equation, iterated per lane until that lane converges (at most 10 times). After the first
    // sine/cosine, each update eo1 += tem5 advances (sin, cos) by angle addition when every active step is
    // small (|tem5| ≤ 1/16), which is the usual case after the first iteration.
    let u = M.fmod(xl - nodem, twoPi)
    var eo1 = u
    var (s, c) = M.sincos(u)
    var sineo1 = s, coseo1 = c
    var active = V.MaskStorage(repeating: -1)
    var ktr = 1
    while true {
        sineo1 = M.select(active, s, sineo1)
        coseo1 = M.select(active, c, coseo1)
        var tem5 = 1.0 - c * axnl - s * aynl
        tem5 = (u - aynl * c + axnl * s - eo1) / tem5
        tem5 = M.select(M.lessOrEqual(0.95, tem5), 0.95, tem5)
        tem5 = M.select(M.lessOrEqual(tem5, -0.95), -0.95, tem5)
        eo1 = M.select(active, eo1 + tem5, eo1)
        // continue while |tem5| >= 1e-12 (NaN stops, as in the scalar loop)
        active = active & (M.lessOrEqual(1.0e-12, tem5) | M.lessOrEqual(tem5, -1.0e-12))
        ktr += 1
        if ktr > 10 || !M.anyLane(active, V.self) { break }
        let step = M.select(active, tem5, V())
        if M.allLanes(M.lessOrEqual(step, 0.0625) & M.lessOrEqual(-0.0625, step), V.self) {
            let (sd, cd) = M.sincosSmall(step)
            (s, c) = (s * cd + c * sd, c * cd - s * sd)
        } else {
            (s, c) = M.sincos(eo1)
        }
    }

    // Short-period preliminary quantities.
    let ecose = axnl * coseo1 + aynl * sineo1
    let esine = axnl * sineo1 - aynl * coseo1
    let el2 = axnl * axnl + aynl * aynl
    let pl = am * (1.0 - el2)
    let error4 = ~M.lessOrEqual(0.0, pl)
    let rl = am * (1.0 - ecose)
    let rdotl = am.squareRoot() * esine / rl
    let rvdotl = pl.squareRoot() / rl
    let betal = (1.0 - el2).squareRoot()
    temp = esine / (1.0 + betal)
    let amOverRl = am / rl
    let sinu = amOverRl * (sineo1 - aynl - axnl * temp)
    let cosu = amOverRl * (coseo1 - axnl + aynl * temp)
    let sin2u = (cosu + cosu) * sinu
    let cos2u = 1.0 - 2.0 * sinu * sinu
    temp = 1.0 / pl
    let temp1 = 0.5 * j2 * temp
    let temp2 = temp1 * temp

    // Short-period periodics. su = atan2(sinu, cosu) − dsu, xinc = inclo + dinc: their sines and cosines
    // come from (sinu, cosu)/|(sinu, cosu)| and (sin, cos) of the inclination by angle addition when the
    // corrections are small (always, in practice), else from atan2 and full sine/cosine like the scalar code.
    let mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
    let dsu = 0.25 * temp2 * x7thm1 * sin2u
    let xnode = nodem + 1.5 * temp2 * cosip * sin2u
    let dinc = 1.5 * temp2 * cosip * sinip * cos2u
    let nmTemp1 = nm * temp1
    let mvt = rdotl - nmTemp1 * x1mth2 * sin2u / xke
    let rvdot = rvdotl + nmTemp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

    // Orientation vectors.
    let sinsu: V, cossu: V, sini: V, cosi: V
    let small = M.lessOrEqual(dsu, 0.0625) & M.lessOrEqual(-0.0625, dsu)
        & M.lessOrEqual(dinc, 0.0625) & M.lessOrEqual(-0.0625, dinc)
    if M.allLanes(small, V.self) {
        // 1/|(sinu, cosu)| by one Newton step from 1 (|(sinu, cosu)| = 1 to rounding)
        let norm = 1.5 - 0.5 * (sinu * sinu + cosu * cosu)
        let su0 = sinu * norm, cu0 = cosu * norm
        let (sd, cd) = M.sincosSmall(dsu)
        sinsu = su0 * cd - cu0 * sd
        cossu = cu0 * cd + su0 * sd
        let (si, ci) = M.sincosSmall(dinc)
        sini = sinip * ci + cosip * si
        cosi = cosip * ci - sinip * si
    } else {
        let su = M.atan2(sinu, cosu) - dsu
        (sinsu, cossu) = M.sincos(su)
        (sini, cosi) = M.sincos(inclination + dinc)
    }
    let (snod, cnod) = M.sincos(xnode)
    let xmx = -snod * cosi
    let xmy = cnod * cosi
    let ux = xmx * sinsu + cnod * cossu
    let uy = xmy * sinsu + snod * cossu
    let uz = sini * sinsu
    let vx = xmx * cossu - cnod * sinsu
    let vy = xmy * cossu - snod * sinsu
    let vz = sini * cossu
    let error6 = ~M.lessOrEqual(1.0, mrt)

    let rScale = mrt * earthRadiusKm
    let vkms = velocityKmPerS
    return LaneTail(
        x: rScale * ux, y: rScale * uy, z: rScale * uz,
        vx: (mvt * ux + rvdot * vx) * vkms, vy: (mvt * uy + rvdot * vy) * vkms, vz: (mvt * uz + rvdot * vz) * vkms,
        error4: error4, error6: error6)
}
