public import Astrodynamics
public import ElementSets

/// An element-set store: objects (SATCAT rows) and every distinct element set, keyed by catalog number, epoch
/// (to the microsecond) and element-set number.
///
/// Every mutating call is one transaction: it either commits completely or leaves the store as it was, so a
/// process killed between calls loses nothing already committed and a rerun adds only what is missing.
public protocol ElementSetStore: Sendable {
    /// A human-readable description of the backend and location (no password).
    var locationDescription: String { get }

    /// Whether the store's connection is known to be gone (a database server restart or termination): an
    /// operation still pending on it may never be answered. Always `false` for a store without a connection.
    var isDisconnected: Bool { get }

    /// Stores the element sets not stored yet, in one transaction, and records their objects.
    ///
    /// - Parameters:
    ///   - sets: The element sets.
    ///   - source: Where they came from (a path or URL).
    ///   - ingestedAt: The ingest time to record.
    /// - Returns: How many were new and how many were already stored.
    func insert(_ sets: [ElementSet], source: String, ingestedAt: Instant) async throws(CatalogError) -> InsertCounts

    /// Inserts or updates SATCAT rows, in one transaction; a field a row leaves empty keeps its stored value.
    ///
    /// - Returns: The number of rows that added an object or changed a stored one (a row identical to what is stored,
    ///   given the fields it leaves empty, is not written).
    func upsert(objects: [CatalogObject]) async throws(CatalogError) -> Int

    /// Every stored element set of one object, oldest epoch first.
    func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet]

    /// The object row of one catalog number, if known (from a SATCAT or from its element sets).
    func object(_ catalogNumber: CatalogNumber) async throws(CatalogError) -> CatalogObject?

    /// Objects whose international designator starts with `prefix` (for example "2023-091"), by designator.
    func objects(designatorPrefix prefix: String) async throws(CatalogError) -> [CatalogObject]

    /// The latest element set of every object whose newest epoch is at or before `instant` (all objects when `nil`),
    /// by catalog number: the catalog as it stood then.
    ///
    /// "Latest" is the greatest epoch, then the greatest element-set number.
    func latestElementSets(asOf instant: Instant?) async throws(CatalogError) -> [StoredElementSet]

    /// Objects matching a search text, best matches first: the catalog number when `text` is a number, then
    /// international designators starting with `text`, then names containing it (case-insensitive).
    ///
    /// - Parameters:
    ///   - text: What the user typed; surrounding spaces are ignored. An empty text matches nothing.
    ///   - limit: The most objects to return.
    func searchObjects(matching text: String, limit: Int) async throws(CatalogError) -> [CatalogObject]

    /// The number of element sets stored.
    func elementSetCount() async throws(CatalogError) -> Int

    /// The newest epoch and the latest ingest time in the store, or `nil` when it is empty.
    func dataAge() async throws(CatalogError) -> (newestEpoch: Instant, lastIngest: Instant)?

    /// Releases the connection(s). The store must not be used afterwards.
    func close() async
}

extension ElementSetStore {
    /// A store without a connection to lose (SQLite) is never disconnected.
    public var isDisconnected: Bool { false }
}

/// The fields of an element set as stored (inside a ``PackedElementSetRecord``).
struct ElementSetRow: Sendable {
    var catalogNumber: Int64
    var epochMicroseconds: Int64
    var elementSetNumber: Int64
    var objectName: String?
    var objectID: String?
    var meanMotion: Double
    var eccentricity: Double
    var inclination: Double
    var rightAscension: Double
    var argumentOfPericenter: Double
    var meanAnomaly: Double
    var ephemerisType: Int64
    var classification: String
    var revolutionNumber: Int64
    var bstar: Double
    var meanMotionDot: Double
    var meanMotionDDot: Double

    /// The columns `element_set` had for these fields before the stores kept packed records (what the
    /// migrations that pack them read).
    static let columnList = """
        catalog_number, epoch_us, element_set_number, object_name, object_id, mean_motion, eccentricity, \
        inclination, ra_of_asc_node, arg_of_pericenter, mean_anomaly, ephemeris_type, classification_type, \
        rev_at_epoch, bstar, mean_motion_dot, mean_motion_ddot
        """

