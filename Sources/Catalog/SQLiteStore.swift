public import Astrodynamics
public import ElementSets
import Foundation
import GRDB

/// The embedded store: one SQLite file through GRDB, in WAL mode, with versioned migrations.
///
/// A `final class` because it owns a database pool; it is `Sendable` because GRDB serialises writes.
public final class SQLiteElementSetStore: ElementSetStore {
    private let pool: DatabasePool
    private let path: String

    /// Rows per multi-row `INSERT` statement (17 columns each, well under SQLite's parameter limit).
    private static let rowsPerStatement = 50

    /// Opens (creating if needed) the SQLite store at `path` and brings its schema up to date.
    ///
    /// - Parameter path: The database file; its directory is created when missing.
    /// - Throws: ``CatalogError`` of kind `unavailable` when the file cannot be opened or migrated.
    public init(path: String) throws(CatalogError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw CatalogError(.unavailable, location: path, "cannot open the SQLite store: \(error)")
        }
    }

    /// The schema, as numbered migrations (never edit a shipped one; add the next).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1 objects and element sets") { db in
            try db.execute(sql: """
                CREATE TABLE object (
                    catalog_number INTEGER PRIMARY KEY,
                    international_designator TEXT,
                    name TEXT,
                    object_type TEXT,
                    owner TEXT,
                    launch_date TEXT,
                    decay_date TEXT,
                    from_satcat INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX object_designator ON object(international_designator);
                CREATE TABLE source (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE
                );
                CREATE TABLE element_set (
                    catalog_number INTEGER NOT NULL,
                    epoch_us INTEGER NOT NULL,
                    element_set_number INTEGER NOT NULL,
                    object_name TEXT,
                    object_id TEXT,
                    mean_motion REAL NOT NULL,
                    eccentricity REAL NOT NULL,
                    inclination REAL NOT NULL,
                    ra_of_asc_node REAL NOT NULL,
                    arg_of_pericenter REAL NOT NULL,
                    mean_anomaly REAL NOT NULL,
                    ephemeris_type INTEGER NOT NULL,
                    classification_type TEXT NOT NULL,
                    rev_at_epoch INTEGER NOT NULL,
                    bstar REAL NOT NULL,
                    mean_motion_dot REAL NOT NULL,
                    mean_motion_ddot REAL NOT NULL,
                    source_id INTEGER NOT NULL REFERENCES source(id),
                    ingested_at_us INTEGER NOT NULL,
                    PRIMARY KEY (catalog_number, epoch_us, element_set_number)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }

    /// "sqlite:<path>".
    public var locationDescription: String { "sqlite:\(path)" }

    /// Stores the element sets not stored yet, in one transaction. See ``ElementSetStore/insert(_:source:ingestedAt:)``.
    public func insert(_ sets: [ElementSet], source: String, ingestedAt: Instant) async throws(CatalogError) -> InsertCounts {
        if sets.isEmpty { return InsertCounts() }
        let rows = sets.map(ElementSetRow.init)
        let objects = objectsSeen(in: sets)
        let ingested = EpochMicroseconds.from(ingestedAt)
        let chunk = Self.rowsPerStatement
        return try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO source(name) VALUES (?)", arguments: [source])
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                throw CatalogError(.database, location: "source", "source row missing after insert")
            }
            let placeholders = "(" + Array(repeating: "?", count: 19).joined(separator: ",") + ")"
            let fullSQL = "INSERT OR IGNORE INTO element_set (\(ElementSetRow.columnList), source_id, ingested_at_us) VALUES "
                + Array(repeating: placeholders, count: chunk).joined(separator: ",")
            let full = try db.cachedStatement(sql: fullSQL)
            var inserted = 0
            var start = 0
            while start < rows.count {
                let end = min(start + chunk, rows.count)
                var values: [(any DatabaseValueConvertible)?] = []
                values.reserveCapacity((end - start) * 19)
                for row in rows[start..<end] {
                    values.append(row.catalogNumber); values.append(row.epochMicroseconds)
                    values.append(row.elementSetNumber); values.append(row.objectName); values.append(row.objectID)
                    values.append(row.meanMotion); values.append(row.eccentricity); values.append(row.inclination)
                    values.append(row.rightAscension); values.append(row.argumentOfPericenter)
                    values.append(row.meanAnomaly); values.append(row.ephemerisType); values.append(row.classification)
                    values.append(row.revolutionNumber); values.append(row.bstar); values.append(row.meanMotionDot)
                    values.append(row.meanMotionDDot); values.append(sourceID); values.append(ingested)
                }
                let statement: Statement
                if end - start == chunk {
                    statement = full
                } else {
                    statement = try db.makeStatement(sql:
                        "INSERT OR IGNORE INTO element_set (\(ElementSetRow.columnList), source_id, ingested_at_us) VALUES "
                        + Array(repeating: placeholders, count: end - start).joined(separator: ","))
                }
                statement.setUncheckedArguments(StatementArguments(values))
                try statement.execute()
                inserted += db.changesCount
                start = end
            }
            let objectStatement = try db.cachedStatement(sql: """
                INSERT INTO object (catalog_number, international_designator, name) VALUES (?, ?, ?)
                ON CONFLICT(catalog_number) DO UPDATE SET
                    international_designator = coalesce(object.international_designator, excluded.international_designator),
                    name = CASE WHEN object.from_satcat = 1 THEN coalesce(object.name, excluded.name)
                                ELSE coalesce(excluded.name, object.name) END
                """)
            for (number, designator, name) in objects {
                objectStatement.setUncheckedArguments([number, designator, name])
                try objectStatement.execute()
            }
            return InsertCounts(inserted: inserted, duplicates: rows.count - inserted)
        }
    }

    /// Inserts or replaces SATCAT rows, in one transaction.
    public func upsert(objects: [CatalogObject]) async throws(CatalogError) -> Int {
        if objects.isEmpty { return 0 }
        return try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO object (catalog_number, international_designator, name, object_type, owner, launch_date,
                                    decay_date, from_satcat)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT(catalog_number) DO UPDATE SET
                    international_designator = excluded.international_designator, name = excluded.name,
                    object_type = excluded.object_type, owner = excluded.owner, launch_date = excluded.launch_date,
                    decay_date = excluded.decay_date, from_satcat = 1
                """)
            for object in objects {
                statement.setUncheckedArguments([Int64(object.catalogNumber.rawValue), object.internationalDesignator,
                                                 object.name, object.objectType, object.owner, object.launchDate,
                                                 object.decayDate])
                try statement.execute()
            }
            return objects.count
        }
    }

    /// Every stored element set of one object, oldest epoch first.
    public func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet] {
        try await read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.catalog_number, e.epoch_us, e.element_set_number, e.object_name, e.object_id, e.mean_motion,
                       e.eccentricity, e.inclination, e.ra_of_asc_node, e.arg_of_pericenter, e.mean_anomaly,
                       e.ephemeris_type, e.classification_type, e.rev_at_epoch, e.bstar, e.mean_motion_dot,
                       e.mean_motion_ddot, s.name, e.ingested_at_us
                FROM element_set e JOIN source s ON s.id = e.source_id
                WHERE e.catalog_number = ? ORDER BY e.epoch_us, e.element_set_number
                """, arguments: [Int64(catalogNumber.rawValue)])
            var result: [StoredElementSet] = []
            var sourceCache: [String: String] = [:]
            while let row = try rows.next() {
                let stored = ElementSetRow(
                    catalogNumber: row[0], epochMicroseconds: row[1], elementSetNumber: row[2], objectName: row[3],
                    objectID: row[4], meanMotion: row[5], eccentricity: row[6], inclination: row[7],
                    rightAscension: row[8], argumentOfPericenter: row[9], meanAnomaly: row[10], ephemerisType: row[11],
                    classification: row[12], revolutionNumber: row[13], bstar: row[14], meanMotionDot: row[15],
                    meanMotionDDot: row[16])
                let sourceName: String = row[17]
                let source = sourceCache[sourceName] ?? sourceName
                sourceCache[sourceName] = source
                result.append(StoredElementSet(elementSet: try stored.elementSet(), source: source,
                                               ingestedAt: EpochMicroseconds.instant(row[18])))
            }
            return result
        }
    }

    /// The object row of one catalog number, if known.
    public func object(_ catalogNumber: CatalogNumber) async throws(CatalogError) -> CatalogObject? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM object WHERE catalog_number = ?",
                             arguments: [Int64(catalogNumber.rawValue)]).flatMap(Self.object(from:))
        }
    }

    /// Objects whose international designator starts with `prefix`.
    public func objects(designatorPrefix prefix: String) async throws(CatalogError) -> [CatalogObject] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM object WHERE international_designator >= ? AND international_designator < ?
                ORDER BY international_designator, catalog_number
                """, arguments: [prefix, prefix + "\u{10FFFF}"]).compactMap(Self.object(from:))
        }
    }

    /// The number of element sets stored.
    public func elementSetCount() async throws(CatalogError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM element_set") ?? 0 }
    }

    /// The newest epoch and the latest ingest time, or `nil` when empty.
    public func dataAge() async throws(CatalogError) -> (newestEpoch: Instant, lastIngest: Instant)? {
        let values: (Int64, Int64)? = try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT max(epoch_us), max(ingested_at_us) FROM element_set"),
                  let epoch = row[0] as Int64?, let ingest = row[1] as Int64? else { return nil }
            return (epoch, ingest)
        }
        return values.map { (EpochMicroseconds.instant($0.0), EpochMicroseconds.instant($0.1)) }
    }

    /// Closes the pool.
    public func close() async {
        try? pool.close()
    }

    private static func object(from row: Row) -> CatalogObject? {
        let number: Int64 = row["catalog_number"]
        guard let catalogNumber = CatalogNumber(Int(number)) else { return nil }
        return CatalogObject(catalogNumber: catalogNumber, internationalDesignator: row["international_designator"],
                             name: row["name"], objectType: row["object_type"], owner: row["owner"],
                             launchDate: row["launch_date"], decayDate: row["decay_date"])
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, location: path, "\(error)")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, location: path, "\(error)")
        }
    }
}
