import VectorMath

/// Deep-space (SDP4) SGP4 constants of `V.scalarCount` objects, struct-of-arrays like ``NearEarthLanes``: lane i
/// of every field belongs to the same object. Filled from ``SGP4Record`` with the same values (and the products
/// the scalar code forms first). Deep-space records always use the simplified drag model, so only its terms are
/// kept.
///
/// The lunar–solar secular terms and periodics are vector code; the resonance integration of resonant lanes
/// stays scalar (libm, bit-identical to the scalar propagator) and is fed in per time as ``ResonanceLanes``.
struct DeepSpaceLanes<V: SIMDDoubleVector>: Sendable {
    var mo = V(), mdot = V(), argpo = V(), argpdot = V(), nodeo = V(), nodedot = V(), nodecf = V()
    var cc1 = V(), bstarCC4 = V(), t2cof = V()
    var noUnkozai = V(), ao = V(), ecco = V(), inclo = V(), gsto = V()
    var xke = V(), j2 = V(), j3oj2 = V(), earthRadiusKm = V(), velocityKmPerS = V()
    // lunar–solar secular rates (dsinit)
    var dedt = V(), didt = V(), domdt = V(), dnodt = V(), dmdt = V()
    // lunar–solar periodic coefficients (dpper)
    var zmos = V(), zmol = V()
    var se2 = V(), se3 = V(), si2 = V(), si3 = V(), sl2 = V(), sl3 = V(), sl4 = V()
    var sgh2 = V(), sgh3 = V(), sgh4 = V(), sh2 = V(), sh3 = V()
    var ee2 = V(), e3 = V(), xi2 = V(), xi3 = V(), xl2 = V(), xl3 = V(), xl4 = V()
    var xgh2 = V(), xgh3 = V(), xgh4 = V(), xh2 = V(), xh3 = V()
    /// 1 in lanes whose record uses the AFSPC operations (node wrapping in the Lyddane branch), else 0.
    var afspcFlag = V()
    /// 1 in lanes with a 24-hour resonance, else 0; 1 in lanes with a 12-hour resonance, else 0.
    var synchronousFlag = V(), halfDayFlag = V()
    /// The lanes (indices) with a resonance, which need ``ResonanceLanes`` at every time.
    var resonantLanes: [Int] = []
    /// The records, per lane (padding lanes repeat the first), for the scalar resonance integration.
    var records: [SGP4Record] = []

    init() {}

    /// Packs up to `V.scalarCount` deep-space records (each with ``SGP4Record/simplifiedDrag`` set); missing
    /// lanes repeat the first record without its resonance (they are never written out).
    init(_ records: [SGP4Record]) {
        let first = records[0]
        for lane in 0..<V.scalarCount {
            let real = lane < records.count
            let r = real ? records[lane] : first
            let d = r.deepSpace
            self.records.append(r)
            mo[lane] = r.mo; mdot[lane] = r.mdot; argpo[lane] = r.argpo; argpdot[lane] = r.argpdot
            nodeo[lane] = r.nodeo; nodedot[lane] = r.nodedot; nodecf[lane] = r.nodecf
            cc1[lane] = r.cc1; bstarCC4[lane] = r.bstar * r.cc4; t2cof[lane] = r.t2cof
            noUnkozai[lane] = r.noUnkozai; ao[lane] = r.ao; ecco[lane] = r.ecco; inclo[lane] = r.inclo
            gsto[lane] = r.gsto
            xke[lane] = r.xke; j2[lane] = r.j2; j3oj2[lane] = r.j3oj2
            earthRadiusKm[lane] = r.earthRadiusKm; velocityKmPerS[lane] = r.velocityKmPerS
            dedt[lane] = d.dedt; didt[lane] = d.didt; domdt[lane] = d.domdt; dnodt[lane] = d.dnodt; dmdt[lane] = d.dmdt
            zmos[lane] = d.zmos; zmol[lane] = d.zmol
            se2[lane] = d.se2; se3[lane] = d.se3; si2[lane] = d.si2; si3[lane] = d.si3
            sl2[lane] = d.sl2; sl3[lane] = d.sl3; sl4[lane] = d.sl4
            sgh2[lane] = d.sgh2; sgh3[lane] = d.sgh3; sgh4[lane] = d.sgh4; sh2[lane] = d.sh2; sh3[lane] = d.sh3
            ee2[lane] = d.ee2; e3[lane] = d.e3; xi2[lane] = d.xi2; xi3[lane] = d.xi3
            xl2[lane] = d.xl2; xl3[lane] = d.xl3; xl4[lane] = d.xl4
            xgh2[lane] = d.xgh2; xgh3[lane] = d.xgh3; xgh4[lane] = d.xgh4; xh2[lane] = d.xh2; xh3[lane] = d.xh3
            if r.afspcMode { afspcFlag[lane] = 1 }
            if real {
                switch d.resonance {
                case .none: break
                case .synchronous: synchronousFlag[lane] = 1; resonantLanes.append(lane)
                case .halfDay: halfDayFlag[lane] = 1; resonantLanes.append(lane)
                }
            }
        }
    }
}

