// SGP4/SDP4 evaluation at a time: Vallado's sgp4, dspace and dpper, written from the published algorithm
// (Hoots & Roehrich, Spacetrack Report #3, 1980; Vallado, Crawford, Hujsak, Kelso, AIAA 2006-6753).
public import Astrodynamics

extension SGP4Record {
    /// The TEME state (km, km/s) at `t` minutes since epoch (Vallado's `sgp4`).
    ///
    /// A pure function of the record and `t`: the deep-space resonance integration restarts from epoch on every
    /// call, taking the same 720-minute steps the reference code takes when it continues from its previous call.
    public func state(minutesSinceEpoch t: Double) throws(SGP4Error) -> StateVector<TEME> {
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
        if let ds = deepSpace {
            ds.secularAndResonant(record: self, t: t, em: &em, argpm: &argpm, inclm: &inclm, mm: &mm,
                                  nodem: &nodem, nm: &nm)
        }

        guard nm > 0.0 else {
            throw SGP4Error(.meanMotionNotPositive, at: t)
        }
        let am = lmPow(xke / nm, twoThirds) * tempa * tempa
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
        if let ds = deepSpace {
            ds.periodics(t: t, afspcMode: afspcMode, ep: &ep, inclp: &xincp, nodep: &nodep, argpp: &argpp, mp: &mp)
            if xincp < 0.0 {
                xincp = -xincp
                nodep = nodep + Double.pi
                argpp = argpp - Double.pi
            }
            guard ep >= 0.0 && ep <= 1.0 else {
                throw SGP4Error(.perturbedEccentricityOutOfRange, at: t)
            }
            // Long-period coefficients from the perturbed inclination.
            sinip = lmSin(xincp)
            cosip = lmCos(xincp)
            aycof = -0.5 * j3oj2 * sinip
            if abs(cosip + 1.0) > 1.5e-12 {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip)
            } else {
                xlcof = -0.25 * j3oj2 * sinip * (3.0 + 5.0 * cosip) / 1.5e-12
            }
        } else {
            sinip = lmSin(inclm)
            cosip = lmCos(inclm)
        }

        // Long-period periodics.
        let axnl = ep * lmCos(argpp)
        var temp = 1.0 / (am * (1.0 - ep * ep))
        let aynl = ep * lmSin(argpp) + temp * aycof
        let xl = mp + argpp + nodep + temp * xlcof * axnl

