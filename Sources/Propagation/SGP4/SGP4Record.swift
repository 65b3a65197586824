/// Which variant of a few operations SGP4 follows (Vallado's `opsmode`).
public enum SGP4OpsMode: Sendable, Hashable {
    /// `'i'`: the improved operations of Vallado et al. 2006 (GMST 1982 for the epoch sidereal time, no
    /// re-wrapping of the node in the low-inclination Lyddane branch). The default.
    case improved
    /// `'a'`: the operations of the AFSPC code (the 1970-based sidereal-time series, and the node wrapped into
    /// `0 ..< 2π` in the Lyddane branch). Only low-inclination deep-space orbits see a difference.
    case afspc
}

/// The constants SGP4/SDP4 initialisation derives from one element set: everything propagation needs, as plain
/// stored values.
///
/// The layout is meant to be copied field by field into struct-of-arrays form by a batch (SIMD) propagator:
/// every quantity is a `Double` except three mode flags. Names follow Vallado's `elsetrec` (Vallado, Crawford,
/// Hujsak, Kelso, AIAA 2006-6753) so that the fields can be traced to the published algorithm. Units: distances in
/// Earth radii (``earthRadiusKm``), time in minutes, angles in radians, rates per minute.
///
/// Fields that a branch does not use are zero: the higher-order drag terms (``d2`` … ``t5cof``) when
/// ``simplifiedDrag`` is set, and ``deepSpace`` is `nil` for near-earth orbits (period < 225 min).
@frozen
public struct SGP4Record: Sendable, Hashable {
    // MARK: Gravity model

    /// Earth's equatorial radius in km (the distance unit).
    public var earthRadiusKm: Double
    /// `xke`, √(µ/R³) in Earth radii^1.5 / min.
    public var xke: Double
    /// The second zonal harmonic J2.
    public var j2: Double
    /// J3 / J2.
    public var j3oj2: Double
    /// Velocity unit: `earthRadiusKm * xke / 60`, km/s per (Earth radius per time unit).
    public var velocityKmPerS: Double

    // MARK: Mean elements at epoch

    /// B*, the drag term, per Earth radius.
    public var bstar: Double
    /// Eccentricity `ecco`.
    public var ecco: Double
    /// Inclination `inclo`, rad.
    public var inclo: Double
    /// Right ascension of the ascending node `nodeo`, rad.
    public var nodeo: Double
    /// Argument of perigee `argpo`, rad.
    public var argpo: Double
    /// Mean anomaly `mo`, rad.
    public var mo: Double
    /// Brouwer ("un-Kozaied") mean motion `no_unkozai`, rad/min.
    public var noUnkozai: Double

    // MARK: Secular rates (gravity)

    /// Rate of mean anomaly `mdot`, rad/min.
    public var mdot: Double
    /// Rate of argument of perigee `argpdot`, rad/min.
    public var argpdot: Double
    /// Rate of the node `nodedot`, rad/min.
    public var nodedot: Double

    // MARK: Drag

    /// `nodecf`: coefficient of t² in the node (drag), rad/min².
    public var nodecf: Double
    /// `cc1`: first drag coefficient (semi-major axis decays as 1 − cc1·t − …).
    public var cc1: Double
    /// `cc4`: coefficient of B*·t in the eccentricity decay.
    public var cc4: Double
    /// `cc5`: coefficient of B*·(sin M − sin M₀) in the eccentricity decay.
    public var cc5: Double
    /// `t2cof`: coefficient of t² in the mean longitude (1.5·cc1).
    public var t2cof: Double
    /// `omgcof`: coefficient of t in the argument-of-perigee drag correction (0 when simplified).
    public var omgcof: Double
    /// `xmcof`: coefficient of the mean-anomaly drag correction (0 when e ≤ 1e-4).
    public var xmcof: Double
    /// `eta`: a₀·e·s-related parameter η of the drag theory.
    public var eta: Double
    /// `delmo`: (1 + η cos M₀)³.
    public var delmo: Double
    /// `sinmao`: sin M₀.
    public var sinmao: Double
    /// `d2`: coefficient of t² in the semi-major-axis decay (full drag only).
    public var d2: Double
    /// `d3`: coefficient of t³ in the semi-major-axis decay (full drag only).
    public var d3: Double
    /// `d4`: coefficient of t⁴ in the semi-major-axis decay (full drag only).
    public var d4: Double
    /// `t3cof`: coefficient of t³ in the mean longitude (full drag only).
    public var t3cof: Double
    /// `t4cof`: coefficient of t⁴ in the mean longitude (full drag only).
    public var t4cof: Double
    /// `t5cof`: coefficient of t⁵ in the mean longitude (full drag only).
    public var t5cof: Double

