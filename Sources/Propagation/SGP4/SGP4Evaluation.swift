// SGP4/SDP4 evaluation at a time: Vallado's sgp4, dspace and dpper, written from the published algorithm
// (Hoots & Roehrich, Spacetrack Report #3, 1980; Vallado, Crawford, Hujsak, Kelso, AIAA 2006-6753).
public import Astrodynamics

extension SGP4Record {
    /// Farthest time from epoch a resonant deep-space orbit is propagated to, minutes (100 Julian years; the
    /// resonance integration's cost grows with the time, one step per 720 minutes). Other orbits have no limit.
    public static let maximumResonantMinutes = 52_596_000.0

    /// The TEME state (km, km/s) at `t` minutes since epoch (Vallado's `sgp4`).
    ///
    /// A pure function of the record and `t`: the deep-space resonance integration restarts from epoch on every
    /// call, taking the same 720-minute steps the reference code takes when it continues from its previous call,
    /// so the results are the same; its cost grows with |t| (one step per 720 minutes). Allocation-free, also
    /// when it throws.
    public func state(minutesSinceEpoch t: Double) throws(SGP4Error) -> StateVector<TEME> {
        var resonance = DeepSpace.ResonanceState()
        return try state(minutesSinceEpoch: t, resonance: &resonance)
    }

    /// ``state(minutesSinceEpoch:)`` continuing the deep-space resonance integration from `resonance` (where an
    /// earlier call at a time on the same side of epoch and no farther from it left it) instead of from epoch.
    /// The integration steps taken are the same either way, so the result is bit-identical; a state that cannot
    /// be continued to `t` is restarted from epoch. Non-resonant records ignore it.
    @inline(__always)
    func state(minutesSinceEpoch t: Double, resonance: inout DeepSpace.ResonanceState) throws(SGP4Error)
        -> StateVector<TEME>
    {
        // A non-finite time would make every mean element NaN (and the resonance integration endless).
        guard t.isFinite else { throw SGP4Error(.nonFiniteTime, at: t) }
        // The resonance integration takes one step per 720 minutes from epoch: beyond a century it would run for
        // minutes, for a theory that means nothing there.
        guard deepSpace.resonance == .none || abs(t) <= Self.maximumResonantMinutes else {
            throw SGP4Error(.timeTooFarFromEpoch, at: t)
        }

        // Secular gravity and atmospheric drag.
        let xmdf = mo + mdot * t
        let argpdf = argpo + argpdot * t
        let nodedf = nodeo + nodedot * t
        var argpm = argpdf
        var mm = xmdf
        let t2 = t * t
        var nodem = nodedf + nodecf * t2
        var tempa = 1.0 - cc1 * t
        var tempe = bstar * cc4 * t
        var templ = t2cof * t2

        if !simplifiedDrag {
            let delomg = omgcof * t
            let delmtemp = 1.0 + eta * lmCos(xmdf)
            let delm = xmcof * (delmtemp * delmtemp * delmtemp - delmo)
            let temp = delomg + delm
            mm = xmdf + temp
            argpm = argpdf - temp
            let t3 = t2 * t
            let t4 = t3 * t
            tempa = tempa - d2 * t2 - d3 * t3 - d4 * t4
            tempe = tempe + bstar * cc5 * (lmSin(mm) - sinmao)
            templ = templ + t3cof * t3 + t4 * (t4cof + t * t5cof)
        }

        var nm = noUnkozai
        var em = ecco
        var inclm = inclo
        if isDeepSpace {
            deepSpace.secularAndResonant(record: self, t: t, resonance: &resonance, em: &em, argpm: &argpm,
                                         inclm: &inclm, mm: &mm, nodem: &nodem, nm: &nm)
        }

        guard nm > 0.0 else {
            throw SGP4Error(.meanMotionNotPositive, at: t)
        }
        // (xke/nm)^(2/3) is `ao` while nm is still the epoch mean motion (bit-identical: same pow, same input).
        let am = (nm == noUnkozai ? ao : lmPow(xke / nm, twoThirds)) * tempa * tempa
        nm = xke / lmPow(am, 1.5)
        em = em - tempe

        // Tolerance for error recognition (written so that NaN fails too).
        guard em < 1.0 && em >= -0.001 else {
            if em < -0.001 { throw SGP4Error(.meanEccentricityNegative, at: t) }
            if em >= 1.0 { throw SGP4Error(.meanEccentricityTooLarge, at: t) }
            throw SGP4Error(.meanEccentricityNotANumber, at: t)
        }
        if em < 1.0e-6 { em = 1.0e-6 }
        mm = mm + noUnkozai * templ
        var xlm = mm + argpm + nodem
        nodem = lmFmod(nodem, twoPi)
        argpm = lmFmod(argpm, twoPi)
        xlm = lmFmod(xlm, twoPi)
        mm = lmFmod(xlm - argpm - nodem, twoPi)

        // Lunar-solar periodics (deep space).
        var ep = em
        var xincp = inclm
        var argpp = argpm
        var nodep = nodem
        var mp = mm
        var sinip: Double
        var cosip: Double
        var aycof = self.aycof
        var xlcof = self.xlcof
        if isDeepSpace {
            deepSpace.periodics(t: t, afspcMode: afspcMode, ep: &ep, inclp: &xincp, nodep: &nodep, argpp: &argpp,
                                mp: &mp)
            if xincp < 0.0 {
                xincp = -xincp
                nodep = nodep + Double.pi
                argpp = argpp - Double.pi
            }
            guard ep >= 0.0 && ep <= 1.0 else {
                throw SGP4Error(.perturbedEccentricityOutOfRange, at: t)
            }
            // Long-period coefficients from the perturbed inclination.
            (sinip, cosip) = lmSinCos(xincp)
            aycof = -0.5 * j3oj2 * sinip
            if abs(cosip + 1.0) > 1.5e-12 {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip)
            } else {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / 1.5e-12
            }
        } else {
            // Near earth the inclination never changes: sin and cos of inclo from initialisation.
            sinip = sinio
            cosip = cosio
        }