/// The scalar part of a deep-space evaluation for the resonant lanes at one time (zero in the other lanes): the
/// integrated mean motion and resonant longitude.
struct ResonanceLanes<V: SIMDDoubleVector> {
    var nm = V(), xl = V()

    /// Integrates the resonance of each resonant lane to its time `t[lane]`, continuing from (and updating)
    /// `states[lane]`; exactly the scalar operations of ``SGP4Record/state(minutesSinceEpoch:)``. Lanes with a
    /// non-finite time, or one beyond ``SGP4Record/maximumResonantMinutes``, are left NaN (the caller reports them).
    /// `objects[lane]` is the lane's object index into `states`; lanes whose `live` entry is 0 are skipped.
    @inline(__always)
    init(records: [SGP4Record], lanes: [Int], live: V.MaskStorage, objects: [Int], t: V,
         states: UnsafeMutableBufferPointer<SGP4Record.DeepSpace.ResonanceState>) {
        for lane in lanes where live[lane] != 0 {
            let r = records[lane]
            let tl = t[lane]
            guard tl.isFinite, abs(tl) <= SGP4Record.maximumResonantMinutes else {
                nm[lane] = .nan; xl[lane] = .nan
                continue
            }
            let integrated = r.deepSpace.integrateResonance(record: r, t: tl, state: &states[objects[lane]])
            nm[lane] = integrated.nm
            xl[lane] = integrated.xl
        }
    }
}

