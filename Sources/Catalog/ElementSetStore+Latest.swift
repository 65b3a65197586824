public import Astrodynamics
import ElementSets
import Foundation
import GRDB
import GRDBSQLite
import PostgresNIO

/// The bound on stored epochs used when no instant is given: every epoch.
private let noEpochLimit = Int64.max

/// What a search text asks for, shared by both backends so they rank alike.
struct ObjectSearch: Sendable {
    /// The text, trimmed and upper-cased for designators.
    var text: String
    /// The catalog number when the text is one.
    var catalogNumber: Int64?

    init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        text = trimmed
        catalogNumber = (CatalogNumber(ommText: trimmed) ?? CatalogNumber(tleField: Substring(trimmed)))
            .map { Int64($0.rawValue) }
    }

    /// `text` with LIKE's wildcard characters escaped by a backslash.
    var likeEscaped: String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

extension SQLiteElementSetStore {
    /// The latest element set of every object at or before `instant`, by catalog number.
    public func latestElementSets(asOf instant: Instant?) async throws(CatalogError) -> [StoredElementSet] {
        let limit = instant.map(EpochMicroseconds.from) ?? noEpochLimit
        return try await read { db in
            // One primary-key probe per object rather than a scan of every stored set.
            let statement = try db.cachedStatement(sql: """
                SELECT e.catalog_number, e.record, s.name
                FROM object o
                JOIN element_set e ON e.catalog_number = o.catalog_number
                     AND e.epoch_us = (SELECT max(epoch_us) FROM element_set
                                       WHERE catalog_number = o.catalog_number AND epoch_us <= ?1)
                     AND e.element_set_number = (SELECT max(element_set_number) FROM element_set
                                                 WHERE catalog_number = o.catalog_number AND epoch_us = e.epoch_us)
                JOIN source s ON s.id = e.source_id
                ORDER BY o.catalog_number
                """)
            let raw = statement.sqliteStatement
            sqlite3_reset(raw)
            sqlite3_bind_int64(raw, 1, limit)
            defer { sqlite3_reset(raw); sqlite3_clear_bindings(raw) }
            return try Self.readRecords(raw, location: self.locationDescription, sourceName: { _ in nil }, nameColumn: 2)
        }
    }

    /// Objects matching a search text, best matches first.
    public func searchObjects(matching text: String, limit: Int) async throws(CatalogError) -> [CatalogObject] {
        guard let search = ObjectSearch(text), limit > 0 else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT *, CASE WHEN catalog_number = ?1 THEN 0
                               WHEN international_designator LIKE ?2 || '%' ESCAPE '\\' THEN 1
                               ELSE 2 END AS rank
                FROM object
                WHERE catalog_number = ?1
                   OR international_designator LIKE ?2 || '%' ESCAPE '\\'
                   OR name LIKE '%' || ?2 || '%' ESCAPE '\\'
                ORDER BY rank, international_designator, catalog_number
                LIMIT ?3
                """, arguments: [search.catalogNumber ?? -1, search.likeEscaped, limit]).compactMap(Self.object(from:))
        }
    }
}

extension PostgresElementSetStore {
    /// The latest element set of every object at or before `instant`, by catalog number.
    public func latestElementSets(asOf instant: Instant?) async throws(CatalogError) -> [StoredElementSet] {
        let limit = instant.map(EpochMicroseconds.from) ?? noEpochLimit
        return try await run {
            // A backward primary-key probe per object (LATERAL … LIMIT 1) rather than a sort of every stored set.
            let rows = try await self.connection.query("""
                SELECT e.catalog_number::bigint, s.name, e.record
                FROM object o
                CROSS JOIN LATERAL (SELECT * FROM element_set x
                                    WHERE x.catalog_number = o.catalog_number AND x.epoch_us <= \(limit)
                                    ORDER BY x.epoch_us DESC, x.element_set_number DESC LIMIT 1) e
                JOIN source s ON s.id = e.source_id
                ORDER BY o.catalog_number
                """, logger: self.logger)
            var sets: [StoredElementSet] = []
            let location = self.locationDescription
            for try await row in rows {
                let (number, source, record) = try row.decode((Int64, String, ByteBuffer).self)
                for var stored in try Self.unpackHistory(record, catalogNumber: number, location: location).sets {
                    stored.source = source
                    sets.append(stored)
                }
            }
            return sets
        }
    }

    /// Objects matching a search text, best matches first.
    public func searchObjects(matching text: String, limit: Int) async throws(CatalogError) -> [CatalogObject] {
        guard let search = ObjectSearch(text), limit > 0 else { return [] }
        let number = search.catalogNumber ?? -1
        let pattern = search.likeEscaped
        return try await run {
            let rows = try await self.connection.query("""
                SELECT \(unescaped: Self.objectColumns) FROM object
                WHERE catalog_number = \(number)
                   OR international_designator LIKE \(pattern) || '%'
                   OR name ILIKE '%' || \(pattern) || '%'
                ORDER BY CASE WHEN catalog_number = \(number) THEN 0
                              WHEN international_designator LIKE \(pattern) || '%' THEN 1 ELSE 2 END,
                         international_designator, catalog_number
                LIMIT \(limit)
                """, logger: self.logger)
            var found: [CatalogObject] = []
            for try await row in rows { if let object = try Self.object(from: row) { found.append(object) } }
            return found
        }
    }
}
