// SGP4/SDP4 initialisation: Vallado's initl, sgp4init, dscom and dsinit, written from the published algorithm
// (Hoots & Roehrich, Spacetrack Report #3, 1980; Vallado, Crawford, Hujsak, Kelso, AIAA 2006-6753).

/// Greenwich mean sidereal time (IAU 1982 expression) in radians, `0 ..< 2π`, from a UT1 Julian date
/// (Vallado's `gstime`).
func greenwichMeanSiderealTime1982(julianDateUT1 jdut1: Double) -> Double {
    let tut1 = (jdut1 - 2_451_545.0) / 36_525.0
    var seconds = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1
        + (876_600.0 * 3600.0 + 8_640_184.812866) * tut1 + 67_310.54841
    seconds = lmFmod(seconds * degreesToRadians / 240.0, twoPi)
    if seconds < 0 { seconds += twoPi }
    return seconds
}

/// The sidereal angle of the AFSPC code (a series in days since 1970), radians, for `opsmode == 'a'`.
func afspcSiderealTime(epochDaysSince1950 epoch: Double) -> Double {
    let ts70 = epoch - 7305.0
    let ds70 = (ts70 + 1.0e-8).rounded(.down)
    let tfrac = ts70 - ds70
    let c1 = 1.72027916940703639e-2
    let thgr70 = 1.7321343856509374
    let fk5r = 5.07551419432269442e-15
    let c1p2p = c1 + twoPi
    var g = lmFmod(thgr70 + c1 * ds70 + c1p2p * tfrac + ts70 * ts70 * fk5r, twoPi)
    if g < 0 { g += twoPi }
    return g
}

/// Mean elements of one element set in SGP4's internal units.
struct SGP4MeanElements {
    /// Kozai mean motion, rad/min.
    var noKozai: Double
    var ecco: Double
    var inclo: Double
    var nodeo: Double
    var argpo: Double
    var mo: Double
    var bstar: Double
    /// Days since 1949 Dec 31 00:00 UTC (Vallado's `epoch`, JD − 2433281.5; UT1 is taken equal to UTC).
    var epochDays: Double
}

/// Quantities `dscom` hands on to `dsinit` (the solar `ss*`/`sz*` and lunar `s*`/`z*` factors).
struct DeepSpaceCommon {
    var sinim = 0.0, cosim = 0.0, emsq = 0.0
    var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0
    var ss1 = 0.0, ss2 = 0.0, ss3 = 0.0, ss4 = 0.0, ss5 = 0.0
    var sz1 = 0.0, sz3 = 0.0, sz11 = 0.0, sz13 = 0.0, sz21 = 0.0, sz23 = 0.0, sz31 = 0.0, sz33 = 0.0
    var z1 = 0.0, z3 = 0.0, z11 = 0.0, z13 = 0.0, z21 = 0.0, z23 = 0.0, z31 = 0.0, z33 = 0.0
}

