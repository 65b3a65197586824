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
        for (index, value) in [5e-324, 2.2250738585072014e-308, 0.1, 1.0 / 3.0, 1e300, -0.0, -7.123456789012345e-5,
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

    @Test func copyTextWritesShortestRoundTripDoubles() {
        func written(_ body: (inout CopyTextSink) -> Void) -> String {
            var buffer = ByteBuffer()
            CopyTextSink.appendRow(to: &buffer, maximumBytes: CopyTextSink.maximumRowBytes(texts: 16), body)
            return String(buffer: buffer)
        }
        let values = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, -2.2250738585072014e-308, 0.1, 1.0 / 3.0, 1e-5,
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
        #expect(good.count == 1 && good[0].row.classification == "U" && good[0].row.objectName == nil)
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