        // Long-period periodics.
        let (sinargpp, cosargpp) = lmSinCos(argpp)
        let axnl = ep * cosargpp
        var temp = 1.0 / (am * (1.0 - ep * ep))
        let aynl = ep * sinargpp + temp * aycof
        let xl = mp + argpp + nodep + temp * xlcof * axnl

        // Kepler's equation for the eccentric longitude.
        let u = lmFmod(xl - nodep, twoPi)
        var eo1 = u
        var tem5 = 9999.9
        var ktr = 1
        var sineo1 = 0.0
        var coseo1 = 0.0
        while abs(tem5) >= 1.0e-12 && ktr <= 10 {
            (sineo1, coseo1) = lmSinCos(eo1)
            tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl
            tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5
            if abs(tem5) >= 0.95 {
                tem5 = tem5 > 0.0 ? 0.95 : -0.95
            }
            eo1 = eo1 + tem5
            ktr += 1
        }

        // Short-period preliminary quantities.
        let ecose = axnl * coseo1 + aynl * sineo1
        let esine = axnl * sineo1 - aynl * coseo1
        let el2 = axnl * axnl + aynl * aynl
        let pl = am * (1.0 - el2)
        guard pl >= 0.0 else {
            throw SGP4Error(.semiLatusRectumNegative, at: t)
        }
        let rl = am * (1.0 - ecose)
        let rdotl = am.squareRoot() * esine / rl
        let rvdotl = pl.squareRoot() / rl
        let betal = (1.0 - el2).squareRoot()
        temp = esine / (1.0 + betal)
        let sinu = am / rl * (sineo1 - aynl - axnl * temp)
        let cosu = am / rl * (coseo1 - axnl + aynl * temp)
        var su = lmAtan2(sinu, cosu)
        let sin2u = (cosu + cosu) * sinu
        let cos2u = 1.0 - 2.0 * sinu * sinu
        temp = 1.0 / pl
        let temp1 = 0.5 * j2 * temp
        let temp2 = temp1 * temp

        var con41 = self.con41
        var x1mth2 = self.x1mth2
        var x7thm1 = self.x7thm1
        if isDeepSpace {
            let cosisq = cosip * cosip
            con41 = 3.0 * cosisq - 1.0
            x1mth2 = 1.0 - cosisq
            x7thm1 = 7.0 * cosisq - 1.0
        }