extension SGP4Record {
    /// Runs SGP4 initialisation (Vallado's `sgp4init` with `initl`, and `dscom`/`dsinit` for deep space). The
    /// caller validates the elements and evaluates the record once at t = 0 to catch errors found there.
    init(elements el: SGP4MeanElements, gravity: GravityModel, opsMode: SGP4OpsMode) {
        self.init()
        let radius = gravity.earthRadiusKm
        let xke = gravity.xke
        let j2 = gravity.j2
        let j3oj2 = gravity.j3 / j2
        let j4 = gravity.j4
        earthRadiusKm = radius
        self.xke = xke
        self.j2 = j2
        self.j3oj2 = j3oj2
        velocityKmPerS = radius * xke / 60.0
        afspcMode = opsMode == .afspc

        bstar = el.bstar
        ecco = el.ecco
        inclo = el.inclo
        nodeo = el.nodeo
        argpo = el.argpo
        mo = el.mo

        let ss = 78.0 / radius + 1.0
        let qzms2ttemp = (120.0 - 78.0) / radius
        let qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp

        // initl: un-Kozai the mean motion and derive the basic geometry.
        let eccsq = ecco * ecco
        let omeosq = 1.0 - eccsq
        let rteosq = omeosq.squareRoot()
        let cosio = lmCos(inclo)
        let cosio2 = cosio * cosio
        let ak = lmPow(xke / el.noKozai, twoThirds)
        let d1 = 0.75 * j2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq)
        var del = d1 / (ak * ak)
        let adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0))
        del = d1 / (adel * adel)
        let no = el.noKozai / (1.0 + del)
        noUnkozai = no
        let ao = lmPow(xke / no, twoThirds)
        let sinio = lmSin(inclo)
        let po = ao * omeosq
        let con42 = 1.0 - 5.0 * cosio2
        con41 = -con42 - cosio2 - cosio2
        let posq = po * po
        let rp = ao * (1.0 - ecco)
        switch opsMode {
        case .afspc: gsto = afspcSiderealTime(epochDaysSince1950: el.epochDays)
        case .improved: gsto = greenwichMeanSiderealTime1982(julianDateUT1: el.epochDays + 2_433_281.5)
        }

        // sgp4init proper.
        simplifiedDrag = rp < 220.0 / radius + 1.0
        var sfour = ss
        var qzms24 = qzms2t
        let perige = (rp - 1.0) * radius
        if perige < 156.0 {
            sfour = perige - 78.0
            if perige < 98.0 { sfour = 20.0 }
            qzms24 = lmPow((120.0 - sfour) / radius, 4.0)
            sfour = sfour / radius + 1.0
        }
        let pinvsq = 1.0 / posq
        let tsi = 1.0 / (ao - sfour)
        eta = ao * ecco * tsi
        let etasq = eta * eta
        let eeta = ecco * eta
        let psisq = abs(1.0 - etasq)
        let coef = qzms24 * lmPow(tsi, 4.0)
        let coef1 = coef / lmPow(psisq, 3.5)
        let cc2 = coef1 * no * (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq))
            + 0.375 * j2 * tsi / psisq * con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)))
        cc1 = bstar * cc2
        var cc3 = 0.0
        if ecco > 1.0e-4 { cc3 = -2.0 * coef * tsi * j3oj2 * no * sinio / ecco }
        x1mth2 = 1.0 - cosio2
        cc4 = 2.0 * no * coef1 * ao * omeosq * (eta * (2.0 + 0.5 * etasq) + ecco * (0.5 + 2.0 * etasq)
            - j2 * tsi / (ao * psisq) * (-3.0 * con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta))
                + 0.75 * x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * lmCos(2.0 * argpo)))
        cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq)
        let cosio4 = cosio2 * cosio2
        let temp1 = 1.5 * j2 * pinvsq * no
        let temp2 = 0.5 * temp1 * j2 * pinvsq
        let temp3 = -0.46875 * j4 * pinvsq * pinvsq * no
        mdot = no + 0.5 * temp1 * rteosq * con41 + 0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4)
        argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4)
            + temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4)
        let xhdot1 = -temp1 * cosio
        nodedot = xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio
        let xpidot = argpdot + nodedot
        omgcof = bstar * cc3 * lmCos(argpo)
        xmcof = 0.0
        if ecco > 1.0e-4 { xmcof = -twoThirds * coef * bstar / eeta }
        nodecf = 3.5 * omeosq * xhdot1 * cc1
        t2cof = 1.5 * cc1
        if abs(cosio + 1.0) > 1.5e-12 {
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / (1.0 + cosio)
        } else {
            xlcof = -0.25 * j3oj2 * sinio * (3.0 + 5.0 * cosio) / 1.5e-12
        }
        aycof = -0.5 * j3oj2 * sinio
        let delmotemp = 1.0 + eta * lmCos(mo)
        delmo = delmotemp * delmotemp * delmotemp
        sinmao = lmSin(mo)
        x7thm1 = 7.0 * cosio2 - 1.0

        if twoPi / no >= 225.0 {
            // Deep space. dpper at initialisation leaves the elements unchanged (its periodics at epoch are the
            // reference the later ones are measured from, and Vallado's code keeps them at zero), so it is skipped.
            simplifiedDrag = true
            var ds = DeepSpace()
            let common = Self.deepSpaceCommon(epochDays: el.epochDays, ecco: ecco, argpo: argpo, inclo: inclo,
                                              nodeo: nodeo, no: no, into: &ds)
            deepSpaceInit(common: common, xpidot: xpidot, eccsq: eccsq, into: &ds)
            deepSpace = ds
        }

        if !simplifiedDrag {
            let cc1sq = cc1 * cc1
            d2 = 4.0 * ao * tsi * cc1sq
            let temp = d2 * tsi * cc1 / 3.0
            d3 = (17.0 * ao + sfour) * temp
            d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * cc1
            t3cof = d2 + 2.0 * cc1sq
            t4cof = 0.25 * (3.0 * d3 + cc1 * (12.0 * d2 + 10.0 * cc1sq))
            t5cof = 0.2 * (3.0 * d4 + 12.0 * cc1 * d3 + 6.0 * d2 * d2 + 15.0 * cc1sq * (2.0 * d2 + cc1sq))
        }
    }

    /// Vallado's `dscom` at epoch (tc = 0): lunar and solar geometry and the periodic coefficients of `dpper`.
    static func deepSpaceCommon(epochDays epoch: Double, ecco: Double, argpo: Double, inclo: Double, nodeo: Double,
                                no: Double, into ds: inout DeepSpace) -> DeepSpaceCommon {
        let zes = 0.01675
        let zel = 0.05490
        let c1ss = 2.9864797e-6
        let c1l = 4.7968065e-7
        let zsinis = 0.39785416
        let zcosis = 0.91744867
        let zcosgs = 0.1945905
        let zsings = -0.98088458

        var out = DeepSpaceCommon()
        let nm = no
        let em = ecco
        let snodm = lmSin(nodeo)
        let cnodm = lmCos(nodeo)
        let sinomm = lmSin(argpo)
        let cosomm = lmCos(argpo)
        let sinim = lmSin(inclo)
        let cosim = lmCos(inclo)
        let emsq = em * em
        let betasq = 1.0 - emsq
        let rtemsq = betasq.squareRoot()
        out.sinim = sinim
        out.cosim = cosim
        out.emsq = emsq

        // Lunar node and related angles at the epoch.
        let day = epoch + 18_261.5  // + tc / 1440 with tc = 0
        let xnodce = lmFmod(4.5236020 - 9.2422029e-4 * day, twoPi)
        let stem = lmSin(xnodce)
        let ctem = lmCos(xnodce)
        let zcosil = 0.91375164 - 0.03568096 * ctem
        let zsinil = (1.0 - zcosil * zcosil).squareRoot()
        let zsinhl = 0.089683511 * stem / zsinil
        let zcoshl = (1.0 - zsinhl * zsinhl).squareRoot()
        let gam = 5.8351514 + 0.0019443680 * day
        var zx = 0.39785416 * stem / zsinil
        let zy = zcoshl * ctem + 0.91744867 * zsinhl * stem
        zx = lmAtan2(zx, zy)
        zx = gam + zx - xnodce
        let zcosgl = lmCos(zx)
        let zsingl = lmSin(zx)

        // The same expressions serve the Sun (first pass) and the Moon (second pass).
        var zcosg = zcosgs, zsing = zsings, zcosi = zcosis, zsini = zsinis
        var zcosh = cnodm, zsinh = snodm
        var cc = c1ss
        let xnoi = 1.0 / nm
        var s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
        var z1 = 0.0, z2 = 0.0, z3 = 0.0, z11 = 0.0, z12 = 0.0, z13 = 0.0
        var z21 = 0.0, z22 = 0.0, z23 = 0.0, z31 = 0.0, z32 = 0.0, z33 = 0.0
        var ss1 = 0.0, ss2 = 0.0, ss3 = 0.0, ss4 = 0.0, ss5 = 0.0, ss6 = 0.0, ss7 = 0.0
        var sz1 = 0.0, sz2 = 0.0, sz3 = 0.0, sz11 = 0.0, sz12 = 0.0, sz13 = 0.0
        var sz21 = 0.0, sz22 = 0.0, sz23 = 0.0, sz31 = 0.0, sz32 = 0.0, sz33 = 0.0
        for pass in 1...2 {
            let a1 = zcosg * zcosh + zsing * zcosi * zsinh
            let a3 = -zsing * zcosh + zcosg * zcosi * zsinh
            let a7 = -zcosg * zsinh + zsing * zcosi * zcosh
            let a8 = zsing * zsini
            let a9 = zsing * zsinh + zcosg * zcosi * zcosh
            let a10 = zcosg * zsini
            let a2 = cosim * a7 + sinim * a8
            let a4 = cosim * a9 + sinim * a10
            let a5 = -sinim * a7 + cosim * a8
            let a6 = -sinim * a9 + cosim * a10

            let x1 = a1 * cosomm + a2 * sinomm
            let x2 = a3 * cosomm + a4 * sinomm
            let x3 = -a1 * sinomm + a2 * cosomm
            let x4 = -a3 * sinomm + a4 * cosomm
            let x5 = a5 * sinomm
            let x6 = a6 * sinomm
            let x7 = a5 * cosomm
            let x8 = a6 * cosomm

            z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3
            z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4
            z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4
            z1 = 3.0 * (a1 * a1 + a2 * a2) + z31 * emsq
            z2 = 6.0 * (a1 * a3 + a2 * a4) + z32 * emsq
            z3 = 3.0 * (a3 * a3 + a4 * a4) + z33 * emsq
            z11 = -6.0 * a1 * a5 + emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5)
            z12 = -6.0 * (a1 * a6 + a3 * a5) + emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5))
            z13 = -6.0 * a3 * a6 + emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6)
            z21 = 6.0 * a2 * a5 + emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7)
            z22 = 6.0 * (a4 * a5 + a2 * a6) + emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8))
            z23 = 6.0 * a4 * a6 + emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8)
            z1 = z1 + z1 + betasq * z31
            z2 = z2 + z2 + betasq * z32
            z3 = z3 + z3 + betasq * z33
            s3 = cc * xnoi
            s2 = -0.5 * s3 / rtemsq
            s4 = s3 * rtemsq
            s1 = -15.0 * em * s4
            s5 = x1 * x3 + x2 * x4
            s6 = x2 * x3 + x1 * x4
            s7 = x2 * x4 - x1 * x3

            if pass == 1 {
                ss1 = s1; ss2 = s2; ss3 = s3; ss4 = s4; ss5 = s5; ss6 = s6; ss7 = s7
                sz1 = z1; sz2 = z2; sz3 = z3
                sz11 = z11; sz12 = z12; sz13 = z13
                sz21 = z21; sz22 = z22; sz23 = z23
                sz31 = z31; sz32 = z32; sz33 = z33
                zcosg = zcosgl
                zsing = zsingl
                zcosi = zcosil
                zsini = zsinil
                zcosh = zcoshl * cnodm + zsinhl * snodm
                zsinh = snodm * zcoshl - cnodm * zsinhl
                cc = c1l
            }
        }

        ds.zmol = lmFmod(4.7199672 + 0.22997150 * day - gam, twoPi)
        ds.zmos = lmFmod(6.2565837 + 0.017201977 * day, twoPi)

        // Solar periodic coefficients.
        ds.se2 = 2.0 * ss1 * ss6
        ds.se3 = 2.0 * ss1 * ss7
        ds.si2 = 2.0 * ss2 * sz12
        ds.si3 = 2.0 * ss2 * (sz13 - sz11)
        ds.sl2 = -2.0 * ss3 * sz2
        ds.sl3 = -2.0 * ss3 * (sz3 - sz1)
        ds.sl4 = -2.0 * ss3 * (-21.0 - 9.0 * emsq) * zes
        ds.sgh2 = 2.0 * ss4 * sz32
        ds.sgh3 = 2.0 * ss4 * (sz33 - sz31)
        ds.sgh4 = -18.0 * ss4 * zes
        ds.sh2 = -2.0 * ss2 * sz22
        ds.sh3 = -2.0 * ss2 * (sz23 - sz21)

        // Lunar periodic coefficients.
        ds.ee2 = 2.0 * s1 * s6
        ds.e3 = 2.0 * s1 * s7
        ds.xi2 = 2.0 * s2 * z12
        ds.xi3 = 2.0 * s2 * (z13 - z11)
        ds.xl2 = -2.0 * s3 * z2
        ds.xl3 = -2.0 * s3 * (z3 - z1)
        ds.xl4 = -2.0 * s3 * (-21.0 - 9.0 * emsq) * zel
        ds.xgh2 = 2.0 * s4 * z32
        ds.xgh3 = 2.0 * s4 * (z33 - z31)
        ds.xgh4 = -18.0 * s4 * zel
        ds.xh2 = -2.0 * s2 * z22
        ds.xh3 = -2.0 * s2 * (z23 - z21)

        out.s1 = s1; out.s2 = s2; out.s3 = s3; out.s4 = s4; out.s5 = s5
        out.ss1 = ss1; out.ss2 = ss2; out.ss3 = ss3; out.ss4 = ss4; out.ss5 = ss5
        out.sz1 = sz1; out.sz3 = sz3; out.sz11 = sz11; out.sz13 = sz13
        out.sz21 = sz21; out.sz23 = sz23; out.sz31 = sz31; out.sz33 = sz33
        out.z1 = z1; out.z3 = z3; out.z11 = z11; out.z13 = z13
        out.z21 = z21; out.z23 = z23; out.z31 = z31; out.z33 = z33
        return out
    }

    /// Vallado's `dsinit` at epoch (t = tc = 0): lunar–solar secular rates and the resonance constants.
    func deepSpaceInit(common c: DeepSpaceCommon, xpidot: Double, eccsq: Double, into ds: inout DeepSpace) {
        let q22 = 1.7891679e-6
        let q31 = 2.1460748e-6
        let q33 = 2.2123015e-7
        let root22 = 1.7891679e-6
        let root44 = 7.3636953e-9
        let root54 = 2.1765803e-9
        let rptim = 4.37526908801129966e-3  // Earth rotation, rad/min
        let root32 = 3.7393792e-7
        let root52 = 1.1428639e-7
        let znl = 1.5835218e-4
        let zns = 1.19459e-5

        let nm = noUnkozai
        let em = ecco
        let emsq = c.emsq
        let sinim = c.sinim
        let cosim = c.cosim
        let inclm = inclo

        var resonance = DeepSpace.Resonance.none
        if nm < 0.0052359877 && nm > 0.0034906585 { resonance = .synchronous }
        if nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5 { resonance = .halfDay }
        ds.resonance = resonance

        // Solar secular terms.
        let ses = c.ss1 * zns * c.ss5
        let sis = c.ss2 * zns * (c.sz11 + c.sz13)
        let sls = -zns * c.ss3 * (c.sz1 + c.sz3 - 14.0 - 6.0 * emsq)
        let sghs = c.ss4 * zns * (c.sz31 + c.sz33 - 6.0)
        var shs = -zns * c.ss2 * (c.sz21 + c.sz23)
        let nearEquatorial = inclm < 5.2359877e-2 || inclm > Double.pi - 5.2359877e-2
        if nearEquatorial { shs = 0.0 }
        if sinim != 0.0 { shs = shs / sinim }
        let sgs = sghs - cosim * shs

        // Lunar secular terms.
        ds.dedt = ses + c.s1 * znl * c.s5
        ds.didt = sis + c.s2 * znl * (c.z11 + c.z13)
        ds.dmdt = sls - znl * c.s3 * (c.z1 + c.z3 - 14.0 - 6.0 * emsq)
        let sghl = c.s4 * znl * (c.z31 + c.z33 - 6.0)
        var shll = -znl * c.s2 * (c.z21 + c.z23)
        if nearEquatorial { shll = 0.0 }
        ds.domdt = sgs + sghl
        ds.dnodt = shs
        if sinim != 0.0 {
            ds.domdt = ds.domdt - cosim / sinim * shll
            ds.dnodt = ds.dnodt + shll / sinim
        }

        // Geopotential resonance.
        let theta = lmFmod(gsto, twoPi)  // gsto + tc * rptim with tc = 0
        guard resonance != .none else { return }
        let aonv = lmPow(nm / xke, twoThirds)

        if resonance == .halfDay {
            let cosisq = cosim * cosim
            let em = ecco
            let emsq = eccsq
            let eoc = em * emsq
            let g201 = -0.306 - (em - 0.64) * 0.440
            let g211: Double, g310: Double, g322: Double, g410: Double, g422: Double, g520: Double
            if em <= 0.65 {
                g211 = 3.616 - 13.2470 * em + 16.2900 * emsq
                g310 = -19.302 + 117.3900 * em - 228.4190 * emsq + 156.5910 * eoc
                g322 = -18.9068 + 109.7927 * em - 214.6334 * emsq + 146.5816 * eoc
                g410 = -41.122 + 242.6940 * em - 471.0940 * emsq + 313.9530 * eoc
                g422 = -146.407 + 841.8800 * em - 1629.014 * emsq + 1083.4350 * eoc
                g520 = -532.114 + 3017.977 * em - 5740.032 * emsq + 3708.2760 * eoc
            } else {
                g211 = -72.099 + 331.819 * em - 508.738 * emsq + 266.724 * eoc
                g310 = -346.844 + 1582.851 * em - 2415.925 * emsq + 1246.113 * eoc
                g322 = -342.585 + 1554.908 * em - 2366.899 * emsq + 1215.972 * eoc
                g410 = -1052.797 + 4758.686 * em - 7193.992 * emsq + 3651.957 * eoc
                g422 = -3581.690 + 16178.110 * em - 24462.770 * emsq + 12422.520 * eoc
                if em > 0.715 {
                    g520 = -5149.66 + 29936.92 * em - 54087.36 * emsq + 31324.56 * eoc
                } else {
                    g520 = 1464.74 - 4664.75 * em + 3763.64 * emsq
                }
            }
            let g533: Double, g521: Double, g532: Double
            if em < 0.7 {
                g533 = -919.22770 + 4988.6100 * em - 9064.7700 * emsq + 5542.21 * eoc
                g521 = -822.71072 + 4568.6173 * em - 8491.4146 * emsq + 5337.524 * eoc
                g532 = -853.66600 + 4690.2500 * em - 8624.7700 * emsq + 5341.4 * eoc
            } else {
                g533 = -37995.780 + 161616.52 * em - 229838.20 * emsq + 109377.94 * eoc
                g521 = -51752.104 + 218913.95 * em - 309468.16 * emsq + 146349.42 * eoc
                g532 = -40023.880 + 170470.89 * em - 242699.48 * emsq + 115605.82 * eoc
            }
            let sini2 = sinim * sinim
            let f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq)
            let f221 = 1.5 * sini2
            let f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq)
            let f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq)
            let f441 = 35.0 * sini2 * f220
            let f442 = 39.3750 * sini2 * sini2
            let f522 = 9.84375 * sinim * (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq)
                + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq))
            let f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq)
                + 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq))
            let f542 = 29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq))
            let f543 = 29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq))
            let xno2 = nm * nm
            let ainv2 = aonv * aonv
            var temp1 = 3.0 * xno2 * ainv2
            var temp = temp1 * root22
            ds.d2201 = temp * f220 * g201
            ds.d2211 = temp * f221 * g211
            temp1 = temp1 * aonv
            temp = temp1 * root32
            ds.d3210 = temp * f321 * g310
            ds.d3222 = temp * f322 * g322
            temp1 = temp1 * aonv
            temp = 2.0 * temp1 * root44
            ds.d4410 = temp * f441 * g410
            ds.d4422 = temp * f442 * g422
            temp1 = temp1 * aonv
            temp = temp1 * root52
            ds.d5220 = temp * f522 * g520
            ds.d5232 = temp * f523 * g532
            temp = 2.0 * temp1 * root54
            ds.d5421 = temp * f542 * g521
            ds.d5433 = temp * f543 * g533
            ds.xlamo = lmFmod(mo + nodeo + nodeo - theta - theta, twoPi)
            ds.xfact = mdot + ds.dmdt + 2.0 * (nodedot + ds.dnodt - rptim) - noUnkozai
        }

        if resonance == .synchronous {
            let g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq)
            let g310 = 1.0 + 2.0 * emsq
            let g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq)
            let f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim)
            let f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim)
            var f330 = 1.0 + cosim
            f330 = 1.875 * f330 * f330 * f330
            var del1 = 3.0 * nm * nm * aonv * aonv
            ds.del2 = 2.0 * del1 * f220 * g200 * q22
            ds.del3 = 3.0 * del1 * f330 * g300 * q33 * aonv
            del1 = del1 * f311 * g310 * q31 * aonv
            ds.del1 = del1
            ds.xlamo = lmFmod(mo + nodeo + argpo - theta, twoPi)
            ds.xfact = mdot + xpidot - rptim + ds.dmdt + ds.domdt + ds.dnodt - noUnkozai
        }
    }
}
