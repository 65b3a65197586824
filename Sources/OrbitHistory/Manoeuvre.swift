public import Astrodynamics
public import ElementSets

/// Whether a manoeuvre changed the orbit within its plane or tilted the plane.
public enum ManoeuvreKind: String, Sendable, Hashable, CaseIterable {
    /// Semi-major axis or eccentricity changed (tangential or radial thrust).
    case inPlane = "in-plane"
    /// Inclination or node changed (thrust normal to the orbit plane).
    case outOfPlane = "out-of-plane"
}

/// One manoeuvre found in an element-set history.
public struct Manoeuvre: Sendable, Hashable {
    /// The object that manoeuvred.
    public var catalogNumber: CatalogNumber
    /// Best estimate of when the manoeuvre happened (between ``precedingEpoch`` and ``followingEpoch``).
    public var time: Instant
    /// In-plane or out-of-plane.
    public var kind: ManoeuvreKind
    /// Estimated size of the burn from Gauss's equations, metres per second.
    public var deltaVMetresPerSecond: Double
    /// How sure the detector is, 0–1 (from how far the change stands out of the object's own noise).
    public var confidence: Double
    /// Start of the interval the burn was searched in: the epoch of the last element set before the manoeuvre (a
    /// set or two earlier when the public sets absorbed the burn over several issues).
    public var precedingEpoch: Instant
    /// End of the interval the burn was searched in: the epoch of the first element set showing the manoeuvre.
    public var followingEpoch: Instant
    /// Change of semi-major axis across the manoeuvre (three sets after against three before) with the drag trend
    /// removed, km.
    public var semiMajorAxisChangeKm: Double
    /// Change of inclination across the manoeuvre, degrees.
    public var inclinationChangeDeg: Double
    /// The larger robust score of the in-plane and out-of-plane changes (multiples of the local noise sigma).
    public var significance: Double

    /// Creates a manoeuvre record.
    public init(catalogNumber: CatalogNumber, time: Instant, kind: ManoeuvreKind, deltaVMetresPerSecond: Double,
                confidence: Double, precedingEpoch: Instant, followingEpoch: Instant,
                semiMajorAxisChangeKm: Double, inclinationChangeDeg: Double, significance: Double) {
        self.catalogNumber = catalogNumber
        self.time = time
        self.kind = kind
        self.deltaVMetresPerSecond = deltaVMetresPerSecond
        self.confidence = confidence
        self.precedingEpoch = precedingEpoch
        self.followingEpoch = followingEpoch
        self.semiMajorAxisChangeKm = semiMajorAxisChangeKm
        self.inclinationChangeDeg = inclinationChangeDeg
        self.significance = significance
    }
}