        // Short-period periodics.
        let mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u
        su = su - 0.25 * temp2 * x7thm1 * sin2u
        let xnode = nodep + 1.5 * temp2 * cosip * sin2u
        let xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u
        let mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke
        let rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / xke

        // Orientation vectors.
        let (sinsu, cossu) = lmSinCos(su)
        let (snod, cnod) = lmSinCos(xnode)
        let (sini, cosi) = lmSinCos(xinc)
        let xmx = -snod * cosi
        let xmy = cnod * cosi
        let ux = xmx * sinsu + cnod * cossu
        let uy = xmy * sinsu + snod * cossu
        let uz = sini * sinsu
        let vx = xmx * cossu - cnod * sinsu
        let vy = xmy * cossu - snod * sinsu
        let vz = sini * cossu

        guard mrt >= 1.0 else {
            throw SGP4Error(.decayed, at: t)
        }
        let rScale = mrt * earthRadiusKm
        let vkms = velocityKmPerS
        return StateVector(
            positionKm: Vector3(x: rScale * ux, y: rScale * uy, z: rScale * uz),
            velocityKmPerS: Vector3(x: (mvt * ux + rvdot * vx) * vkms,
                                    y: (mvt * uy + rvdot * vy) * vkms,
                                    z: (mvt * uz + rvdot * vz) * vkms))
    }
}

extension SGP4Record.DeepSpace {
    /// Where the deep-space resonance integrator stands: the integrated resonant longitude `xli` and mean motion
    /// `xni` at `atime` minutes since epoch (a whole number of 720-minute steps, exact in `Double`), and, once
    /// evaluated, the derivatives there (which depend only on those three and the record, so keeping them saves
    /// their ten or twenty-odd sines and cosines on every later time that takes no step).
    ///
    /// Vallado's `dspace` keeps these between calls and continues from them when the next time is on the same
    /// side of epoch and at least as far from it; integrating from epoch passes through the same states, so
    /// continuing gives bit-identical results at a fraction of the cost for old element sets.
    struct ResonanceState: Sendable, Hashable {
        /// Minutes since epoch of the integrator state.
        var atime: Double
        /// Resonant longitude at `atime`, rad.
        var xli: Double
        /// Mean motion at `atime`, rad/min.
        var xni: Double
        /// Whether `xndt`, `xldot` and `xnddt` hold the derivatives at `atime`.
        var hasDerivatives = false
        /// d(xni)/dt at `atime`, rad/min².
        var xndt = 0.0
        /// d(xli)/dt at `atime`, rad/min.
        var xldot = 0.0
        /// d²(xni)/dt² at `atime` (times xldot, as `dspace` forms it).
        var xnddt = 0.0

        /// No state yet: the next integration starts from epoch.
        @inline(__always)
        init() {
            atime = 0
            xli = 0
            xni = 0
        }

        /// A state at `atime` minutes since epoch.
        @inline(__always)
        init(atime: Double, xli: Double, xni: Double) {
            self.atime = atime
            self.xli = xli
            self.xni = xni
        }

        /// The state at epoch of `record` (`xlamo`, `noUnkozai`).
        @inline(__always)
        init(start record: SGP4Record) {
            atime = 0
            xli = record.deepSpace.xlamo
            xni = record.noUnkozai
        }

        /// Whether integrating from this state towards `t` takes the same steps as integrating from epoch: a
        /// state left by an integration (with its derivatives), at epoch, or with `t` on the same side and at
        /// least as far out (the direction of the steps is +720 minutes for t > 0, −720 otherwise).
        @inline(__always)
        func canContinue(to t: Double) -> Bool {
            hasDerivatives && (atime == 0 || (atime > 0 ? t >= atime : t <= atime))
        }
    }