    // MARK: Long- and short-period coefficients

    /// `aycof`: J3 long-period coefficient of a_yN (near-earth; recomputed from the perturbed inclination in
    /// deep space).
    public var aycof: Double
    /// `xlcof`: J3 long-period coefficient of the mean longitude (near-earth; recomputed in deep space).
    public var xlcof: Double
    /// `con41`: 3cos²i − 1 (near-earth; recomputed in deep space).
    public var con41: Double
    /// `x1mth2`: 1 − cos²i (near-earth; recomputed in deep space).
    public var x1mth2: Double
    /// `x7thm1`: 7cos²i − 1 (near-earth; recomputed in deep space).
    public var x7thm1: Double

    // MARK: Modes

    /// Greenwich sidereal angle at epoch `gsto`, rad (used only by the deep-space resonance terms).
    public var gsto: Double
    /// `isimp == 1`: perigee below 220 km or deep space, so the t², t³, t⁴ drag terms are dropped.
    public var simplifiedDrag: Bool
    /// `opsmode == 'a'`.
    public var afspcMode: Bool
    /// The deep-space (SDP4) constants; `nil` for near-earth orbits (`method == 'n'`).
    public var deepSpace: DeepSpace?

    /// Whether the record uses the deep-space theory (period ≥ 225 min).
    @inlinable
    public var isDeepSpace: Bool { deepSpace != nil }

    /// The deep-space (SDP4) constants of Vallado's `dscom` and `dsinit`.
    @frozen
    public struct DeepSpace: Sendable, Hashable {
        /// The geopotential resonance an orbit is in (`irez`).
        public enum Resonance: UInt8, Sendable, Hashable {
            /// `irez = 0`: no resonance terms.
            case none = 0
            /// `irez = 1`: 24-hour (geosynchronous) resonance.
            case synchronous = 1
            /// `irez = 2`: 12-hour resonance with e ≥ 0.5 (Molniya).
            case halfDay = 2
        }

        // Solar periodic coefficients (dpper).
        /// Solar coefficient `se2` of the eccentricity periodic.
        public var se2: Double
        /// Solar coefficient `se3` of the eccentricity periodic.
        public var se3: Double
        /// Solar coefficient `si2` of the inclination periodic.
        public var si2: Double
        /// Solar coefficient `si3` of the inclination periodic.
        public var si3: Double
        /// Solar coefficient `sl2` of the mean-longitude periodic.
        public var sl2: Double
        /// Solar coefficient `sl3` of the mean-longitude periodic.
        public var sl3: Double
        /// Solar coefficient `sl4` of the mean-longitude periodic.
        public var sl4: Double
        /// Solar coefficient `sgh2` of the argument-of-perigee periodic.
        public var sgh2: Double
        /// Solar coefficient `sgh3` of the argument-of-perigee periodic.
        public var sgh3: Double
        /// Solar coefficient `sgh4` of the argument-of-perigee periodic.
        public var sgh4: Double
        /// Solar coefficient `sh2` of the node periodic.
        public var sh2: Double
        /// Solar coefficient `sh3` of the node periodic.
        public var sh3: Double

        // Lunar periodic coefficients (dpper).
        /// Lunar coefficient `ee2` of the eccentricity periodic.
        public var ee2: Double
        /// Lunar coefficient `e3` of the eccentricity periodic.
        public var e3: Double
        /// Lunar coefficient `xi2` of the inclination periodic.
        public var xi2: Double
        /// Lunar coefficient `xi3` of the inclination periodic.
        public var xi3: Double
        /// Lunar coefficient `xl2` of the mean-longitude periodic.
        public var xl2: Double
        /// Lunar coefficient `xl3` of the mean-longitude periodic.
        public var xl3: Double
        /// Lunar coefficient `xl4` of the mean-longitude periodic.
        public var xl4: Double
        /// Lunar coefficient `xgh2` of the argument-of-perigee periodic.
        public var xgh2: Double
        /// Lunar coefficient `xgh3` of the argument-of-perigee periodic.
        public var xgh3: Double
        /// Lunar coefficient `xgh4` of the argument-of-perigee periodic.
        public var xgh4: Double
        /// Lunar coefficient `xh2` of the node periodic.
        public var xh2: Double
        /// Lunar coefficient `xh3` of the node periodic.
        public var xh3: Double
        /// Lunar mean anomaly at epoch `zmol`, rad.
        public var zmol: Double
        /// Solar mean anomaly at epoch `zmos`, rad.
        public var zmos: Double

