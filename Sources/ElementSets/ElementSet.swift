public import Astrodynamics

/// One set of SGP4 mean elements with CCSDS OMM (502.0-B-3) semantics, whatever format it was read from.
///
/// Angles are in degrees, mean motion in revolutions per day, as in OMM. ``meanMotionDotRevPerDay2`` and
/// ``meanMotionDDotRevPerDay3`` carry the OMM `MEAN_MOTION_DOT` and `MEAN_MOTION_DDOT` values exactly as TLE
/// columns do (ṅ/2 and n̈/6); SGP4 ignores both.
public struct ElementSet: Sendable, Hashable {
    /// `OBJECT_NAME`, for example "ISS (ZARYA)"; `nil` when the source had none (a bare two-line TLE).
    public var objectName: String?
    /// `OBJECT_ID`, the international designator in OMM form ("1998-067A"); `nil` when blank.
    public var objectID: String?
    /// `EPOCH`, the instant the elements refer to (UTC in every source format).
    public var epoch: Instant
    /// `MEAN_MOTION` in revolutions per day (Kozai mean motion, as published).
    public var meanMotionRevPerDay: Double
    /// `ECCENTRICITY`, dimensionless, `0 ..< 1`.
    public var eccentricity: Double
    /// `INCLINATION` in degrees.
    public var inclinationDeg: Double
    /// `RA_OF_ASC_NODE`, right ascension of the ascending node, in degrees.
    public var rightAscensionOfAscendingNodeDeg: Double
    /// `ARG_OF_PERICENTER`, argument of perigee, in degrees.
    public var argumentOfPericenterDeg: Double
    /// `MEAN_ANOMALY` in degrees.
    public var meanAnomalyDeg: Double
    /// `EPHEMERIS_TYPE` (0 for SGP4 element sets; other values are carried but not interpreted).
    public var ephemerisType: Int
    /// `CLASSIFICATION_TYPE`: "U" unclassified, "C" classified, "S" secret.
    public var classification: Character
    /// `NORAD_CAT_ID`, the catalog number.
    public var catalogNumber: CatalogNumber
    /// `ELEMENT_SET_NO`.
    public var elementSetNumber: Int
    /// `REV_AT_EPOCH`, the revolution number at epoch.
    public var revolutionNumberAtEpoch: Int
    /// `BSTAR`, the SGP4 drag term, in inverse Earth radii.
    public var bstarPerEarthRadii: Double
    /// `MEAN_MOTION_DOT`: half the first derivative of mean motion, revolutions per day².
    public var meanMotionDotRevPerDay2: Double
    /// `MEAN_MOTION_DDOT`: one sixth of the second derivative of mean motion, revolutions per day³.
    public var meanMotionDDotRevPerDay3: Double

    /// Creates an element set from its OMM fields.
    public init(
        objectName: String? = nil,
        objectID: String? = nil,
        epoch: Instant,
        meanMotionRevPerDay: Double,
        eccentricity: Double,
        inclinationDeg: Double,
        rightAscensionOfAscendingNodeDeg: Double,
        argumentOfPericenterDeg: Double,
        meanAnomalyDeg: Double,
        ephemerisType: Int = 0,
        classification: Character = "U",
        catalogNumber: CatalogNumber,
        elementSetNumber: Int = 999,
        revolutionNumberAtEpoch: Int = 0,
        bstarPerEarthRadii: Double,
        meanMotionDotRevPerDay2: Double = 0,
        meanMotionDDotRevPerDay3: Double = 0
    ) {
        self.objectName = objectName
        self.objectID = objectID
        self.epoch = epoch
        self.meanMotionRevPerDay = meanMotionRevPerDay
        self.eccentricity = eccentricity
        self.inclinationDeg = inclinationDeg
        self.rightAscensionOfAscendingNodeDeg = rightAscensionOfAscendingNodeDeg
        self.argumentOfPericenterDeg = argumentOfPericenterDeg
        self.meanAnomalyDeg = meanAnomalyDeg
        self.ephemerisType = ephemerisType
        self.classification = classification
        self.catalogNumber = catalogNumber
        self.elementSetNumber = elementSetNumber
        self.revolutionNumberAtEpoch = revolutionNumberAtEpoch
        self.bstarPerEarthRadii = bstarPerEarthRadii
        self.meanMotionDotRevPerDay2 = meanMotionDotRevPerDay2
        self.meanMotionDDotRevPerDay3 = meanMotionDDotRevPerDay3
    }
}