    /// Vallado's `dspace`: lunar–solar secular effects and, for resonant orbits, the numerically integrated
    /// resonance, continued from `resonance` when it lies on the way from epoch to `t` (else from epoch);
    /// `resonance` is left at the last whole step before `t`.
    @inline(__always)
    func secularAndResonant(record r: SGP4Record, t: Double, resonance: inout ResonanceState, em: inout Double,
                            argpm: inout Double, inclm: inout Double, mm: inout Double, nodem: inout Double,
                            nm: inout Double) {
        em = em + dedt * t
        inclm = inclm + didt * t
        argpm = argpm + domdt * t
        nodem = nodem + dnodt * t
        mm = mm + dmdt * t

        guard self.resonance != .none else { return }
        let integrated = integrateResonance(record: r, t: t, state: &resonance)
        let theta = lmFmod(r.gsto + t * Self.rptim, twoPi)
        nm = integrated.nm
        if self.resonance != .synchronous {
            mm = integrated.xl - 2.0 * nodem + 2.0 * theta
        } else {
            mm = integrated.xl - nodem - argpm + theta
        }
    }

    /// Earth's rotation rate used by the resonance terms, rad/min.
    static var rptim: Double { 4.37526908801129966e-3 }

    /// The resonance integration of `dspace` (Euler–Maclaurin with the second derivative, fixed 720-minute
    /// steps towards `t`) from `state` if it can be continued to `t`, else from epoch; returns the mean motion
    /// `nm` and resonant longitude `xl` at `t` and leaves `state` at the last whole step. Only for resonant
    /// records, and `t` must be finite. Not inlined: it is large, and inlining it into the scalar evaluation
    /// slowed the near-earth case (which never calls it) by about 5 %.
    @inline(never)
    func integrateResonance(record r: SGP4Record, t: Double, state: inout ResonanceState)
        -> (nm: Double, xl: Double)
    {
        let fasx2 = 0.13130908
        let fasx4 = 2.8843198
        let fasx6 = 0.37448087
        let g22 = 5.7686396
        let g32 = 0.95240898
        let g44 = 1.8014998
        let g52 = 1.0508330
        let g54 = 4.4108898
        let stepp = 720.0
        let stepn = -720.0
        let step2 = 259_200.0

        let no = r.noUnkozai
        if !state.canContinue(to: t) { state = ResonanceState(start: r) }
        var atime = state.atime
        var xni = state.xni
        var xli = state.xli
        let delt = t > 0.0 ? stepp : stepn
        var xndt = state.xndt, xldot = state.xldot, xnddt = state.xnddt
        var known = state.hasDerivatives
        var ft = 0.0
        while true {
            if known {
                known = false
            } else if resonance == .synchronous {
                let s1 = lmSinCos(xli - fasx2)
                let s2 = lmSinCos(2.0 * (xli - fasx4))
                let s3 = lmSinCos(3.0 * (xli - fasx6))
                xndt = del1 * s1.sin + del2 * s2.sin + del3 * s3.sin
                xldot = xni + xfact
                xnddt = del1 * s1.cos + 2.0 * del2 * s2.cos + 3.0 * del3 * s3.cos
                xnddt = xnddt * xldot
            } else {
                let xomi = r.argpo + r.argpdot * atime
                let x2omi = xomi + xomi
                let x2li = xli + xli
                let a2201 = lmSinCos(x2omi + xli - g22)
                let a2211 = lmSinCos(xli - g22)
                let a3210 = lmSinCos(xomi + xli - g32)
                let a3222 = lmSinCos(-xomi + xli - g32)
                let a4410 = lmSinCos(x2omi + x2li - g44)
                let a4422 = lmSinCos(x2li - g44)
                let a5220 = lmSinCos(xomi + xli - g52)
                let a5232 = lmSinCos(-xomi + xli - g52)
                let a5421 = lmSinCos(xomi + x2li - g54)
                let a5433 = lmSinCos(-xomi + x2li - g54)
                xndt = d2201 * a2201.sin + d2211 * a2211.sin + d3210 * a3210.sin + d3222 * a3222.sin
                    + d4410 * a4410.sin + d4422 * a4422.sin + d5220 * a5220.sin + d5232 * a5232.sin
                    + d5421 * a5421.sin + d5433 * a5433.sin
                xldot = xni + xfact
                xnddt = d2201 * a2201.cos + d2211 * a2211.cos + d3210 * a3210.cos + d3222 * a3222.cos
                    + d5220 * a5220.cos + d5232 * a5232.cos
                    + 2.0 * (d4410 * a4410.cos + d4422 * a4422.cos + d5421 * a5421.cos + d5433 * a5433.cos)
                xnddt = xnddt * xldot
            }
            if abs(t - atime) >= stepp {
                xli = xli + xldot * delt + xndt * step2
                xni = xni + xndt * delt + xnddt * step2
                atime = atime + delt
            } else {
                ft = t - atime
                break
            }
        }
        state = ResonanceState(atime: atime, xli: xli, xni: xni)
        state.hasDerivatives = true
        state.xndt = xndt
        state.xldot = xldot
        state.xnddt = xnddt
        var nm = xni + xndt * ft + xnddt * ft * ft * 0.5
        let xl = xli + xldot * ft + xndt * ft * ft * 0.5
        let dndt = nm - no
        nm = no + dndt
        return (nm, xl)
    }

