public import Astrodynamics
public import ElementSets
import Foundation
public import PostgresNIO

/// The server store: PostgreSQL through postgres-nio, one connection, numbered migrations.
///
/// An actor because it owns a connection whose transactions must not interleave. Batches go in as one
/// `INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING` statement per batch.
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
    ]

    private func prepare(schema: String?) async throws(CatalogError) {
        try await run {
            if let schema {
                try await self.connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: self.logger)
                try await self.connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \"\(schema)\""), logger: self.logger)
            }
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
    static let stageColumns = [
        "catalog_number", "epoch_us", "element_set_number", "object_name", "object_id", "mean_motion", "eccentricity",
        "inclination", "ra_of_asc_node", "arg_of_pericenter", "mean_anomaly", "ephemeris_type", "classification_type",
        "rev_at_epoch", "bstar", "mean_motion_dot", "mean_motion_ddot",
    ]
    static let createStage = """
        CREATE TEMP TABLE IF NOT EXISTS \(stageTable) (
            catalog_number bigint, epoch_us bigint, element_set_number bigint, object_name text, object_id text,
            mean_motion float8, eccentricity float8, inclination float8, ra_of_asc_node float8,
            arg_of_pericenter float8, mean_anomaly float8, ephemeris_type bigint, classification_type text,
            rev_at_epoch bigint, bstar float8, mean_motion_dot float8, mean_motion_ddot float8
        ) ON COMMIT DELETE ROWS
        """

    /// Appends `rows` to `buffer` in COPY's text format (tab-separated, `\N` for NULL, backslash escapes).
    static func writeCopyText(_ rows: ArraySlice<ElementSetRow>, into buffer: inout ByteBuffer) {
        func text(_ value: String?) {
            guard let value else {
                buffer.writeStaticString("\\N")
                return
            }
            var plain = true
            for byte in value.utf8 where byte == UInt8(ascii: "\\") || byte < 0x20 { plain = false; break }
            if plain {
                buffer.writeString(value)
                return
            }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                default: buffer.writeInteger(byte)
                }
            }
        }
        func integer(_ value: Int64) {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits and a sign
            let magnitude = value.magnitude
            withUnsafeMutableBytes(of: &digits) { raw in
                var index = raw.count
                var rest = magnitude
                repeat {
                    index -= 1
                    raw[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                if value < 0 {
                    index -= 1
                    raw[index] = UInt8(ascii: "-")
                }
                buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[index...]))
            }
        }
        func real(_ value: Double) {
            if value.isFinite {
                buffer.writeString(value.description)  // shortest text that reads back to the same Double
            } else if value.isNaN {
                buffer.writeStaticString("NaN")
            } else {
                buffer.writeStaticString(value < 0 ? "-Infinity" : "Infinity")
            }
        }
        let tab = UInt8(ascii: "\t")
        for row in rows {
            integer(row.catalogNumber); buffer.writeInteger(tab)
            integer(row.epochMicroseconds); buffer.writeInteger(tab)
            integer(row.elementSetNumber); buffer.writeInteger(tab)
            text(row.objectName); buffer.writeInteger(tab)
            text(row.objectID); buffer.writeInteger(tab)
            real(row.meanMotion); buffer.writeInteger(tab)
            real(row.eccentricity); buffer.writeInteger(tab)
            real(row.inclination); buffer.writeInteger(tab)
            real(row.rightAscension); buffer.writeInteger(tab)
            real(row.argumentOfPericenter); buffer.writeInteger(tab)
            real(row.meanAnomaly); buffer.writeInteger(tab)
            integer(row.ephemerisType); buffer.writeInteger(tab)
            text(row.classification); buffer.writeInteger(tab)
            integer(row.revolutionNumber); buffer.writeInteger(tab)
            real(row.bstar); buffer.writeInteger(tab)
            real(row.meanMotionDot); buffer.writeInteger(tab)
            real(row.meanMotionDDot); buffer.writeInteger(UInt8(ascii: "\n"))
        }
    }

    /// Stores the element sets not stored yet, in one transaction: the batch is streamed with `COPY … FROM STDIN`
    /// into a session-local staging table, then merged with one `INSERT … SELECT … ON CONFLICT DO NOTHING`.
    public func insert(_ sets: [ElementSet], source: String, ingestedAt: Instant) async throws(CatalogError) -> InsertCounts {
        if sets.isEmpty { return InsertCounts() }
        let rows = sets.map(ElementSetRow.init)
        let objects = objectsSeen(in: sets)
        let ingested = EpochMicroseconds.from(ingestedAt)
        let insertSQL = """
            WITH src AS (
                INSERT INTO source (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id
            ),
            ins AS (
                INSERT INTO element_set (\(ElementSetRow.columnList), source_id, ingested_at_us)
                SELECT \(ElementSetRow.columnList), (SELECT id FROM src), $2
                FROM \(Self.stageTable)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT count(*) FROM ins
            """
        var binds = PostgresBindings(capacity: 2)
        binds.append(source)
        binds.append(ingested)
        var objectBinds = PostgresBindings(capacity: 5)
        objectBinds.append(objects.map(\.0))
        objectBinds.append(objects.map { $0.1 != nil })
        objectBinds.append(objects.map { $0.1 ?? "" })
        objectBinds.append(objects.map { $0.2 != nil })
        objectBinds.append(objects.map { $0.2 ?? "" })
        let objectSQL = """
            INSERT INTO object AS o (catalog_number, international_designator, name)
            SELECT c, CASE WHEN hd THEN d END, CASE WHEN hn THEN n END
            FROM unnest($1::bigint[], $2::boolean[], $3::text[], $4::boolean[], $5::text[]) AS t(c, hd, d, hn, n)
            ON CONFLICT (catalog_number) DO UPDATE SET
                international_designator = coalesce(o.international_designator, excluded.international_designator),
                name = CASE WHEN o.from_satcat THEN coalesce(o.name, excluded.name)
                            ELSE coalesce(excluded.name, o.name) END
            """
        let inserted: Int = try await run {
            try await self.connection.withTransaction(logger: self.logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: Self.createStage), logger: self.logger)
                try await connection.copyFrom(table: Self.stageTable, columns: Self.stageColumns, logger: self.logger) { writer in
                    var start = rows.startIndex
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(1 << 20)
                    while start < rows.endIndex {
                        let end = min(start + 4_096, rows.endIndex)
                        buffer.clear()
                        Self.writeCopyText(rows[start..<end], into: &buffer)
                        try await writer.write(buffer)
                        start = end
                    }
                }
                var count = 0
                let result = try await connection.query(PostgresQuery(unsafeSQL: insertSQL, binds: binds), logger: self.logger)
                for try await row in result {
                    count = Int(try row.makeRandomAccess()[0].decode(Int64.self))
                }
                try await connection.query(PostgresQuery(unsafeSQL: objectSQL, binds: objectBinds), logger: self.logger)
                return count
            }
        }
        return InsertCounts(inserted: inserted, duplicates: rows.count - inserted)
    }

    /// Inserts or replaces SATCAT rows, in one transaction.
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
                international_designator = excluded.international_designator, name = excluded.name,
                object_type = excluded.object_type, owner = excluded.owner, launch_date = excluded.launch_date,
                decay_date = excluded.decay_date, from_satcat = true
            """
        try await run {
            try await self.connection.withTransaction(logger: self.logger) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger)
            }
        }
        return objects.count
    }

    /// Every stored element set of one object, oldest epoch first.
    public func history(of catalogNumber: CatalogNumber) async throws(CatalogError) -> [StoredElementSet] {
        let number = Int64(catalogNumber.rawValue)
        return try await run {
            // One row of column arrays: far less per-row decoding than 37,000 rows of 19 cells. The rows are read
            // once, in primary-key order, by the subquery (no sort per aggregated column).
            let result = try await self.connection.query("""
                SELECT array_agg(epoch_us), array_agg(element_set_number::bigint),
                       array_agg(object_name IS NOT NULL), array_agg(coalesce(object_name, '')),
                       array_agg(object_id IS NOT NULL), array_agg(coalesce(object_id, '')),
                       array_agg(mean_motion), array_agg(eccentricity), array_agg(inclination), array_agg(ra_of_asc_node),
                       array_agg(arg_of_pericenter), array_agg(mean_anomaly), array_agg(ephemeris_type::bigint),
                       array_agg(classification_type), array_agg(rev_at_epoch), array_agg(bstar),
                       array_agg(mean_motion_dot), array_agg(mean_motion_ddot), array_agg(source_id::bigint),
                       array_agg(ingested_at_us)
                FROM (SELECT * FROM element_set WHERE catalog_number = \(number)
                      ORDER BY epoch_us, element_set_number) AS ordered
                """, logger: self.logger)
            var sets: [StoredElementSet] = []
            var only: PostgresRandomAccessRow?
            for try await row in result { only = row.makeRandomAccess() }
            if let c = only {
                guard let epochs = try c[0].decode([Int64]?.self) else { return sets }
                let numbers = try c[1].decode([Int64].self)
                let hasName = try c[2].decode([Bool].self), names = try c[3].decode([String].self)
                let hasID = try c[4].decode([Bool].self), ids = try c[5].decode([String].self)
                let meanMotion = try c[6].decode([Double].self), eccentricity = try c[7].decode([Double].self)
                let inclination = try c[8].decode([Double].self), node = try c[9].decode([Double].self)
                let perigee = try c[10].decode([Double].self), anomaly = try c[11].decode([Double].self)
                let ephemeris = try c[12].decode([Int64].self), classification = try c[13].decode([String].self)
                let revolution = try c[14].decode([Int64].self), bstar = try c[15].decode([Double].self)
                let dot = try c[16].decode([Double].self), ddot = try c[17].decode([Double].self)
                let sourceIDs = try c[18].decode([Int64].self), ingested = try c[19].decode([Int64].self)
                var sources: [Int64: String] = [:]
                for try await sourceRow in try await self.connection.query(
                    "SELECT id::bigint, name FROM source WHERE id = ANY(\(Array(Set(sourceIDs))))", logger: self.logger) {
                    let s = sourceRow.makeRandomAccess()
                    sources[try s[0].decode(Int64.self)] = try s[1].decode(String.self)
                }
                var ingestTimes: [Int64: Instant] = [:]
                sets.reserveCapacity(epochs.count)
                // The subquery's order normally reaches the aggregates unchanged; should a plan ever reorder the rows
                // (all columns alike), sort them here.
                var order = Array(epochs.indices)
                let inOrder = zip(order, order.dropFirst()).allSatisfy { a, b in
                    epochs[a] < epochs[b] || (epochs[a] == epochs[b] && numbers[a] <= numbers[b])
                }
                if !inOrder { order.sort { (epochs[$0], numbers[$0]) < (epochs[$1], numbers[$1]) } }
                for i in order {
                    let stored = ElementSetRow(
                        catalogNumber: number, epochMicroseconds: epochs[i], elementSetNumber: numbers[i],
                        objectName: hasName[i] ? names[i] : nil, objectID: hasID[i] ? ids[i] : nil,
                        meanMotion: meanMotion[i], eccentricity: eccentricity[i], inclination: inclination[i],
                        rightAscension: node[i], argumentOfPericenter: perigee[i], meanAnomaly: anomaly[i],
                        ephemerisType: ephemeris[i], classification: classification[i], revolutionNumber: revolution[i],
                        bstar: bstar[i], meanMotionDot: dot[i], meanMotionDDot: ddot[i])
                    let time = ingestTimes[ingested[i]] ?? EpochMicroseconds.instant(ingested[i])
                    ingestTimes[ingested[i]] = time
                    sets.append(StoredElementSet(elementSet: try stored.elementSet(), source: sources[sourceIDs[i]] ?? "",
                                                 ingestedAt: time))
                }
            }
            return sets
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
        try await run {
            try await self.connection.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"),
                                            logger: self.logger)
        }
    }

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