    init(_ set: ElementSet) {
        catalogNumber = Int64(set.catalogNumber.rawValue)
        epochMicroseconds = EpochMicroseconds.from(set.epoch)
        elementSetNumber = Int64(set.elementSetNumber)
        objectName = set.objectName
        objectID = set.objectID
        meanMotion = set.meanMotionRevPerDay
        eccentricity = set.eccentricity
        inclination = set.inclinationDeg
        rightAscension = set.rightAscensionOfAscendingNodeDeg
        argumentOfPericenter = set.argumentOfPericenterDeg
        meanAnomaly = set.meanAnomalyDeg
        ephemerisType = Int64(set.ephemerisType)
        classification = String(set.classification)
        revolutionNumber = Int64(set.revolutionNumberAtEpoch)
        bstar = set.bstarPerEarthRadii
        meanMotionDot = set.meanMotionDotRevPerDay2
        meanMotionDDot = set.meanMotionDDotRevPerDay3
    }

    init(catalogNumber: Int64, epochMicroseconds: Int64, elementSetNumber: Int64, objectName: String?,
         objectID: String?, meanMotion: Double, eccentricity: Double, inclination: Double, rightAscension: Double,
         argumentOfPericenter: Double, meanAnomaly: Double, ephemerisType: Int64, classification: String,
         revolutionNumber: Int64, bstar: Double, meanMotionDot: Double, meanMotionDDot: Double) {
        self.catalogNumber = catalogNumber
        self.epochMicroseconds = epochMicroseconds
        self.elementSetNumber = elementSetNumber
        self.objectName = objectName
        self.objectID = objectID
        self.meanMotion = meanMotion
        self.eccentricity = eccentricity
        self.inclination = inclination
        self.rightAscension = rightAscension
        self.argumentOfPericenter = argumentOfPericenter
        self.meanAnomaly = meanAnomaly
        self.ephemerisType = ephemerisType
        self.classification = classification
        self.revolutionNumber = revolutionNumber
        self.bstar = bstar
        self.meanMotionDot = meanMotionDot
        self.meanMotionDDot = meanMotionDDot
    }

    /// The element set, its epoch converted by `epochs` (reused along a history), or a database error naming the
    /// row when a stored value is out of range.
    func elementSet(epochs: inout EpochMicroseconds.Decoder) throws(CatalogError) -> ElementSet {
        guard let number = CatalogNumber(Int(catalogNumber)) else {
            throw CatalogError(.database, location: "element_set", field: "catalog_number",
                               "stored catalog number \(catalogNumber) is out of range")
        }
        return ElementSet(
            objectName: objectName, objectID: objectID, epoch: epochs.instant(epochMicroseconds),
            meanMotionRevPerDay: meanMotion, eccentricity: eccentricity, inclinationDeg: inclination,
            rightAscensionOfAscendingNodeDeg: rightAscension, argumentOfPericenterDeg: argumentOfPericenter,
            meanAnomalyDeg: meanAnomaly, ephemerisType: Int(ephemerisType),
            classification: classificationCharacter, catalogNumber: number,
            elementSetNumber: Int(elementSetNumber), revolutionNumberAtEpoch: Int(revolutionNumber),
            bstarPerEarthRadii: bstar, meanMotionDotRevPerDay2: meanMotionDot, meanMotionDDotRevPerDay3: meanMotionDDot)
    }
}

extension ElementSetRow {
    /// The classification as a `Character` ("U" when empty); a one-byte ASCII value (every real one) without
    /// grapheme breaking.
    var classificationCharacter: Character {
        var utf8 = classification.utf8.makeIterator()
        if let first = utf8.next(), first < 0x80, utf8.next() == nil { return Character(Unicode.Scalar(first)) }
        return classification.first ?? "U"
    }
}

/// Objects seen in a batch of element sets: one (catalog number, designator, name) per object, the last wins.
func objectsSeen(in sets: [ElementSet]) -> [(Int64, String?, String?)] {
    var index: [Int: Int] = [:]
    var rows: [(Int64, String?, String?)] = []
    for set in sets {
        let row = (Int64(set.catalogNumber.rawValue), set.objectID, set.objectName)
        if let at = index[set.catalogNumber.rawValue] {
            rows[at] = row
        } else {
            index[set.catalogNumber.rawValue] = rows.count
            rows.append(row)
        }
    }
    return rows
}