    /// Vallado's `dpper` after initialisation: lunar–solar periodics added to the mean elements, with the
    /// Lyddane modification for inclinations below 0.2 rad.
    @inline(__always)
    func periodics(t: Double, afspcMode: Bool, ep: inout Double, inclp: inout Double, nodep: inout Double,
                   argpp: inout Double, mp: inout Double) {
        let zns = 1.19459e-5
        let zes = 0.01675
        let znl = 1.5835218e-4
        let zel = 0.05490

        // Solar terms.
        var zm = zmos + zns * t
        var zf = zm + 2.0 * zes * lmSin(zm)
        var sczf = lmSinCos(zf)
        var sinzf = sczf.sin
        var f2 = 0.5 * sinzf * sinzf - 0.25
        var f3 = -0.5 * sinzf * sczf.cos
        let ses = se2 * f2 + se3 * f3
        let sis = si2 * f2 + si3 * f3
        let sls = sl2 * f2 + sl3 * f3 + sl4 * sinzf
        let sghs = sgh2 * f2 + sgh3 * f3 + sgh4 * sinzf
        let shs = sh2 * f2 + sh3 * f3

        // Lunar terms.
        zm = zmol + znl * t
        zf = zm + 2.0 * zel * lmSin(zm)
        sczf = lmSinCos(zf)
        sinzf = sczf.sin
        f2 = 0.5 * sinzf * sinzf - 0.25
        f3 = -0.5 * sinzf * sczf.cos
        let sel = ee2 * f2 + e3 * f3
        let sil = xi2 * f2 + xi3 * f3
        let sll = xl2 * f2 + xl3 * f3 + xl4 * sinzf
        let sghl = xgh2 * f2 + xgh3 * f3 + xgh4 * sinzf
        let shll = xh2 * f2 + xh3 * f3

        // The periodics at epoch (peo, pinco, ...) are zero in the reference formulation.
        let pe = ses + sel
        let pinc = sis + sil
        let pl = sls + sll
        var pgh = sghs + sghl
        var ph = shs + shll

        inclp = inclp + pinc
        ep = ep + pe
        let (sinip, cosip) = lmSinCos(inclp)

        if inclp >= 0.2 {
            // Apply the periodics directly.
            ph = ph / sinip
            pgh = pgh - cosip * ph
            argpp = argpp + pgh
            nodep = nodep + ph
            mp = mp + pl
        } else {
            // Lyddane modification: apply them to the non-singular elements.
            let (sinop, cosop) = lmSinCos(nodep)
            var alfdp = sinip * sinop
            var betdp = sinip * cosop
            let dalf = ph * cosop + pinc * cosip * sinop
            let dbet = -ph * sinop + pinc * cosip * cosop
            alfdp = alfdp + dalf
            betdp = betdp + dbet
            nodep = lmFmod(nodep, twoPi)
            if nodep < 0.0 && afspcMode { nodep = nodep + twoPi }
            var xls = mp + argpp + cosip * nodep
            let dls = pl + pgh - pinc * nodep * sinip
            xls = xls + dls
            let xnoh = nodep
            nodep = lmAtan2(alfdp, betdp)
            if nodep < 0.0 && afspcMode { nodep = nodep + twoPi }
            if abs(xnoh - nodep) > Double.pi {
                if nodep < xnoh {
                    nodep = nodep + twoPi
                } else {
                    nodep = nodep - twoPi
                }
            }
            mp = mp + pl
            argpp = xls - mp - cosip * nodep
        }
    }
}