extension DeepSpaceLanes {
    /// Deep-space SGP4 (Vallado's `sgp4` with `dspace` and `dpper`) for every lane at its own time `t` (minutes
    /// since that lane's epoch), in the operation order of ``SGP4Record/state(minutesSinceEpoch:)``, with the
    /// resonant lanes' integration from `resonance`. As in ``NearEarthLanes/evaluate(_:)``, the elementary
    /// functions are the vector ones (≤ 1–2 ulp against libm's), so results agree to rounding. Error codes
    /// (0 = none) follow the scalar order of checks: 7 (non-finite time, reported as error 1), 2, 1, 3, 4, 6.
    @inline(__always)
    func evaluate(_ t: V, resonance: ResonanceLanes<V>?) -> NearEarthLaneStates<V> {
        typealias M = VectorMath
        // Secular gravity and simplified drag.
        let xmdf = mo + mdot * t
        let argpdf = argpo + argpdot * t
        let nodedf = nodeo + nodedot * t
        let t2 = t * t
        var nodem = nodedf + nodecf * t2
        let tempa = 1.0 - cc1 * t
        let tempe = bstarCC4 * t
        let templ = t2cof * t2

        // Lunar–solar secular terms (dspace).
        var em = ecco + dedt * t
        let inclm = inclo + didt * t
        var argpm = argpdf + domdt * t
        nodem = nodem + dnodt * t
        var mm = xmdf + dmdt * t
        var nm = noUnkozai
        var amBase = ao
        if let resonance {
            let synchronous = M.equal(synchronousFlag, 1.0), halfDay = M.equal(halfDayFlag, 1.0)
            let resonant = synchronous | halfDay
            let theta = M.fmod(gsto + t * SGP4Record.DeepSpace.rptim, twoPi)
            let mmSynchronous = resonance.xl - nodem - argpm + theta
            let mmHalfDay = resonance.xl - 2.0 * nodem + 2.0 * theta
            mm = M.select(synchronous, mmSynchronous, M.select(halfDay, mmHalfDay, mm))
            nm = M.select(resonant, resonance.nm, nm)
            // (xke/nm)^(2/3), or ao while nm is still the epoch mean motion as in the scalar code
            let powered = M.powTwoThirds(xke / resonance.nm)
            amBase = M.select(resonant & ~V.maskEqual(resonance.nm, noUnkozai), powered, amBase)
        }
        let error2 = ~M.less(0.0, nm)
        let am = amBase * tempa * tempa
        nm = xke / (am * am.squareRoot())
        em = em - tempe
        let error1 = ~(M.less(em, 1.0) & M.lessOrEqual(-0.001, em))
        let emRaw = em
        em = M.select(M.less(em, 1.0e-6), 1.0e-6, em)
        mm = mm + noUnkozai * templ
        (mm, argpm, nodem) = reducedSecularAngles(mm: mm, argpm: argpm, nodem: nodem)

        // Lunar–solar periodics (dpper).
        let p = periodics(t, ep: em, inclp: inclm, nodep: nodem, argpp: argpm, mp: mm)
        var xincp = p.inclp, nodep = p.nodep, argpp = p.argpp
        let ep = p.ep
        let negative = M.less(xincp, 0.0)
        if M.anyLane(negative, V.self) {
            xincp = M.select(negative, -xincp, xincp)
            nodep = M.select(negative, nodep + Double.pi, nodep)
            argpp = M.select(negative, argpp - Double.pi, argpp)
        }
        let error3 = ~(M.lessOrEqual(0.0, ep) & M.lessOrEqual(ep, 1.0))
        // Long-period coefficients from the perturbed inclination.
        let (sinip, cosip) = M.sincos(xincp)
        let aycof = -0.5 * j3oj2 * sinip
        let xlcofNumerator = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip)
        let onePlusCos = 1.0 + cosip
        let xlcof = xlcofNumerator / M.select(M.less(1.5e-12, M.select(M.less(cosip + 1.0, 0.0), -(cosip + 1.0),
                                                                          cosip + 1.0)),
                                              onePlusCos, V(repeating: 1.5e-12))
        let cosisq = cosip * cosip
        let tail = sgp4LaneTail(em: ep, argpm: argpp, nodem: nodep, mm: p.mp, am: am, nm: nm,
                                aycof: aycof, xlcof: xlcof, con41: 3.0 * cosisq - 1.0, x1mth2: 1.0 - cosisq,
                                x7thm1: 7.0 * cosisq - 1.0, sinip: sinip, cosip: cosip, inclination: xincp,
                                xke: xke, j2: j2, earthRadiusKm: earthRadiusKm, velocityKmPerS: velocityKmPerS)
        // Code 7: a non-finite time, or a resonant lane's time beyond the integration's limit.
        let resonantLane = M.equal(synchronousFlag, 1.0) | M.equal(halfDayFlag, 1.0)
        let tooFar = resonantLane
            & M.less(V(repeating: SGP4Record.maximumResonantMinutes), M.select(M.less(t, 0.0), -t, t))
        let nonFinite = ~M.equal(t - t, 0.0) | tooFar
        var code = M.select(tail.error6, 6, V())
        code = M.select(tail.error4, 4, code)
        code = M.select(error3, 3, code)
        code = M.select(error1, 1, code)
        code = M.select(error2, 2, code)
        code = M.select(nonFinite, 7, code)
        return NearEarthLaneStates(x: tail.x, y: tail.y, z: tail.z, vx: tail.vx, vy: tail.vy, vz: tail.vz,
                                   code: code, em: emRaw)
    }

    /// Vallado's `dpper` after initialisation, lane-wise: the lunar–solar periodics added to the mean elements,
    /// with the Lyddane modification (evaluated only when some lane's inclination is below 0.2 rad).
    @inline(__always)
    func periodics(_ t: V, ep: V, inclp: V, nodep: V, argpp: V, mp: V)
        -> (ep: V, inclp: V, nodep: V, argpp: V, mp: V)
    {
        typealias M = VectorMath
        let zns = 1.19459e-5
        let zes = 0.01675
        let znl = 1.5835218e-4
        let zel = 0.05490

        // Solar terms. zf = zm + δ with |δ| ≤ 2·zes < 1/16: sin and cos of zf by angle addition.
        var zm = zmos + zns * t
        let (sinzm, coszm) = M.sincos(zm)
        let delta = 2.0 * zes * sinzm
        let (sind, cosd) = M.sincosSmall(delta)
        var sinzf = sinzm * cosd + coszm * sind
        var coszf = coszm * cosd - sinzm * sind
        var f2 = 0.5 * sinzf * sinzf - 0.25
        var f3 = -0.5 * sinzf * coszf
        let ses = se2 * f2 + se3 * f3
        let sis = si2 * f2 + si3 * f3
        let sls = sl2 * f2 + sl3 * f3 + sl4 * sinzf
        let sghs = sgh2 * f2 + sgh3 * f3 + sgh4 * sinzf
        let shs = sh2 * f2 + sh3 * f3

        // Lunar terms.
        zm = zmol + znl * t
        let zf = zm + 2.0 * zel * M.sin(zm)
        (sinzf, coszf) = M.sincos(zf)
        f2 = 0.5 * sinzf * sinzf - 0.25
        f3 = -0.5 * sinzf * coszf
        let sel = ee2 * f2 + e3 * f3
        let sil = xi2 * f2 + xi3 * f3
        let sll = xl2 * f2 + xl3 * f3 + xl4 * sinzf
        let sghl = xgh2 * f2 + xgh3 * f3 + xgh4 * sinzf
        let shll = xh2 * f2 + xh3 * f3

        let pe = ses + sel
        let pinc = sis + sil
        let pl = sls + sll
        let pgh = sghs + sghl
        let ph = shs + shll

        let inclpOut = inclp + pinc
        let epOut = ep + pe
        let (sinip, cosip) = M.sincos(inclpOut)

        // Direct application (inclination ≥ 0.2 rad).
        let phDirect = ph / sinip
        var argppOut = argpp + (pgh - cosip * phDirect)
        var nodepOut = nodep + phDirect
        let mpOut = mp + pl
        let lyddane = ~M.lessOrEqual(0.2, inclpOut)
        if M.anyLane(lyddane, V.self) {
            // Lyddane modification: the periodics applied to the non-singular elements.
            let afspc = M.equal(afspcFlag, 1.0)
            let (sinop, cosop) = M.sincos(nodep)
            var alfdp = sinip * sinop
            var betdp = sinip * cosop
            let dalf = ph * cosop + pinc * cosip * sinop
            let dbet = -ph * sinop + pinc * cosip * cosop
            alfdp = alfdp + dalf
            betdp = betdp + dbet
            var node = M.fmod(nodep, twoPi)
            node = M.select(M.less(node, 0.0) & afspc, node + twoPi, node)
            var xls = mp + argpp + cosip * node
            let dls = pl + pgh - pinc * node * sinip
            xls = xls + dls
            let xnoh = node
            node = M.atan2(alfdp, betdp)
            node = M.select(M.less(node, 0.0) & afspc, node + twoPi, node)
            let difference = xnoh - node
            let wrap = M.less(Double.pi, difference) | M.less(difference, -Double.pi)
            node = M.select(wrap & M.less(node, xnoh), node + twoPi, M.select(wrap, node - twoPi, node))
            let argpLyddane = xls - mpOut - cosip * node
            argppOut = M.select(lyddane, argpLyddane, argppOut)
            nodepOut = M.select(lyddane, node, nodepOut)
        }
        return (epOut, inclpOut, nodepOut, argppOut, mpOut)
    }
}