        // Lunar-solar secular rates (dsinit).
        /// Secular rate of eccentricity `dedt`, per min.
        public var dedt: Double
        /// Secular rate of inclination `didt`, rad/min.
        public var didt: Double
        /// Secular rate of mean anomaly `dmdt`, rad/min.
        public var dmdt: Double
        /// Secular rate of the node `dnodt`, rad/min.
        public var dnodt: Double
        /// Secular rate of argument of perigee `domdt`, rad/min.
        public var domdt: Double

        // Resonance (dsinit/dspace).
        /// The resonance class `irez`.
        public var resonance: Resonance
        /// 12-h resonance coefficient `d2201`.
        public var d2201: Double
        /// 12-h resonance coefficient `d2211`.
        public var d2211: Double
        /// 12-h resonance coefficient `d3210`.
        public var d3210: Double
        /// 12-h resonance coefficient `d3222`.
        public var d3222: Double
        /// 12-h resonance coefficient `d4410`.
        public var d4410: Double
        /// 12-h resonance coefficient `d4422`.
        public var d4422: Double
        /// 12-h resonance coefficient `d5220`.
        public var d5220: Double
        /// 12-h resonance coefficient `d5232`.
        public var d5232: Double
        /// 12-h resonance coefficient `d5421`.
        public var d5421: Double
        /// 12-h resonance coefficient `d5433`.
        public var d5433: Double
        /// 24-h resonance coefficient `del1`.
        public var del1: Double
        /// 24-h resonance coefficient `del2`.
        public var del2: Double
        /// 24-h resonance coefficient `del3`.
        public var del3: Double
        /// `xfact`: rate of the resonant longitude apart from the integrated mean motion, rad/min.
        public var xfact: Double
        /// `xlamo`: resonant longitude at epoch (the integrator's starting `xli`), rad.
        public var xlamo: Double

        /// Creates a record with every coefficient zero and no resonance.
        @inlinable
        public init() {
            se2 = 0; se3 = 0; si2 = 0; si3 = 0; sl2 = 0; sl3 = 0; sl4 = 0; sgh2 = 0; sgh3 = 0; sgh4 = 0; sh2 = 0; sh3 = 0
            ee2 = 0; e3 = 0; xi2 = 0; xi3 = 0; xl2 = 0; xl3 = 0; xl4 = 0; xgh2 = 0; xgh3 = 0; xgh4 = 0; xh2 = 0; xh3 = 0
            zmol = 0; zmos = 0
            dedt = 0; didt = 0; dmdt = 0; dnodt = 0; domdt = 0
            resonance = .none
            d2201 = 0; d2211 = 0; d3210 = 0; d3222 = 0; d4410 = 0; d4422 = 0; d5220 = 0; d5232 = 0; d5421 = 0; d5433 = 0
            del1 = 0; del2 = 0; del3 = 0; xfact = 0; xlamo = 0
        }
    }

    /// Creates a record with every constant zero (filled in by initialisation).
    @inlinable
    public init() {
        earthRadiusKm = 0; xke = 0; j2 = 0; j3oj2 = 0; velocityKmPerS = 0
        bstar = 0; ecco = 0; inclo = 0; nodeo = 0; argpo = 0; mo = 0; noUnkozai = 0
        mdot = 0; argpdot = 0; nodedot = 0
        nodecf = 0; cc1 = 0; cc4 = 0; cc5 = 0; t2cof = 0; omgcof = 0; xmcof = 0; eta = 0; delmo = 0; sinmao = 0
        d2 = 0; d3 = 0; d4 = 0; t3cof = 0; t4cof = 0; t5cof = 0
        aycof = 0; xlcof = 0; con41 = 0; x1mth2 = 0; x7thm1 = 0
        gsto = 0; simplifiedDrag = false; afspcMode = false; deepSpace = nil
    }
}
