public import Astrodynamics
public import ElementSets
import Foundation
import GRDB
import GRDBSQLite

/// The embedded store: one SQLite file through GRDB, in WAL mode, with versioned migrations.
///
/// A `final class` because it owns a database pool; it is `Sendable` because GRDB serialises writes.
public final class SQLiteElementSetStore: ElementSetStore {
    private let pool: DatabasePool
    private let path: String

    /// SQLite's "copy the text now" destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Calls `body` with a C string of `text` (valid only inside `body`), or `nil`.
    @inline(__always)
    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) throws -> R) rethrows -> R {
        if let text { return try text.withCString(body) }
        return try body(nil)
    }

    /// Binds and steps one prepared single-row `INSERT OR IGNORE` per row through the sqlite3 API (GRDB's
    /// generic argument path costs more than the insert itself at hundreds of thousands of rows per second): the
    /// key, the provenance and the packed record (``PackedElementSetRecord``), encoded into one reused buffer and
    /// bound without a copy.
    ///
    /// - Returns: The number of rows actually inserted.
    private static func bulkInsert(_ rows: [ElementSetRow], statement: OpaquePointer, connection: OpaquePointer?,
                                   sourceID: Int64, ingested: Int64) throws -> Int {
        var inserted = 0
        func check(_ code: Int32) throws {
            guard code == SQLITE_OK else {
                throw CatalogError(.database, location: "element_set", String(cString: sqlite3_errmsg(connection)))
            }
        }
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        var record = ReusableRecordBuffer()  // a var: the record writer takes its output inout
        for row in rows {
            try PackedElementSetRecord.validate(row, sourceID: sourceID)
            record.start(textBytes: (row.objectName?.utf8.count ?? 0) + (row.objectID?.utf8.count ?? 0)
                         + row.classification.utf8.count)
            PackedElementSetRecord.write(row, sourceID: sourceID, ingested: ingested, to: &record)
            sqlite3_reset(statement)
            try check(sqlite3_bind_int64(statement, 1, row.catalogNumber))
            try check(sqlite3_bind_int64(statement, 2, row.epochMicroseconds))
            try check(sqlite3_bind_int64(statement, 3, row.elementSetNumber))
            try check(sqlite3_bind_int64(statement, 4, sourceID))
            try check(sqlite3_bind_int64(statement, 5, ingested))
            let bytes = record.bytes
            try check(sqlite3_bind_blob(statement, 6, bytes.baseAddress, Int32(bytes.count), nil))
            let code = sqlite3_step(statement)
            guard code == SQLITE_DONE else {
                throw CatalogError(.database, location: "element_set", String(cString: sqlite3_errmsg(connection)))
            }
            inserted += Int(sqlite3_changes(connection))
        }
        return inserted
    }

    /// Reads rows of (catalog number, packed record) through the sqlite3 API; source names come from column
    /// `nameColumn` when given, else from `sourceName`, once per distinct source.
    static func readRecords(_ statement: OpaquePointer, location: String, sourceName: (Int64) throws -> String?,
                            nameColumn: Int32?) throws -> [StoredElementSet] {
        var decoder = PackedElementSetRecord.Decoder(location: location)
        var result: [StoredElementSet] = []
        var sources: [Int64: String] = [:]
        var lastSource: (id: Int64, name: String)?
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw CatalogError(.database, location: "element_set", "reading history failed with SQLite code \(code)")
            }
            let number = sqlite3_column_int64(statement, 0)
            let count = Int(sqlite3_column_bytes(statement, 1))
            guard let blob = sqlite3_column_blob(statement, 1) else {
                throw CatalogError(.database, location: location, field: "record",
                                   "empty element-set record for catalog number \(number)")
            }
            var offset = 0
            var (stored, sourceID) = try decoder.decode(UnsafeRawBufferPointer(start: blob, count: count), at: &offset,
                                                        catalogNumber: number)
            guard offset == count else {
                throw CatalogError(.database, location: location, field: "record",
                                   "element-set record of catalog number \(number) has \(count - offset) bytes after its end")
            }
            if let lastSource, lastSource.id == sourceID {
                stored.source = lastSource.name
            } else {
                let name: String
                if let nameColumn, let text = sqlite3_column_text(statement, nameColumn) {
                    name = String(cString: text)
                } else if let known = sources[sourceID] {
                    name = known
                } else {
                    name = try sourceName(sourceID) ?? ""
                    sources[sourceID] = name
                }
                stored.source = name
                lastSource = (sourceID, name)
            }
            result.append(stored)
        }
        return result
    }

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
            // WAL with synchronous=NORMAL: a commit is durable against a killed process (the WAL is written before
            // the commit returns); only a power loss can undo the latest commits. Checkpoints every 32 MiB of WAL
            // rather than 4 MiB, so bulk ingests copy pages back into the database file less often.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            try db.execute(sql: "PRAGMA cache_size = -32768")
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
        // One packed record per element set instead of a column per field (``PackedElementSetRecord``, the same
        // bytes as the PostgreSQL store): a history row is then one blob for SQLite to hand over rather than
        // seventeen columns to decode. Existing rows are converted in place, bit for bit.
        migrator.registerMigration("2 element sets as packed records") { db in
            try db.execute(sql: """
                CREATE TABLE element_set_packed (
                    catalog_number INTEGER NOT NULL,
                    epoch_us INTEGER NOT NULL,
                    element_set_number INTEGER NOT NULL,
                    source_id INTEGER NOT NULL REFERENCES source(id),
                    ingested_at_us INTEGER NOT NULL,
                    record BLOB NOT NULL,
                    PRIMARY KEY (catalog_number, epoch_us, element_set_number)
                ) WITHOUT ROWID
                """)
            let rows = try Row.fetchCursor(db, sql: "SELECT \(ElementSetRow.columnList), source_id, ingested_at_us FROM element_set")
            let insert = try db.makeStatement(sql: "INSERT INTO element_set_packed VALUES (?, ?, ?, ?, ?, ?)")
            while let row = try rows.next() {
                let stored = ElementSetRow(
                    catalogNumber: row[0], epochMicroseconds: row[1], elementSetNumber: row[2], objectName: row[3],
                    objectID: row[4], meanMotion: row[5], eccentricity: row[6], inclination: row[7],
                    rightAscension: row[8], argumentOfPericenter: row[9], meanAnomaly: row[10], ephemerisType: row[11],
                    classification: row[12], revolutionNumber: row[13], bstar: row[14], meanMotionDot: row[15],
                    meanMotionDDot: row[16])
                let sourceID: Int64 = row[17], ingested: Int64 = row[18]
                let record = try PackedElementSetRecord.encode(stored, sourceID: sourceID, ingested: ingested)
                try insert.execute(arguments: [stored.catalogNumber, stored.epochMicroseconds, stored.elementSetNumber,
                                               sourceID, ingested, Data(record)])
            }
            try db.execute(sql: "DROP TABLE element_set")
            try db.execute(sql: "ALTER TABLE element_set_packed RENAME TO element_set")
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
        return try await write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO source(name) VALUES (?)", arguments: [source])
            guard let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [source]) else {
                throw CatalogError(.database, location: "source", "source row missing after insert")
            }
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO element_set (catalog_number, epoch_us, element_set_number, source_id,
                                                   ingested_at_us, record)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            let inserted = try Self.bulkInsert(rows, statement: statement.sqliteStatement,
                                               connection: db.sqliteConnection, sourceID: sourceID, ingested: ingested)
            let objectStatement = try db.cachedStatement(sql: """
                INSERT INTO object (catalog_number, international_designator, name) VALUES (?, ?, ?)
                ON CONFLICT(catalog_number) DO UPDATE SET
                    international_designator = coalesce(object.international_designator, excluded.international_designator),
                    name = CASE WHEN object.from_satcat = 1 THEN coalesce(object.name, excluded.name)
                                ELSE coalesce(excluded.name, object.name) END
                """)
            let rawObject = objectStatement.sqliteStatement
            defer { sqlite3_reset(rawObject); sqlite3_clear_bindings(rawObject) }
            for (number, designator, name) in objects {
                sqlite3_reset(rawObject)
                sqlite3_bind_int64(rawObject, 1, number)
                if let designator { sqlite3_bind_text(rawObject, 2, designator, -1, Self.transient) } else { sqlite3_bind_null(rawObject, 2) }
                if let name { sqlite3_bind_text(rawObject, 3, name, -1, Self.transient) } else { sqlite3_bind_null(rawObject, 3) }
                guard sqlite3_step(rawObject) == SQLITE_DONE else {
                    throw CatalogError(.database, location: "object", String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
            }
            return InsertCounts(inserted: inserted, duplicates: rows.count - inserted)
        }
    }

    /// Inserts or updates SATCAT rows, in one transaction; a field a row leaves empty keeps its stored value.
    public func upsert(objects: [CatalogObject]) async throws(CatalogError) -> Int {
        if objects.isEmpty { return 0 }
        return try await write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO object (catalog_number, international_designator, name, object_type, owner, launch_date,
                                    decay_date, from_satcat)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT(catalog_number) DO UPDATE SET
                    international_designator = COALESCE(excluded.international_designator, international_designator),
                    name = COALESCE(excluded.name, name), object_type = COALESCE(excluded.object_type, object_type),
                    owner = COALESCE(excluded.owner, owner), launch_date = COALESCE(excluded.launch_date, launch_date),
                    decay_date = COALESCE(excluded.decay_date, decay_date), from_satcat = 1
                WHERE (excluded.international_designator IS NOT NULL
                       AND excluded.international_designator IS NOT international_designator)
                   OR (excluded.name IS NOT NULL AND excluded.name IS NOT name)
                   OR (excluded.object_type IS NOT NULL AND excluded.object_type IS NOT object_type)
                   OR (excluded.owner IS NOT NULL AND excluded.owner IS NOT owner)
                   OR (excluded.launch_date IS NOT NULL AND excluded.launch_date IS NOT launch_date)
                   OR (excluded.decay_date IS NOT NULL AND excluded.decay_date IS NOT decay_date)
                   OR from_satcat IS NOT 1
                """)
            var written = 0
            for object in objects {
                statement.setUncheckedArguments([Int64(object.catalogNumber.rawValue), object.internationalDesignator,
                                                 object.name, object.objectType, object.owner, object.launchDate,
                                                 object.decayDate])
                try statement.execute()
                written += db.changesCount
            }
            return written
        }
    }

    /// Every stored element set of one object, oldest epoch first.
    public func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet] {
        try await read { db in
            // A range of the primary key, in its order (no sort); source names looked up once per distinct source
            // rather than joined on every row.
            let statement = try db.cachedStatement(sql: """
                SELECT catalog_number, record
                FROM element_set WHERE catalog_number = ? ORDER BY epoch_us, element_set_number
                """)
            let names = try db.cachedStatement(sql: "SELECT name FROM source WHERE id = ?")
            let raw = statement.sqliteStatement, rawNames = names.sqliteStatement
            sqlite3_reset(raw)
            sqlite3_bind_int64(raw, 1, Int64(catalogNumber.rawValue))
            defer { sqlite3_reset(raw); sqlite3_clear_bindings(raw) }
            return try Self.readRecords(raw, location: self.locationDescription, sourceName: { id in
                sqlite3_reset(rawNames)
                sqlite3_bind_int64(rawNames, 1, id)
                defer { sqlite3_reset(rawNames) }
                guard sqlite3_step(rawNames) == SQLITE_ROW, let name = sqlite3_column_text(rawNames, 0) else { return nil }
                return String(cString: name)
            }, nameColumn: nil)
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

    static func object(from row: Row) -> CatalogObject? {
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

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(CatalogError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, location: path, "\(error)")
        }
    }
}
