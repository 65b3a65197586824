import Astrodynamics
@testable import Catalog
import ElementSets
import Foundation
import PostgresNIO
import Testing

/// The PostgreSQL store's two insert paths (COPY straight into `element_set`, or staged and merged) and its
/// packed history format. The store tests run every backend; these check what only PostgreSQL has.
@Suite("PostgreSQL insert paths and packed history")
struct PostgresPathTests {
    static let now = Instant(utcMJD: 60_000, fractionOfDay: 0)

    static func sample() throws -> [ElementSet] {
        try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets
    }

    /// Every stored set of every object in `sets`, with source, as comparable text.
    static func content(of store: any ElementSetStore, objects: [CatalogNumber]) async throws -> [String] {
        var lines: [String] = []
        for number in Set(objects).sorted(by: { $0.rawValue < $1.rawValue }) {
            for stored in try await store.history(of: number) {
                lines.append("\(stored.elementSet) \(stored.source) \(stored.ingestedAt.iso8601(fractionDigits: 6))")
            }
        }
        return lines
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func newKeysGoStraightInAndOverlapsFallBackWithTheSameResult() async throws {
        let sets = try Self.sample()
        try #require(sets.count > 12)
        let numbers = sets.map(\.catalogNumber)
        let direct = try await Backend.postgres.makeStore()
        let staged = try await Backend.postgres.makeStore()
        let directStore = try #require(direct.store as? PostgresElementSetStore)
        let stagedStore = try #require(staged.store as? PostgresElementSetStore)
        await stagedStore.setDirectCopy(enabled: false)
        // The overlapping batch repeats five stored sets and holds one set twice.
        let batches: [(sets: [ElementSet], source: String, expected: InsertCounts)] = [
            (Array(sets.prefix(8)), "first", InsertCounts(inserted: 8, duplicates: 0)),
            (Array(sets[3..<12]) + [sets[10]], "overlap", InsertCounts(inserted: 4, duplicates: 6)),
            (Array(sets[12...]), "rest", InsertCounts(inserted: sets.count - 12, duplicates: 0)),
        ]
        for batch in batches {
            #expect(try await directStore.insert(batch.sets, source: batch.source, ingestedAt: Self.now) == batch.expected)
            #expect(try await stagedStore.insert(batch.sets, source: batch.source, ingestedAt: Self.now) == batch.expected)
        }
        // first: direct; overlap: direct COPY fails on a stored key, staged; rest: staged (after a batch with
        // duplicates), which re-enables the direct path for the batch after it.
        #expect(await directStore.batchesByPath.direct == 1)
        #expect(await directStore.batchesByPath.staged == 2)
        #expect(await stagedStore.batchesByPath.direct == 0)
        #expect(await stagedStore.batchesByPath.staged == 3)
        let more = try await directStore.insert([sets[0]].map { var s = $0; s.elementSetNumber += 1; return s },
                                                source: "more", ingestedAt: Self.now)
        #expect(more == InsertCounts(inserted: 1, duplicates: 0))
        #expect(await directStore.batchesByPath.direct == 2)
        #expect(await directStore.batchesByPath.staged == 2)
        // A batch whose only duplicate is within itself keeps the direct path, stores the first occurrence once
        // and counts the repeat.
        var repeated = [sets[1], sets[1]].map { var s = $0; s.elementSetNumber += 7; return s }
        repeated[1].bstarPerEarthRadii += 1e-5
        let twice = try await directStore.insert(repeated, source: "twice", ingestedAt: Self.now)
        #expect(twice == InsertCounts(inserted: 1, duplicates: 1))
        #expect(await directStore.batchesByPath.direct == 3)
        #expect(await directStore.batchesByPath.staged == 2)
        _ = try await stagedStore.insert([sets[0]].map { var s = $0; s.elementSetNumber += 1; return s }, source: "more", ingestedAt: Self.now)
        #expect(try await stagedStore.insert(repeated, source: "twice", ingestedAt: Self.now) == InsertCounts(inserted: 1, duplicates: 1))
        let directContent = try await Self.content(of: directStore, objects: numbers)
        #expect(directContent.count == sets.count + 2)
        #expect(directContent == (try await Self.content(of: stagedStore, objects: numbers)))
        #expect(try await directStore.elementSetCount() == sets.count + 2)
        await direct.cleanUp()
        await staged.cleanUp()
    }

    @Test(.enabled(if: Backend.postgresURL != nil))
    func directCopyKeepsExtremeValuesAndEscapedText() async throws {
        let test = try await Backend.postgres.makeStore()
        var base = try Self.sample()[0]
        base.objectName = "TAB\tNEW\nLINE\\BACK\rSLASH ÄÖ 衛星"
        base.objectID = nil
        var sets: [ElementSet] = []
        for (index, value) in [Double.leastNonzeroMagnitude, 2.2250738585072014e-308, 0.1, 1.0 / 3.0, 1e300, -0.0, -7.123456789012345e-5,
                               123456.78901234567].enumerated() {
            var set = base
            set.elementSetNumber = index + 1
            set.bstarPerEarthRadii = value
            set.meanMotionDDotRevPerDay3 = -value
            sets.append(set)
        }
        #expect(try await test.store.insert(sets, source: "extreme", ingestedAt: Self.now) == InsertCounts(inserted: sets.count, duplicates: 0))
        let store = try #require(test.store as? PostgresElementSetStore)
        #expect(await store.batchesByPath.direct == 1)
        let back = try await test.store.history(of: base.catalogNumber).map(\.elementSet)
        try #require(back.count == sets.count)
        for (stored, original) in zip(back, sets) {
            #expect(stored.bstarPerEarthRadii.bitPattern == original.bstarPerEarthRadii.bitPattern)
            #expect(stored.meanMotionDDotRevPerDay3.bitPattern == original.meanMotionDDotRevPerDay3.bitPattern)
            #expect(stored.objectName == base.objectName && stored.objectID == nil)
        }
        await test.cleanUp()
    }

    /// A long history comes back whole and in key order from the query's parts (quarters of the epoch span),
    /// including sets on the parts' boundaries and several sets at one epoch.
    @Test(.enabled(if: Backend.postgresURL != nil))
    func historyPartsCoverTheWholeSpanInOrder() async throws {
        let test = try await Backend.postgres.makeStore()
        let base = try Self.sample()[0]
        var sets: [ElementSet] = []
        // 0, 1, …, 40 days with uneven gaps; day 20 twice (two element-set numbers); the first and last epochs
        // make the span's quarter boundaries fall on stored epochs.
        for (index, day) in ([0, 1, 2, 3, 5, 8, 10, 13, 20, 20, 21, 30, 33, 34, 39, 40] as [Double]).enumerated() {
            var set = base
            set.epoch = base.epoch.adding(seconds: day * 86_400)
            set.elementSetNumber = 100 + index
            set.meanAnomalyDeg = Double(index)
            sets.append(set)
        }
        // Stored in two batches, out of order.
        _ = try await test.store.insert(Array(sets[8...].reversed()), source: "b", ingestedAt: Self.now)
        _ = try await test.store.insert(Array(sets[..<8].shuffled()), source: "a", ingestedAt: Self.now)
        let back = try await test.store.history(of: base.catalogNumber)
        #expect(back.map(\.elementSet.elementSetNumber) == sets.map(\.elementSetNumber))
        #expect(back.map(\.elementSet.meanAnomalyDeg) == sets.map(\.meanAnomalyDeg))
        #expect(back.map(\.source) == Array(repeating: "a", count: 8) + Array(repeating: "b", count: sets.count - 8))
        #expect(try await test.store.history(of: try #require(CatalogNumber(99_999))).isEmpty)
        await test.cleanUp()
    }

    /// A store written before migration 3 (a column per field) reads back bit for bit after the migration packs
    /// its rows, and equal to a store that received the same sets after it.
    @Test(.enabled(if: Backend.postgresURL != nil))
    func migrationThreePacksColumnRowsBitForBit() async throws {
        var sets = Array(try Self.sample().prefix(6))
        sets[0].objectName = "TAB\tQUOTE' ÄÖ 衛星"
        sets[1].objectID = nil
        sets[2].bstarPerEarthRadii = Double.leastNonzeroMagnitude
        sets[3].meanMotionDDotRevPerDay3 = -0.0
        sets[4].eccentricity = 1.0 / 3.0
        let old = try await Backend.postgres.makeStore()
        let oldStore = try #require(old.store as? PostgresElementSetStore)
        // Back to the version-2 layout: migration 1's element_set table, migration 2, no record of migration 3.
        let connection = await oldStore.connection
        let logger = Logger(label: "test")
        try await connection.query("DROP TABLE element_set", logger: logger)
        for statement in [PostgresElementSetStore.migrations[0].statements[3]] + PostgresElementSetStore.migrations[1].statements {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await connection.query("DELETE FROM perigee_schema_migration WHERE version = 3", logger: logger)
        try await connection.query("INSERT INTO source (id, name) VALUES (7, 'before')", logger: logger)
        for number in Set(sets.map(\.catalogNumber.rawValue)) {
            try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO object (catalog_number) VALUES (\(number))"),
                                       logger: logger)
        }
        let ingested = EpochMicroseconds.from(Self.now)
        for set in sets {
            let row = ElementSetRow(set)
            func text(_ value: String?) -> String {
                value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
            }
            func real(_ value: Double) -> String { "'\(value)'::float8" }
            try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO element_set (\(ElementSetRow.columnList), source_id, ingested_at_us) VALUES (
                \(row.catalogNumber), \(row.epochMicroseconds), \(row.elementSetNumber), \(text(row.objectName)),
                \(text(row.objectID)), \(real(row.meanMotion)), \(real(row.eccentricity)), \(real(row.inclination)),
                \(real(row.rightAscension)), \(real(row.argumentOfPericenter)), \(real(row.meanAnomaly)),
                \(row.ephemerisType), \(text(row.classification)), \(row.revolutionNumber), \(real(row.bstar)),
                \(real(row.meanMotionDot)), \(real(row.meanMotionDDot)), 7, \(ingested))
                """), logger: logger)
        }
        await oldStore.close()
        // Reopening runs migration 3.
        let migrated = try await StoreLocation(old.location).open()
        let fresh = try await Backend.postgres.makeStore()
        _ = try await fresh.store.insert(sets, source: "before", ingestedAt: Self.now)
        let numbers = sets.map(\.catalogNumber)
        let migratedContent = try await Self.content(of: migrated, objects: numbers)
        #expect(migratedContent.count == sets.count)
        #expect(migratedContent == (try await Self.content(of: fresh.store, objects: numbers)))
        for set in sets {
            let back = try await migrated.history(of: set.catalogNumber).map(\.elementSet)
            let original = sets.filter { $0.catalogNumber == set.catalogNumber }
            #expect(back.map(\.bstarPerEarthRadii.bitPattern) == original.map(\.bstarPerEarthRadii.bitPattern))
            #expect(back.map(\.meanMotionDDotRevPerDay3.bitPattern) == original.map(\.meanMotionDDotRevPerDay3.bitPattern))
            #expect(back.map(\.eccentricity.bitPattern) == original.map(\.eccentricity.bitPattern))
            #expect(back.map(\.objectName) == original.map(\.objectName))
            #expect(back.map(\.objectID) == original.map(\.objectID))
        }
        let latest = try await migrated.latestElementSets(asOf: nil)
        #expect(latest.count == Set(numbers).count)
        if let schema = old.schema, let postgres = migrated as? PostgresElementSetStore {
            try? await postgres.dropSchema(schema)
        }
        await migrated.close()
        await fresh.cleanUp()
    }

    @Test func copyTextWritesShortestRoundTripDoubles() {
        func written(_ body: (inout CopyTextSink) -> Void) -> String {
            var buffer = ByteBuffer()
            CopyTextSink.appendRow(to: &buffer, maximumBytes: CopyTextSink.maximumRowBytes(texts: 16), body)
            return String(buffer: buffer)
        }
        let values = [0.0, -0.0, Double.leastNonzeroMagnitude, 2.2250738585072014e-308, -2.2250738585072014e-308, 0.1, 1.0 / 3.0, 1e-5,
                      15.72125391, 1e300, -1.7976931348623157e308, 0.00016717, -0.00012345678901234567]
        for value in values {
            let text = written { $0.real(value) }
            #expect(text == value.description)
            #expect(Double(text)?.bitPattern == value.bitPattern)
        }
        let mixed = written { sink in
            sink.real(.nan); sink.byte(32); sink.real(.infinity); sink.byte(32); sink.real(-.infinity); sink.byte(32)
            sink.integer(Int64.min); sink.byte(32); sink.integer(0); sink.byte(32); sink.text(nil); sink.byte(32)
            sink.text("a\tb\\c\nd\re")
        }
        #expect(mixed == "NaN Infinity -Infinity -9223372036854775808 0 \\N a\\tb\\\\c\\nd\\re")
        // Rows follow one another in the buffer.
        var buffer = ByteBuffer()
        CopyTextSink.appendRow(to: &buffer, maximumBytes: 64) { $0.integer(12) }
        CopyTextSink.appendRow(to: &buffer, maximumBytes: 64) { $0.real(0.5) }
        #expect(String(buffer: buffer) == "120.5")
    }

    @Test func truncatedOrMalformedPackedHistoryIsATypedError() throws {
        var buffer = ByteBuffer()
        buffer.writeRepeatingByte(0, count: PostgresElementSetStore.packedFixedBytes)
        buffer.writeInteger(Int32(1))
        buffer.writeString("U")
        buffer.writeInteger(Int32(-1))
        buffer.writeInteger(Int32(-1))
        let good = try PostgresElementSetStore.unpackHistory(buffer, catalogNumber: 25544, location: "test")
        #expect(good.sets.count == 1 && good.sourceIDs == [0])
        #expect(good.sets.first?.elementSet.classification == "U" && good.sets.first?.elementSet.objectName == nil)
        var truncated = buffer
        truncated.moveWriterIndex(to: buffer.writerIndex - 2)
        #expect(throws: CatalogError.self) {
            _ = try PostgresElementSetStore.unpackHistory(truncated, catalogNumber: 25544, location: "test")
        }
        var overlong = ByteBuffer()
        overlong.writeRepeatingByte(0, count: PostgresElementSetStore.packedFixedBytes)
        overlong.writeInteger(Int32(1_000))
        overlong.writeString("U")
        #expect(throws: CatalogError.self) {
            _ = try PostgresElementSetStore.unpackHistory(overlong, catalogNumber: 25544, location: "test")
        }
        var fixedOnly = ByteBuffer()
        fixedOnly.writeRepeatingByte(0, count: PostgresElementSetStore.packedFixedBytes - 1)
        #expect(throws: CatalogError.self) {
            _ = try PostgresElementSetStore.unpackHistory(fixedOnly, catalogNumber: 25544, location: "test")
        }
    }
}