        // Kepler's equation for the eccentric longitude.
        let u = lmFmod(xl - nodep, twoPi)
        var eo1 = u
        var tem5 = 9999.9
        var ktr = 1
        var sineo1 = 0.0
        var coseo1 = 0.0
        while abs(tem5) >= 1.0e-12 && ktr <= 10 {
            sineo1 = lmSin(eo1)
            coseo1 = lmCos(eo1)
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
        if deepSpace != nil {
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
        let sinsu = lmSin(su)
        let cossu = lmCos(su)
        let snod = lmSin(xnode)
        let cnod = lmCos(xnode)
        let sini = lmSin(xinc)
        let cosi = lmCos(xinc)
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
    /// Vallado's `dspace`: lunar–solar secular effects and, for resonant orbits, the numerically integrated
    /// resonance, starting from epoch on every call.
    @inline(__always)
    func secularAndResonant(record r: SGP4Record, t: Double, em: inout Double, argpm: inout Double,
                            inclm: inout Double, mm: inout Double, nodem: inout Double, nm: inout Double) {
        let fasx2 = 0.13130908
        let fasx4 = 2.8843198
        let fasx6 = 0.37448087
        let g22 = 5.7686396
        let g32 = 0.95240898
        let g44 = 1.8014998
        let g52 = 1.0508330
        let g54 = 4.4108898
        let rptim = 4.37526908801129966e-3
        let stepp = 720.0
        let stepn = -720.0
        let step2 = 259_200.0

        let theta = lmFmod(r.gsto + t * rptim, twoPi)
        em = em + dedt * t
        inclm = inclm + didt * t
        argpm = argpm + domdt * t
        nodem = nodem + dnodt * t
        mm = mm + dmdt * t

        guard resonance != .none else { return }
        // Integrate from epoch in fixed 720-minute steps towards t (Euler–Maclaurin with the second derivative).
        let no = r.noUnkozai
        var atime = 0.0
        var xni = no
        var xli = xlamo
        let delt = t > 0.0 ? stepp : stepn
        var xndt = 0.0, xldot = 0.0, xnddt = 0.0
        var ft = 0.0
        while true {
            if resonance == .synchronous {
                xndt = del1 * lmSin(xli - fasx2) + del2 * lmSin(2.0 * (xli - fasx4)) + del3 * lmSin(3.0 * (xli - fasx6))
                xldot = xni + xfact
                xnddt = del1 * lmCos(xli - fasx2) + 2.0 * del2 * lmCos(2.0 * (xli - fasx4))
                    + 3.0 * del3 * lmCos(3.0 * (xli - fasx6))
                xnddt = xnddt * xldot
            } else {
                let xomi = r.argpo + r.argpdot * atime
                let x2omi = xomi + xomi
                let x2li = xli + xli
                xndt = d2201 * lmSin(x2omi + xli - g22) + d2211 * lmSin(xli - g22)
                    + d3210 * lmSin(xomi + xli - g32) + d3222 * lmSin(-xomi + xli - g32)
                    + d4410 * lmSin(x2omi + x2li - g44) + d4422 * lmSin(x2li - g44)
                    + d5220 * lmSin(xomi + xli - g52) + d5232 * lmSin(-xomi + xli - g52)
                    + d5421 * lmSin(xomi + x2li - g54) + d5433 * lmSin(-xomi + x2li - g54)
                xldot = xni + xfact
                xnddt = d2201 * lmCos(x2omi + xli - g22) + d2211 * lmCos(xli - g22)
                    + d3210 * lmCos(xomi + xli - g32) + d3222 * lmCos(-xomi + xli - g32)
                    + d5220 * lmCos(xomi + xli - g52) + d5232 * lmCos(-xomi + xli - g52)
                    + 2.0 * (d4410 * lmCos(x2omi + x2li - g44) + d4422 * lmCos(x2li - g44)
                        + d5421 * lmCos(xomi + x2li - g54) + d5433 * lmCos(-xomi + x2li - g54))
                xnddt = xnddt * xldot
            }
            // `!(… < stepp)` also ends the loop for a NaN time instead of spinning forever.
            if abs(t - atime) >= stepp {
                xli = xli + xldot * delt + xndt * step2
                xni = xni + xndt * delt + xnddt * step2
                atime = atime + delt
            } else {
                ft = t - atime
                break
            }
        }
        nm = xni + xndt * ft + xnddt * ft * ft * 0.5
        let xl = xli + xldot * ft + xndt * ft * ft * 0.5
        if resonance != .synchronous {
            mm = xl - 2.0 * nodem + 2.0 * theta
        } else {
            mm = xl - nodem - argpm + theta
        }
        let dndt = nm - no
        nm = no + dndt
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
        var sinzf = lmSin(zf)
        var f2 = 0.5 * sinzf * sinzf - 0.25
        var f3 = -0.5 * sinzf * lmCos(zf)
        let ses = se2 * f2 + se3 * f3
        let sis = si2 * f2 + si3 * f3
        let sls = sl2 * f2 + sl3 * f3 + sl4 * sinzf
        let sghs = sgh2 * f2 + sgh3 * f3 + sgh4 * sinzf
        let shs = sh2 * f2 + sh3 * f3

        // Lunar terms.
        zm = zmol + znl * t
        zf = zm + 2.0 * zel * lmSin(zm)
        sinzf = lmSin(zf)
        f2 = 0.5 * sinzf * sinzf - 0.25
        f3 = -0.5 * sinzf * lmCos(zf)
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
        let sinip = lmSin(inclp)
        let cosip = lmCos(inclp)

        if inclp >= 0.2 {
            // Apply the periodics directly.
            ph = ph / sinip
            pgh = pgh - cosip * ph
            argpp = argpp + pgh
            nodep = nodep + ph
            mp = mp + pl
        } else {
            // Lyddane modification: apply them to the non-singular elements.
            let sinop = lmSin(nodep)
            let cosop = lmCos(nodep)
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
