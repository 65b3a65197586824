public import Astrodynamics
public import ElementSets
import Foundation
public import PostgresNIO

/// The server store: PostgreSQL through postgres-nio, one connection, numbered migrations.
///
/// An actor because it owns a connection whose transactions must not interleave. Batches go in with
/// `COPY … FROM STDIN`, straight into `element_set` when their keys are new, else through a staging table and
/// `INSERT … SELECT … ON CONFLICT DO NOTHING` (see ``insert(_:source:ingestedAt:)``).
public actor PostgresElementSetStore: ElementSetStore {
    let connection: PostgresConnection
    let logger: Logger
    /// "postgres://user@host:port/database" (no password).
    public nonisolated let locationDescription: String

    /// The parts of a `postgres://user:password@host:port/database?schema=name` URL.
    public struct Location: Sendable, Hashable {
        /// Server host name or address.
        public var host: String
        /// Server port.
        public var port: Int
        /// Role name.
        public var user: String
        /// Password, if any.
        public var password: String?
        /// Database name.
        public var database: String
        /// The schema to create (if missing) and use; `nil` uses the role's default search path.
        public var schema: String?

        /// Parses a `postgres://` or `postgresql://` URL.
        ///
        /// - Throws: ``CatalogError`` of kind `invalidLocation` naming the part that is wrong.
        public init(url text: String) throws(CatalogError) {
            guard let components = URLComponents(string: text),
                  let scheme = components.scheme, scheme == "postgres" || scheme == "postgresql" else {
                throw CatalogError(.invalidLocation, location: Self.redacted(text), "expected postgres://user:password@host:port/database")
            }
            host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
            port = components.port ?? 5432
            user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
            password = components.password.flatMap { $0.removingPercentEncoding }
            let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            database = path.isEmpty ? user : path
            schema = components.queryItems?.first { $0.name == "schema" }?.value
            if let schema, schema.isEmpty || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                throw CatalogError(.invalidLocation, location: Self.redacted(text), field: "schema",
                                   "a schema name uses only ASCII letters, digits and _")
            }
        }

        /// The URL without its password.
        public var description: String {
            "postgres://\(user)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
        }

        static func redacted(_ text: String) -> String {
            guard var components = URLComponents(string: text) else { return "<unparsable URL>" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "<unparsable URL>"
        }
    }

    private init(connection: PostgresConnection, logger: Logger, description: String) {
        self.connection = connection
        self.logger = logger
        self.locationDescription = description
    }

    /// Connects, creates the schema if asked, and brings the tables up to date.
    ///
    /// - Parameters:
    ///   - url: A `postgres://user:password@host:port/database[?schema=name]` URL.
    ///   - logger: Where postgres-nio logs connection events.
    /// - Throws: ``CatalogError`` (`invalidLocation`, `unavailable` when the server cannot be reached, `database`).
    public static func open(url: String, logger: Logger) async throws(CatalogError) -> PostgresElementSetStore {
        let location = try Location(url: url)
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        } catch {
            throw CatalogError(.unavailable, location: location.description, "cannot connect to PostgreSQL: \(String(reflecting: error))")
        }
        let store = PostgresElementSetStore(connection: connection, logger: logger, description: location.description)
        do {
            try await store.prepare(schema: location.schema)
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    /// Numbered migrations; each runs once, in its own transaction, recorded in `perigee_schema_migration`.
    static let migrations: [(version: Int, name: String, statements: [String])] = [
        (1, "objects and element sets", [
            """
            CREATE TABLE object (
                catalog_number integer PRIMARY KEY,
                international_designator text,
                name text,
                object_type text,
                owner text,
                launch_date text,
                decay_date text,
                from_satcat boolean NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX object_designator ON object (international_designator text_pattern_ops)",
            "CREATE TABLE source (id serial PRIMARY KEY, name text NOT NULL UNIQUE)",
            """
            CREATE TABLE element_set (
                catalog_number integer NOT NULL,
                epoch_us bigint NOT NULL,
                element_set_number integer NOT NULL,
                object_name text,
                object_id text,
                mean_motion double precision NOT NULL,
                eccentricity double precision NOT NULL,
                inclination double precision NOT NULL,
                ra_of_asc_node double precision NOT NULL,
                arg_of_pericenter double precision NOT NULL,
                mean_anomaly double precision NOT NULL,
                ephemeris_type integer NOT NULL,
                classification_type text NOT NULL,
                rev_at_epoch bigint NOT NULL,
                bstar double precision NOT NULL,
                mean_motion_dot double precision NOT NULL,
                mean_motion_ddot double precision NOT NULL,
                source_id integer NOT NULL REFERENCES source (id),
                ingested_at_us bigint NOT NULL,
                PRIMARY KEY (catalog_number, epoch_us, element_set_number)
            )
            """,
        ]),
        // The foreign key fired one trigger (a lookup of `source` with a row lock) per stored element set: two
        // thirds of the server's time in a bulk COPY. Every source row is written by the same transaction as the
        // element sets naming it (``insert(_:source:ingestedAt:)``) and nothing deletes sources, so the reference
        // holds without the per-row check.
        (2, "element sets without a per-row source foreign key", [
            "ALTER TABLE element_set DROP CONSTRAINT IF EXISTS element_set_source_id_fkey",
        ]),
        // One packed record per element set instead of a column per field (``PackedElementSetRecord``): one
        // object's history is then one concatenation per row on the server, not nineteen send calls. Existing rows
        // are converted in place, bit for bit.
        (3, "element sets as packed records", [
            "ALTER TABLE element_set ADD COLUMN record bytea",
            "UPDATE element_set SET record = \(PackedElementSetRecord.fromColumnsSQL)",
            "ALTER TABLE element_set ALTER COLUMN record SET NOT NULL",
            """
            ALTER TABLE element_set DROP COLUMN object_name, DROP COLUMN object_id, DROP COLUMN mean_motion,
                DROP COLUMN eccentricity, DROP COLUMN inclination, DROP COLUMN ra_of_asc_node,
                DROP COLUMN arg_of_pericenter, DROP COLUMN mean_anomaly, DROP COLUMN ephemeris_type,
                DROP COLUMN classification_type, DROP COLUMN rev_at_epoch, DROP COLUMN bstar,
                DROP COLUMN mean_motion_dot, DROP COLUMN mean_motion_ddot
            """,
        ]),
    ]

    private func prepare(schema: String?) async throws(CatalogError) {
        try await run {
            if let schema {
                try await self.connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: self.logger)
                try await self.connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \"\(schema)\""), logger: self.logger)
            }
            // Room to sort one object's history in memory (37,000 ISS sets are about 8 MB of rows) when the
            // planner prefers a scan and a sort to the primary-key index; the default 4 MB spills to disk.
            try await self.connection.query("SET work_mem = '32MB'", logger: self.logger)
            try await self.connection.query("""
                CREATE TABLE IF NOT EXISTS perigee_schema_migration (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: self.logger)
            for migration in Self.migrations {
                try await self.connection.withTransaction(logger: self.logger) { connection in
                    // Serialise concurrent migrators of the same schema.
                    try await connection.query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))", logger: self.logger)
                    let done = try await connection.query(
                        "SELECT 1 FROM perigee_schema_migration WHERE version = \(migration.version)", logger: self.logger)
                    var applied = false
                    for try await _ in done { applied = true }
                    if applied { return }
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                    try await connection.query(
                        "INSERT INTO perigee_schema_migration (version, name) VALUES (\(migration.version), \(migration.name))",
                        logger: self.logger)
                }
            }
        }
    }

    /// The staging table a batch is copied into before it is merged into `element_set`: session-local, emptied at
    /// every commit, no constraints or indexes (COPY into it cannot fail on a duplicate).
    static let stageTable = "perigee_element_set_stage"
    static let stageColumns = ["catalog_number", "epoch_us", "element_set_number", "record"]
    static let createStage = """
        CREATE TEMP TABLE IF NOT EXISTS \(stageTable) (
            catalog_number bigint, epoch_us bigint, element_set_number bigint, record bytea
        ) ON COMMIT DELETE ROWS
        """
    /// The columns of `element_set` a direct COPY fills (every column).
    static let directColumns = ["catalog_number", "epoch_us", "element_set_number", "source_id", "ingested_at_us",
                                "record"]

    /// Appends `rows` to `buffer` in COPY's text format (tab-separated, backslash escapes): the key, then with
    /// `provenanceColumns` the source id and ingest time (``directColumns``), then the packed record in hex
    /// (which holds the provenance either way); without `provenanceColumns` the lines match ``stageColumns``.
    /// Each row is written straight into memory reserved for it, without a `String` or array per value.
    static func writeCopyText(_ rows: ArraySlice<ElementSetRow>, sourceID: Int64, ingested: Int64,
                              provenanceColumns: Bool, into buffer: inout ByteBuffer) {
        let tab = UInt8(ascii: "\t")
        for row in rows {
            let texts = (row.objectName?.utf8.count ?? 0) + (row.objectID?.utf8.count ?? 0) + row.classification.utf8.count
            CopyTextSink.appendRow(to: &buffer, maximumBytes: CopyTextSink.maximumRowBytes(texts: texts)) { sink in
                sink.integer(row.catalogNumber); sink.byte(tab)
                sink.integer(row.epochMicroseconds); sink.byte(tab)
                sink.integer(row.elementSetNumber); sink.byte(tab)
                if provenanceColumns {
                    sink.integer(sourceID); sink.byte(tab)
                    sink.integer(ingested); sink.byte(tab)
                }
                sink.record(row, sourceID: sourceID, ingested: ingested)
                sink.byte(UInt8(ascii: "\n"))
            }
        }
    }

    /// Whether the next batch tries `COPY` straight into `element_set` (see ``insert(_:source:ingestedAt:)``).
    private var directCopyFirst = true
    /// Tests turn the direct path off to compare it with the staged path.
    var directCopyEnabled = true
    /// Batches stored by the direct path, and by the staged path (tests check which path ran).
    private(set) var batchesByPath = (direct: 0, staged: 0)

    /// Enables or disables the direct-COPY path (tests).
    func setDirectCopy(enabled: Bool) { directCopyEnabled = enabled }

    /// Stores the element sets not stored yet, in one transaction, and records their objects.
    ///
    /// Two paths, same result:
    /// - direct: the batch is streamed with `COPY … FROM STDIN` straight into `element_set` inside a savepoint.
    ///   When every key is new (the common bulk case) that is the whole insert; a unique violation (a set already
    ///   stored) rolls back to the savepoint and the staged path runs instead. A key repeated within the batch is
    ///   dropped before sending (the first occurrence is kept, as `ON CONFLICT DO NOTHING` would) and counted as a
    ///   duplicate.
    /// - staged: the batch is copied into a session-local staging table and merged with one
    ///   `INSERT … SELECT … ON CONFLICT DO NOTHING`, which counts and skips duplicates.
    ///
    /// After a batch that held duplicates the next batch goes straight to the staged path (a re-ingest does not
    /// pay for a failed COPY per batch); a staged batch without duplicates re-enables the direct path.
    ///
    /// The transaction runs with `synchronous_commit = off`: its commit returns before the WAL reaches disk. That
    /// cannot lose or tear a committed batch when this process is killed (the server keeps running and its WAL
    /// writer flushes the commit within a few hundred milliseconds); only a crash of the database server or its
    /// machine in that window can lose the latest commits — whole transactions, never part of one, so the store
    /// stays consistent — and rerunning the ingest re-adds them (stored sets are skipped).
    public func insert(_ sets: [ElementSet], source: String, ingestedAt: Instant) async throws(CatalogError) -> InsertCounts {
        if sets.isEmpty { return InsertCounts() }
        let rows = Self.firstOfEachKey(sets.map(ElementSetRow.init))
        let repeatedInBatch = sets.count - rows.count
        let objects = objectsSeen(in: sets)
        let ingested = EpochMicroseconds.from(ingestedAt)
        let insertSQL = """
            WITH ins AS (
                INSERT INTO element_set (catalog_number, epoch_us, element_set_number, source_id, ingested_at_us, record)
                SELECT catalog_number, epoch_us, element_set_number, $1, $2, record
                FROM \(Self.stageTable)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM ins
            """
        var sourceBinds = PostgresBindings(capacity: 1)
        sourceBinds.append(source)
        var objectBinds = PostgresBindings(capacity: 5)
        objectBinds.append(objects.map(\.0))
        objectBinds.append(objects.map { $0.1 != nil })
        objectBinds.append(objects.map { $0.1 ?? "" })
        objectBinds.append(objects.map { $0.2 != nil })
        objectBinds.append(objects.map { $0.2 ?? "" })
        let tryDirect = directCopyFirst && directCopyEnabled
        let (inserted, usedDirect): (Int, Bool) = try await run {
            try await self.connection.withTransaction(logger: self.logger) { connection in
                try await connection.query("SET LOCAL synchronous_commit = off", logger: self.logger)
                var sourceID: Int64?
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: """
                    INSERT INTO source (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id::bigint
                    """, binds: sourceBinds), logger: self.logger) {
                    sourceID = try row.makeRandomAccess()[0].decode(Int64.self)
                }
                guard let sourceID else {
                    throw CatalogError(.database, location: self.locationDescription, field: "source", "source row missing after insert")
                }
                for row in rows { try PackedElementSetRecord.validate(row, sourceID: sourceID) }
                var count: Int?
                if tryDirect {
                    count = try await self.copyDirect(rows, sourceID: sourceID, ingested: ingested, on: connection)
                }
                let direct = count != nil
                if count == nil {
                    try await connection.query(PostgresQuery(unsafeSQL: Self.createStage), logger: self.logger)
                    try await Self.copy(rows[...], table: Self.stageTable, columns: Self.stageColumns, sourceID: sourceID,
                                        ingested: ingested, provenanceColumns: false, on: connection, logger: self.logger)
                    var binds = PostgresBindings(capacity: 2)
                    binds.append(sourceID)
                    binds.append(ingested)
                    for try await row in try await connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: binds), logger: self.logger) {
                        count = Int(try row.makeRandomAccess()[0].decode(Int64.self))
                    }
                }
                try await self.recordObjects(objectBinds, on: connection)
                return (count ?? 0, direct)
            }
        }
        directCopyFirst = inserted == rows.count
        if usedDirect { batchesByPath.direct += 1 } else { batchesByPath.staged += 1 }
        return InsertCounts(inserted: inserted, duplicates: rows.count - inserted + repeatedInBatch)
    }

    /// The rows with the first occurrence of each key (catalog number, epoch, element-set number), in order: what
    /// `ON CONFLICT DO NOTHING` would keep of a batch that repeats a key, found before the batch is sent so that
    /// such a batch (histories have them) can still take the direct path.
    static func firstOfEachKey(_ rows: [ElementSetRow]) -> [ElementSetRow] {
        struct Key: Hashable {
            var catalogNumber: Int64, epochMicroseconds: Int64, elementSetNumber: Int64
        }
        var seen = Set<Key>(minimumCapacity: rows.count)
        var unique: [ElementSetRow] = []
        unique.reserveCapacity(rows.count)
        for row in rows where seen.insert(Key(catalogNumber: row.catalogNumber, epochMicroseconds: row.epochMicroseconds,
                                              elementSetNumber: row.elementSetNumber)).inserted {
            unique.append(row)
        }
        return unique
    }

    /// The objects of a batch (catalog number, designator, name): an object's designator is kept once known, and
    /// its name follows the newest element set unless a SATCAT row named it.
    static let objectInput = """
        unnest($1::bigint[], $2::boolean[], $3::text[], $4::boolean[], $5::text[]) AS t(c, hd, d, hn, n)
        """
    /// Updates the known objects whose designator or name changes (unchanged rows are not rewritten).
    static let objectUpdateSQL = """
        UPDATE object AS o SET international_designator = u.d, name = u.n
        FROM (SELECT k.catalog_number AS c,
                     coalesce(k.international_designator, CASE WHEN t.hd THEN t.d END) AS d,
                     CASE WHEN k.from_satcat THEN coalesce(k.name, CASE WHEN t.hn THEN t.n END)
                          ELSE coalesce(CASE WHEN t.hn THEN t.n END, k.name) END AS n
              FROM \(objectInput) JOIN object AS k ON k.catalog_number = t.c) AS u
        WHERE o.catalog_number = u.c
          AND (o.international_designator IS DISTINCT FROM u.d OR o.name IS DISTINCT FROM u.n)
        """
    /// Inserts the objects not known yet (a plain insert: about half the server time of `ON CONFLICT`'s
    /// speculative insertion for a catalog of new objects).
    static let objectInsertSQL = """
        INSERT INTO object (catalog_number, international_designator, name)
        SELECT c, CASE WHEN hd THEN d END, CASE WHEN hn THEN n END
        FROM \(objectInput)
        WHERE NOT EXISTS (SELECT 1 FROM object AS x WHERE x.catalog_number = t.c)
        """
    /// The same as ``objectUpdateSQL`` and ``objectInsertSQL`` together, safe against a concurrent writer
    /// inserting the same objects.
    static let objectUpsertSQL = """
        INSERT INTO object AS o (catalog_number, international_designator, name)
        SELECT c, CASE WHEN hd THEN d END, CASE WHEN hn THEN n END
        FROM \(objectInput)
        ON CONFLICT (catalog_number) DO UPDATE SET
            international_designator = coalesce(o.international_designator, excluded.international_designator),
            name = CASE WHEN o.from_satcat THEN coalesce(o.name, excluded.name)
                        ELSE coalesce(excluded.name, o.name) END
        """

    /// Records the objects of a batch: changed known objects updated, new ones inserted. Should another writer
    /// insert one of the new objects meanwhile (a unique violation), the savepoint is rolled back and one
    /// `INSERT … ON CONFLICT DO UPDATE` does both.
    private func recordObjects(_ binds: PostgresBindings, on connection: PostgresConnection) async throws {
        try await connection.query("SAVEPOINT perigee_objects", logger: logger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: Self.objectUpdateSQL, binds: binds), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: Self.objectInsertSQL, binds: binds), logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {  // unique_violation
            try await connection.query("ROLLBACK TO SAVEPOINT perigee_objects", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: Self.objectUpsertSQL, binds: binds), logger: logger)
        }
        try await connection.query("RELEASE SAVEPOINT perigee_objects", logger: logger)
    }

    /// COPYs `rows` straight into `element_set` inside a savepoint.
    ///
    /// - Returns: The number of rows stored (all of them), or `nil` when a key was already stored or repeated
    ///   (the savepoint is rolled back and the transaction is usable again).
    private func copyDirect(_ rows: [ElementSetRow], sourceID: Int64, ingested: Int64,
                            on connection: PostgresConnection) async throws -> Int? {
        try await connection.query("SAVEPOINT perigee_direct_copy", logger: logger)
        do {
            try await Self.copy(rows[...], table: "element_set", columns: Self.directColumns, sourceID: sourceID,
                                ingested: ingested, provenanceColumns: true, on: connection, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {  // unique_violation
            try await connection.query("ROLLBACK TO SAVEPOINT perigee_direct_copy", logger: logger)
            return nil
        }
        try await connection.query("RELEASE SAVEPOINT perigee_direct_copy", logger: logger)
        return rows.count
    }

    /// Streams `rows` with `COPY table (columns) FROM STDIN` in chunks of 4,096 rows.
    private static func copy(_ rows: ArraySlice<ElementSetRow>, table: String, columns: [String], sourceID: Int64,
                             ingested: Int64, provenanceColumns: Bool,
                             on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var start = rows.startIndex
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            while start < rows.endIndex {
                let end = min(start + 4_096, rows.endIndex)
                buffer.clear()
                Self.writeCopyText(rows[start..<end], sourceID: sourceID, ingested: ingested,
                                   provenanceColumns: provenanceColumns, into: &buffer)
                try await writer.write(buffer)
                start = end
            }
        }
    }

    /// Inserts or updates SATCAT rows, in one transaction; a field a row leaves empty keeps its stored value.
    public func upsert(objects: [CatalogObject]) async throws(CatalogError) -> Int {
        if objects.isEmpty { return 0 }
        func column(_ value: (CatalogObject) -> String?) -> ([Bool], [String]) {
            (objects.map { value($0) != nil }, objects.map { value($0) ?? "" })
        }
        var binds = PostgresBindings(capacity: 13)
        binds.append(objects.map { Int64($0.catalogNumber.rawValue) })
        for field in [column(\.internationalDesignator), column(\.name), column(\.objectType), column(\.owner),
                      column(\.launchDate), column(\.decayDate)] {
            binds.append(field.0)
            binds.append(field.1)
        }
        let sql = """
            INSERT INTO object AS o (catalog_number, international_designator, name, object_type, owner, launch_date,
                                     decay_date, from_satcat)
            SELECT c, CASE WHEN h1 THEN v1 END, CASE WHEN h2 THEN v2 END, CASE WHEN h3 THEN v3 END,
                   CASE WHEN h4 THEN v4 END, CASE WHEN h5 THEN v5 END, CASE WHEN h6 THEN v6 END, true
            FROM unnest($1::bigint[], $2::boolean[], $3::text[], $4::boolean[], $5::text[], $6::boolean[], $7::text[],
                        $8::boolean[], $9::text[], $10::boolean[], $11::text[], $12::boolean[], $13::text[])
                AS t(c, h1, v1, h2, v2, h3, v3, h4, v4, h5, v5, h6, v6)
            ON CONFLICT (catalog_number) DO UPDATE SET
                international_designator = COALESCE(excluded.international_designator, o.international_designator),
                name = COALESCE(excluded.name, o.name), object_type = COALESCE(excluded.object_type, o.object_type),
                owner = COALESCE(excluded.owner, o.owner), launch_date = COALESCE(excluded.launch_date, o.launch_date),
                decay_date = COALESCE(excluded.decay_date, o.decay_date), from_satcat = true
            WHERE (excluded.international_designator IS NOT NULL
                   AND excluded.international_designator IS DISTINCT FROM o.international_designator)
               OR (excluded.name IS NOT NULL AND excluded.name IS DISTINCT FROM o.name)
               OR (excluded.object_type IS NOT NULL AND excluded.object_type IS DISTINCT FROM o.object_type)
               OR (excluded.owner IS NOT NULL AND excluded.owner IS DISTINCT FROM o.owner)
               OR (excluded.launch_date IS NOT NULL AND excluded.launch_date IS DISTINCT FROM o.launch_date)
               OR (excluded.decay_date IS NOT NULL AND excluded.decay_date IS DISTINCT FROM o.decay_date)
               OR o.from_satcat IS DISTINCT FROM true
            RETURNING 1
            """
        return try await run {
            try await self.connection.withTransaction(logger: self.logger) { connection in
                var written = 0
                for try await _ in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds),
                                                              logger: self.logger) {
                    written += 1
                }
                return written
            }
        }
    }

    /// The history query: one object's packed records (``PackedElementSetRecord``) in four rows, each the
    /// records of a quarter of the object's epoch span concatenated in primary-key order, with its part number.
    /// The server only appends stored records, and the parts stream: the client decodes the first while the
    /// server builds and sends the next.
    static let historyParts = 4
    static let historySQL = """
        WITH bounds AS (
            SELECT min(epoch_us) AS lo, max(epoch_us) AS hi FROM element_set WHERE catalog_number = $1
        ), parts AS (
            SELECT g AS part, lo + (hi - lo + 1) * g / \(historyParts) AS from_us,
                   lo + (hi - lo + 1) * (g + 1) / \(historyParts) AS to_us
            FROM bounds, generate_series(0, \(historyParts - 1)) AS g
            WHERE lo IS NOT NULL
        )
        SELECT p.part::bigint,
               (SELECT string_agg(record, ''::bytea)
                FROM (SELECT record FROM element_set e
                      WHERE e.catalog_number = $1 AND e.epoch_us >= p.from_us AND e.epoch_us < p.to_us
                      ORDER BY e.epoch_us, e.element_set_number) AS ordered)
        FROM parts p
        """
    static let packedFixedBytes = PackedElementSetRecord.fixedBytes

    /// Every stored element set of one object, oldest epoch first.
    public func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet] {
        let number = Int64(catalogNumber.rawValue)
        let location = locationDescription
        return try await run {
            var binds = PostgresBindings(capacity: 1)
            binds.append(number)
            // One object's rows in key order are exactly a range of the primary key: an index scan gives them sorted.
            // Without statistics (a fresh ingest) or when one object is much of the table, the planner picks a bitmap
            // or sequential scan and sorts instead, about a fifth more server time for the ISS; the transaction-local
            // settings rule those plans out for this query only.
            var history = try await self.connection.withTransaction(logger: self.logger) { connection in
                try await connection.query(
                    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)",
                    logger: self.logger)
                var history = PackedHistory(catalogNumber: number, location: location)
                // Parts are decoded in order as they arrive (SQL promises no row order; a part that comes early
                // waits for the ones before it).
                var pending: [Int: ByteBuffer] = [:]
                var next = 0
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: Self.historySQL, binds: binds),
                                                                 logger: self.logger) {
                    let (part, packed) = try row.decode((Int64, ByteBuffer?).self)
                    pending[Int(part)] = packed ?? ByteBuffer()
                    while let chunk = pending.removeValue(forKey: next) {
                        try history.append(chunk)
                        next += 1
                    }
                }
                for part in pending.keys.sorted() { try history.append(pending[part] ?? ByteBuffer()) }
                history.finish()
                return history
            }
            try await self.nameSources(&history.sets, sourceIDs: history.sourceIDs)
            return history.sets
        }
    }

    /// Decodes concatenated packed records (a part of ``historySQL`` or one record) straight into stored element
    /// sets (their `source` left empty) and the source id of each, in key order.
    ///
    /// - Throws: ``CatalogError`` of kind `database` when the value is truncated or malformed, or holds a value
    ///   out of range.
    static func unpackHistory(_ packed: ByteBuffer, catalogNumber: Int64, location: String) throws(CatalogError)
        -> (sets: [StoredElementSet], sourceIDs: [Int64]) {
        var history = PackedHistory(catalogNumber: catalogNumber, location: location)
        try history.append(packed)
        history.finish()
        return (history.sets, history.sourceIDs)
    }

    /// One object's stored sets decoded chunk after chunk of packed records.
    struct PackedHistory {
        /// The sets so far, `source` empty.
        var sets: [StoredElementSet] = []
        /// The source id of each set.
        var sourceIDs: [Int64] = []
        private var decoder: PackedElementSetRecord.Decoder
        private let catalogNumber: Int64

        init(catalogNumber: Int64, location: String) {
            self.catalogNumber = catalogNumber
            decoder = PackedElementSetRecord.Decoder(location: location)
        }

        /// Decodes every record of `packed`.
        mutating func append(_ packed: ByteBuffer) throws(CatalogError) {
            let result: Result<Void, CatalogError> = packed.withUnsafeReadableBytes { raw in
                let expected = sets.count + raw.count / (PackedElementSetRecord.fixedBytes + 24)
                sets.reserveCapacity(expected)
                sourceIDs.reserveCapacity(expected)
                var offset = 0
                do throws(CatalogError) {
                    while offset < raw.count {
                        let (set, sourceID) = try decoder.decode(raw, at: &offset, catalogNumber: catalogNumber)
                        sets.append(set)
                        sourceIDs.append(sourceID)
                    }
                } catch {
                    return .failure(error)
                }
                return .success(())
            }
            try result.get()
        }

        /// Puts the sets in key order should the chunks not have been (a check; the query orders them).
        mutating func finish() {
            let inOrder = zip(sets, sets.dropFirst()).allSatisfy { a, b in
                (a.elementSet.epoch, a.elementSet.elementSetNumber) <= (b.elementSet.epoch, b.elementSet.elementSetNumber)
            }
            guard !inOrder else { return }
            let order = sets.indices.sorted {
                let a = sets[$0].elementSet, b = sets[$1].elementSet
                return (a.epoch, a.elementSetNumber) < (b.epoch, b.elementSetNumber)
            }
            sets = order.map { sets[$0] }
            sourceIDs = order.map { sourceIDs[$0] }
        }
    }

    /// Fills in the source names of decoded sets from their source ids (one query for the distinct ids), in place.
    func nameSources(_ sets: inout [StoredElementSet], sourceIDs: [Int64]) async throws {
        var sources: [Int64: String] = [:]
        let ids = Array(Set(sourceIDs))
        for try await sourceRow in try await connection.query(
            "SELECT id::bigint, name FROM source WHERE id = ANY(\(ids))", logger: logger) {
            let (id, name) = try sourceRow.decode((Int64, String).self)
            sources[id] = name
        }
        var last: (id: Int64, name: String)?
        for index in sets.indices {
            let id = sourceIDs[index]
            if let last, last.id == id {
                sets[index].source = last.name
            } else {
                let name = sources[id] ?? ""
                sets[index].source = name
                last = (id, name)
            }
        }
    }

    static let objectColumns = """
        catalog_number::bigint, international_designator, name, object_type, owner, launch_date, decay_date
        """

    static func object(from row: PostgresRow) throws -> CatalogObject? {
        let c = row.makeRandomAccess()
        guard let number = CatalogNumber(Int(try c[0].decode(Int64.self))) else { return nil }
        return CatalogObject(catalogNumber: number, internationalDesignator: try c[1].decode(String?.self),
                             name: try c[2].decode(String?.self), objectType: try c[3].decode(String?.self),
                             owner: try c[4].decode(String?.self), launchDate: try c[5].decode(String?.self),
                             decayDate: try c[6].decode(String?.self))
    }

    /// The object row of one catalog number, if known.
    public func object(_ catalogNumber: CatalogNumber) async throws(CatalogError) -> CatalogObject? {
        let number = Int64(catalogNumber.rawValue)
        return try await run {
            let result = try await self.connection.query(
                "SELECT \(unescaped: Self.objectColumns) FROM object WHERE catalog_number = \(number)", logger: self.logger)
            var found: CatalogObject?
            for try await row in result { found = try Self.object(from: row) }
            return found
        }
    }

    /// Objects whose international designator starts with `prefix`.
    public func objects(designatorPrefix prefix: String) async throws(CatalogError) -> [CatalogObject] {
        return try await run {
            let result = try await self.connection.query("""
                SELECT \(unescaped: Self.objectColumns) FROM object
                WHERE international_designator LIKE \(Self.likePrefix(prefix))
                ORDER BY international_designator, catalog_number
                """, logger: self.logger)
            var found: [CatalogObject] = []
            for try await row in result { if let object = try Self.object(from: row) { found.append(object) } }
            return found
        }
    }

    static func likePrefix(_ prefix: String) -> String {
        var escaped = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "%"
    }

    /// The number of element sets stored.
    public func elementSetCount() async throws(CatalogError) -> Int {
        try await run {
            var count = 0
            for try await row in try await self.connection.query("SELECT count(*) FROM element_set", logger: self.logger) {
                count = Int(try row.makeRandomAccess()[0].decode(Int64.self))
            }
            return count
        }
    }

    /// The newest epoch and the latest ingest time, or `nil` when empty.
    public func dataAge() async throws(CatalogError) -> (newestEpoch: Instant, lastIngest: Instant)? {
        let values: (Int64, Int64)? = try await run {
            var values: (Int64, Int64)?
            for try await row in try await self.connection.query(
                "SELECT max(epoch_us), max(ingested_at_us) FROM element_set", logger: self.logger) {
                let c = row.makeRandomAccess()
                if let epoch = try c[0].decode(Int64?.self), let ingest = try c[1].decode(Int64?.self) {
                    values = (epoch, ingest)
                }
            }
            return values
        }
        return values.map { (EpochMicroseconds.instant($0.0), EpochMicroseconds.instant($0.1)) }
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    /// Drops a schema and everything in it (tests use one schema each).
    public func dropSchema(_ schema: String) async throws(CatalogError) {
        _ = try await run {
            try await self.connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"),
                                            logger: self.logger)
        }
    }

    /// Whether the server closed the connection (a restart, `pg_terminate_backend`, an idle timeout).
    public nonisolated var isDisconnected: Bool { connection.isClosed }

    /// Runs `body` on the connection, refusing at once when the server has closed it.
    ///
    /// postgres-nio hands a query to the channel without a write promise, so a query written to a channel the
    /// server already closed (a restart, `pg_terminate_backend`, an idle timeout) is never answered and its
    /// caller would wait forever. Checking first turns that into an `unavailable` error the caller can act on
    /// (the service's store handle reconnects).
    func run<T: Sendable>(_ body: () async throws -> T) async throws(CatalogError) -> T {
        guard !connection.isClosed else {
            throw CatalogError(.unavailable, location: locationDescription,
                               "the server closed the connection (restart or termination); reconnect to continue")
        }
        do {
            return try await body()
        } catch let error as CatalogError {
            throw error
        } catch {
            throw CatalogError(.database, location: locationDescription, "\(String(reflecting: error))")
        }
    }
}
