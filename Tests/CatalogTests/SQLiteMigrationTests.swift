import Astrodynamics
@testable import Catalog
import ElementSets
import Foundation
import GRDB
import Testing

/// The SQLite store's migration 2 (a packed record per element set) converts a store written with a column per
/// field bit for bit.
@Suite("SQLite migration to packed records")
struct SQLiteMigrationTests {
    @Test func migrationTwoPacksColumnRowsBitForBit() async throws {
        var edited = Array(try PostgresPathTests.sample().prefix(6))
        edited[0].objectName = "TAB\tQUOTE' ÄÖ 衛星"
        edited[1].objectID = nil
        edited[2].bstarPerEarthRadii = Double.leastNonzeroMagnitude
        // Not -0.0: a REAL column kept it as 0 (SQLite stores integral reals as integers), which the packed
        // record now preserves but the version-1 rows never held.
        edited[3].meanMotionDDotRevPerDay3 = -7.123456789012345e-5
        edited[4].eccentricity = 1.0 / 3.0
        edited[5].objectName = ""
        let sets = edited
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-migration-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let oldPath = directory.appendingPathComponent("old.sqlite").path
        // A version-1 store: the first migration only, rows in its columns.
        let queue = try DatabaseQueue(path: oldPath)
        try SQLiteElementSetStore.migrator.migrate(queue, upTo: "1 objects and element sets")
        let ingested = EpochMicroseconds.from(PostgresPathTests.now)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO source (id, name) VALUES (7, 'before')")
            for number in Set(sets.map(\.catalogNumber.rawValue)) {
                try db.execute(sql: "INSERT INTO object (catalog_number) VALUES (?)", arguments: [number])
            }
            for set in sets {
                let row = ElementSetRow(set)
                try db.execute(sql: """
                    INSERT INTO element_set (\(ElementSetRow.columnList), source_id, ingested_at_us)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 7, ?)
                    """, arguments: [row.catalogNumber, row.epochMicroseconds, row.elementSetNumber, row.objectName,
                                     row.objectID, row.meanMotion, row.eccentricity, row.inclination,
                                     row.rightAscension, row.argumentOfPericenter, row.meanAnomaly, row.ephemerisType,
                                     row.classification, row.revolutionNumber, row.bstar, row.meanMotionDot,
                                     row.meanMotionDDot, ingested])
            }
        }
        try queue.close()
        // Opening it as a store runs migration 2.
        let migrated = try SQLiteElementSetStore(path: oldPath)
        let fresh = try SQLiteElementSetStore(path: directory.appendingPathComponent("fresh.sqlite").path)
        _ = try await fresh.insert(sets, source: "before", ingestedAt: PostgresPathTests.now)
        let numbers = sets.map(\.catalogNumber)
        let migratedContent = try await PostgresPathTests.content(of: migrated, objects: numbers)
        #expect(migratedContent.count == sets.count)
        #expect(migratedContent == (try await PostgresPathTests.content(of: fresh, objects: numbers)))
        for number in Set(numbers) {
            let back = try await migrated.history(of: number).map(\.elementSet)
            let original = sets.filter { $0.catalogNumber == number }
            #expect(back.map(\.bstarPerEarthRadii.bitPattern) == original.map(\.bstarPerEarthRadii.bitPattern))
            #expect(back.map(\.meanMotionDDotRevPerDay3.bitPattern) == original.map(\.meanMotionDDotRevPerDay3.bitPattern))
            #expect(back.map(\.eccentricity.bitPattern) == original.map(\.eccentricity.bitPattern))
            #expect(back.map(\.objectName) == original.map(\.objectName))
            #expect(back.map(\.objectID) == original.map(\.objectID))
        }
        #expect(try await migrated.latestElementSets(asOf: nil).count == Set(numbers).count)
        await migrated.close()
        await fresh.close()
    }
}
