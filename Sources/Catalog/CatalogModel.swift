public import Astrodynamics
public import ElementSets

/// The element-set store: SQLite (GRDB) by default, PostgreSQL (postgres-nio) at scale.
public enum CatalogModule {}

/// One catalogued object, as a SATCAT row describes it (fields a SATCAT did not give are `nil`).
public struct CatalogObject: Sendable, Hashable {
    /// The catalog number (NORAD ID), up to 9 digits.
    public var catalogNumber: CatalogNumber
    /// The international designator in OMM form, for example "1998-067A".
    public var internationalDesignator: String?
    /// The object's name.
    public var name: String?
    /// "PAYLOAD", "ROCKET BODY", "DEBRIS", "TBA" or `nil`.
    public var objectType: String?
    /// The owner or country code ("US", "CIS", "PRC", …).
    public var owner: String?
    /// The launch date, `YYYY-MM-DD`.
    public var launchDate: String?
    /// The decay date, `YYYY-MM-DD`, if the object has re-entered.
    public var decayDate: String?

    /// Creates an object row.
    public init(catalogNumber: CatalogNumber, internationalDesignator: String? = nil, name: String? = nil,
                objectType: String? = nil, owner: String? = nil, launchDate: String? = nil, decayDate: String? = nil) {
        self.catalogNumber = catalogNumber
        self.internationalDesignator = internationalDesignator
        self.name = name
        self.objectType = objectType
        self.owner = owner
        self.launchDate = launchDate
        self.decayDate = decayDate
    }
}

/// An element set as stored: the set itself, where it came from and when it was ingested.
public struct StoredElementSet: Sendable, Hashable {
    /// The element set, every OMM field at full precision (epoch to the microsecond).
    public var elementSet: ElementSet
    /// Where the set came from (a file path or a URL).
    public var source: String
    /// When it was ingested.
    public var ingestedAt: Instant

    /// Creates a stored element set.
    public init(elementSet: ElementSet, source: String, ingestedAt: Instant) {
        self.elementSet = elementSet
        self.source = source
        self.ingestedAt = ingestedAt
    }
}

/// What one batch insert did.
public struct InsertCounts: Sendable, Hashable {
    /// Element sets that were not stored before.
    public var inserted: Int
    /// Element sets already stored (same catalog number, epoch and element-set number).
    public var duplicates: Int

    /// Creates counts.
    public init(inserted: Int = 0, duplicates: Int = 0) {
        self.inserted = inserted
        self.duplicates = duplicates
    }
}

/// Epochs are stored as whole microseconds since 1970-01-01T00:00:00 UTC (leap seconds excluded).
enum EpochMicroseconds {
    static let perDay: Int64 = 86_400_000_000
    static let mjdOfUnixEpoch = 40_587

    /// The instant in microseconds since the Unix epoch, rounded to the nearest microsecond.
    static func from(_ instant: Instant) -> Int64 {
        let (mjd, seconds) = instant.utcDayAndSeconds()
        return Int64(mjd - mjdOfUnixEpoch) * perDay + Int64((seconds * 1_000_000).rounded())
    }

    /// The instant for microseconds since the Unix epoch.
    static func instant(_ microseconds: Int64) -> Instant {
        var decoder = Decoder()
        return decoder.instant(microseconds)
    }

    /// Converts a run of stored epochs, reusing the start of the previous epoch's UTC day (a history is
    /// chronological, so most rows share their day with the row before and skip the leap-second lookup).
    struct Decoder {
        private var day = Int64.min
        private var dayStart = Instant(utcMJD: mjdOfUnixEpoch, fractionOfDay: 0)

        /// The instant for microseconds since the Unix epoch (the same as ``EpochMicroseconds/instant(_:)``).
        mutating func instant(_ microseconds: Int64) -> Instant {
            var day = microseconds / perDay
            var rest = microseconds % perDay
            if rest < 0 { rest += perDay; day -= 1 }
            if day != self.day {
                self.day = day
                dayStart = Instant(utcMJD: Int(day) + mjdOfUnixEpoch, fractionOfDay: 0)
            }
            return dayStart.adding(seconds: Double(rest / 1_000_000)).adding(seconds: Double(rest % 1_000_000) / 1_000_000)
        }
    }
}
