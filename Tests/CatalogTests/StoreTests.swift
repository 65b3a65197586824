import Astrodynamics
@testable import Catalog
import ElementSets
import Foundation
import Testing

/// The storage backends the suite runs against. PostgreSQL joins when `PERIGEE_TEST_POSTGRES_URL` is set (CI
/// always sets it); then an unreachable server fails the tests instead of skipping them.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static let postgresURL = ProcessInfo.processInfo.environment["PERIGEE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static var enabled: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// A fresh, empty store (its own file or schema) and a cleanup to call at the end.
    func makeStore() async throws -> TestStore {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-\(name)/catalog.sqlite").path
            return TestStore(location: path, schema: nil, store: try SQLiteElementSetStore(path: path))
        case .postgres:
            let url = try #require(Self.postgresURL)
            let full = url + (url.contains("?") ? "&" : "?") + "schema=\(name)"
            return TestStore(location: full, schema: name, store: try await StoreLocation(full).open())
        }
    }
}

/// A store made for one test.
struct TestStore {
    /// The `--database` value that reopens it.
    var location: String
    var schema: String?
    var store: any ElementSetStore

    /// Closes the store and drops its file or schema.
    func cleanUp() async {
        if let schema, let postgres = store as? PostgresElementSetStore {
            try? await postgres.dropSchema(schema)
        }
        await store.close()
        if schema == nil {
            try? FileManager.default.removeItem(atPath: (location as NSString).deletingLastPathComponent)
        }
    }
}

enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static func path(_ name: String) -> String { root.appendingPathComponent("Fixtures/\(name)").path }
    static let repository = root.deletingLastPathComponent().deletingLastPathComponent()
    static let sample = repository.appendingPathComponent("Samples/sample-2023-10.3le").path
}

@Suite("Element-set store")
struct StoreTests {
    @Test(arguments: Backend.enabled)
    func roundTripKeepsEveryFieldAtFullPrecision(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let sets = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets
            + ElementSetDecoder().decode(contentsOfFile: Fixture.path("nine-digit.json")).elementSets
        let counts = try await test.store.insert(sets, source: "test", ingestedAt: Instant(iso8601: "2024-01-02T03:04:05.678901Z"))
        #expect(counts == InsertCounts(inserted: sets.count, duplicates: 0))
        for original in sets {
            let history = try await test.store.history(of: original.catalogNumber)
            try #require(history.count == 1)
            let stored = history[0].elementSet
            #expect(EpochMicroseconds.from(stored.epoch) == EpochMicroseconds.from(original.epoch))
            #expect(abs(stored.epoch.seconds(since: original.epoch)) < 0.6e-6)
            var same = stored
            same.epoch = original.epoch
            #expect(same == original)
            #expect(history[0].source == "test")
            #expect(history[0].ingestedAt.iso8601(fractionDigits: 6) == "2024-01-02T03:04:05.678901Z")
        }
        let nine = try #require(CatalogNumber(123_456_789))
        let object = try await test.store.object(nine)
        #expect(object?.internationalDesignator == "2099-001A")
        #expect(object?.name == "NINE DIGIT TEST")
        await test.cleanUp()
    }

    @Test(arguments: Backend.enabled)
    func insertingTwiceAddsNothing(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let sets = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets
        let now = try Instant(iso8601: "2024-01-01T00:00:00Z")
        _ = try await test.store.insert(Array(sets.prefix(5)), source: "a", ingestedAt: now)
        let second = try await test.store.insert(sets, source: "b", ingestedAt: now)
        #expect(second == InsertCounts(inserted: sets.count - 5, duplicates: 5))
        let third = try await test.store.insert(sets, source: "c", ingestedAt: now)
        #expect(third == InsertCounts(inserted: 0, duplicates: sets.count))
        #expect(try await test.store.elementSetCount() == sets.count)
        // A different element-set number at the same epoch is a distinct set.
        var renumbered = sets[0]
        renumbered.elementSetNumber += 1
        #expect(try await test.store.insert([renumbered], source: "d", ingestedAt: now).inserted == 1)
        await test.cleanUp()
    }

    @Test(arguments: Backend.enabled)
    func ingestFilesReportsRejectionsAndIsIdempotent(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let ingester = CatalogIngester(store: test.store, batchSize: 3)
        let first = try await ingester.ingest(paths: [Fixture.sample, Fixture.path("bad.3le")])
        let total = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets.count
        #expect(first.newElementSets == total)
        #expect(first.duplicates == 3)  // bad.3le repeats three good objects of the sample
        #expect(first.rejected.count == 1)
        #expect(first.rejected.first?.source == Fixture.path("bad.3le"))
        #expect(first.rejected.first?.reason.contains("line") == true)
        let second = try await ingester.ingest(paths: [Fixture.sample])
        #expect(second.newElementSets == 0 && second.duplicates == total)
        #expect(try await test.store.elementSetCount() == total)
        await test.cleanUp()
    }

    /// A directory is walked for regular files only: a named pipe in it (which a read would wait on forever) is
    /// skipped, a symbolic link to a file is read as that file, and the ingest of the directory completes.
    @Test func directoryIngestSkipsPipesAndFollowsLinks() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("perigee-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("a.3le").path
        try FileManager.default.copyItem(atPath: Fixture.sample, toPath: copy)
        let link = directory.appendingPathComponent("b.3le").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Fixture.path("bad.3le"))
        let pipe = directory.appendingPathComponent("c.3le").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let files = try CatalogIngester.expand([directory.path])
        try #require(files == [copy, link], "\(files)")
        let test = try await Backend.sqlite.makeStore()
        let summary = try await CatalogIngester(store: test.store).ingest(paths: [directory.path])
        let total = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets.count
        #expect(summary.newElementSets == total)
        #expect(summary.duplicates == 3)
        #expect(summary.rejected.map(\.source) == [link])
        await test.cleanUp()
    }

    @Test(arguments: Backend.enabled)
    func satcatRowsAndLaunchQueries(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let ingester = CatalogIngester(store: test.store, batchSize: 7)
        let summary = try await ingester.ingest(paths: [Fixture.path("satcat-first40.csv"), Fixture.path("satcat-bad.csv")])
        // satcat-bad.csv repeats the first two rows of satcat-first40.csv as they are: nothing to write for them.
        #expect(summary.objectsWritten == 40 && summary.objectsUnchanged == 2, "\(summary)")
        // The same SATCAT again writes nothing and says so.
        let again = try await ingester.ingest(paths: [Fixture.path("satcat-first40.csv")])
        #expect(again.objectsWritten == 0 && again.objectsUnchanged == 40, "\(again)")
        #expect(summary.rejected.count == 2)
        #expect(summary.rejected.contains { $0.reason.contains(":5: field DECAY") })
        #expect(summary.rejected.contains { $0.reason.contains(":4: field NORAD_CAT_ID") })
        let sputnik = try await test.store.objects(designatorPrefix: "1957-001")
        #expect(sputnik.map(\.catalogNumber.rawValue) == [1, 2])
        #expect(sputnik[1].name == "SPUTNIK 1" && sputnik[1].decayDate == "1958-01-03" && sputnik[1].owner == "CIS")
        #expect(sputnik[1].launchDate == "1957-10-04" && sputnik[1].objectType == "PAYLOAD")
        // Element sets later do not overwrite the SATCAT name.
        let set = try ElementSet(objectName: "OTHER NAME", objectID: "1957-001B", epoch: Instant(iso8601: "1957-11-01T00:00:00Z"),
                             meanMotionRevPerDay: 15, eccentricity: 0.05, inclinationDeg: 65, rightAscensionOfAscendingNodeDeg: 0,
                             argumentOfPericenterDeg: 0, meanAnomalyDeg: 0, catalogNumber: try #require(CatalogNumber(2)),
                             bstarPerEarthRadii: 0)
        _ = try await test.store.insert([set], source: "t", ingestedAt: set.epoch)
        #expect(try await test.store.object(try #require(CatalogNumber(2)))?.name == "SPUTNIK 1")
        await test.cleanUp()
    }

    /// A SATCAT file of fewer columns (or rows with empty fields) updates what it gives and keeps the rest; CRLF
    /// line ends and a byte-order mark read like plain files.
    @Test(arguments: Backend.enabled)
    func partialSATCATKeepsStoredFields(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let ingester = CatalogIngester(store: test.store)
        _ = try await ingester.ingest(paths: [Fixture.path("satcat-first40.csv")])
        var summary = IngestSummary()
        let partial = "\u{FEFF}NORAD_CAT_ID,OBJECT_NAME,DECAY\r\n2,,\r\n1,SL-1 R/B (RENAMED),\r\n"
        try await ingester.ingest(bytes: Array(partial.utf8), source: "partial.csv", into: &summary)
        // Row 2 gives nothing new (its name and decay are empty): only row 1 is written.
        #expect(summary.objectsWritten == 1 && summary.objectsUnchanged == 1 && summary.rejected.isEmpty,
                "\(summary)")
        let two = try #require(CatalogNumber(2)), one = try #require(CatalogNumber(1))
        let sputnik = try #require(try await test.store.object(two))
        #expect(sputnik.name == "SPUTNIK 1" && sputnik.decayDate == "1958-01-03" && sputnik.launchDate == "1957-10-04")
        #expect(sputnik.internationalDesignator == "1957-001B" && sputnik.owner == "CIS")
        let rocket = try #require(try await test.store.object(one))
        #expect(rocket.name == "SL-1 R/B (RENAMED)" && rocket.internationalDesignator == "1957-001A")
        await test.cleanUp()
    }

    /// One OMM record whose counter does not fit the store, or that names no object, is rejected with its reason;
    /// the other records of the file are stored.
    @Test(arguments: Backend.enabled)
    func badOMMRecordsAreRejectedOneByOne(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        func record(_ extra: String, epoch: String) -> String {
            """
            {"OBJECT_NAME":"TEST","OBJECT_ID":"2023-091A","EPOCH":"\(epoch)","MEAN_MOTION":15.5,"ECCENTRICITY":0.001,\
            "INCLINATION":51.6,"RA_OF_ASC_NODE":10,"ARG_OF_PERICENTER":20,"MEAN_ANOMALY":30\(extra)}
            """
        }
        let json = "[" + [record(",\"NORAD_CAT_ID\":99001,\"ELEMENT_SET_NO\":2147483648", epoch: "2023-10-01T00:00:00"),
                          record("", epoch: "2023-10-01T00:00:00"),
                          record("", epoch: "2023-10-01T00:00:00"),
                          record(",\"NORAD_CAT_ID\":99002,\"ELEMENT_SET_NO\":999", epoch: "2023-10-01T00:00:00")]
            .joined(separator: ",") + "]"
        var summary = IngestSummary()
        try await CatalogIngester(store: test.store).ingest(bytes: Array(json.utf8), source: "mixed.json", into: &summary)
        #expect(summary.newElementSets == 1 && summary.duplicates == 0)
        #expect(summary.rejected.count == 3, "\(summary.rejected)")
        #expect(summary.rejected.contains { $0.reason.contains("ELEMENT_SET_NO") && $0.reason.contains("2147483648") })
        #expect(summary.rejected.filter { $0.reason.contains("no NORAD_CAT_ID") }.count == 2)
        #expect(try await test.store.elementSetCount() == 1)
        await test.cleanUp()
    }

    @Test(arguments: Backend.enabled)
    func reopeningKeepsDataAndSchema(_ backend: Backend) async throws {
        let test = try await backend.makeStore()
        let sets = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets
        _ = try await test.store.insert(sets, source: "s", ingestedAt: Instant(iso8601: "2024-01-01T00:00:00Z"))
        let again = try await StoreLocation(test.location).open()
        #expect(try await again.elementSetCount() == sets.count)
        let age = try await again.dataAge()
        #expect(age?.newestEpoch == sets.map(\.epoch).max().map { EpochMicroseconds.instant(EpochMicroseconds.from($0)) })
        await again.close()
        await test.cleanUp()
    }

    @Test func unreachableOrMalformedLocationsAreTypedErrors() async throws {
        await #expect(throws: CatalogError.self) {
            _ = try await StoreLocation("postgres://nobody@127.0.0.1:1/none").open()
        }
        #expect(throws: CatalogError.self) { _ = try PostgresElementSetStore.Location(url: "postgres://u@h/db?schema=a;drop") }
        #expect(throws: CatalogError.self) { _ = try SQLiteElementSetStore(path: "/proc/definitely/not/writable.sqlite") }
    }

    @Test func locationResolution() {
        #expect(StoreLocation.resolve(nil, environment: ["XDG_DATA_HOME": "/x"]).location == .sqlite(path: "/x/perigee/catalog.sqlite"))
        #expect(StoreLocation.resolve(nil, environment: ["HOME": "/h"]).location == .sqlite(path: "/h/.local/share/perigee/catalog.sqlite"))
        #expect(StoreLocation.resolve(nil, environment: ["PERIGEE_DATABASE": "postgres://a@b/c"]).location == .postgres(url: "postgres://a@b/c"))
        #expect(StoreLocation.resolve("/tmp/x.sqlite", environment: ["PERIGEE_DATABASE": "postgres://a@b/c"]).location == .sqlite(path: "/tmp/x.sqlite"))
    }

    @Test func epochMicrosecondsRoundTrip() throws {
        for text in ["1957-10-04T19:28:34.000000Z", "2023-10-09T12:34:56.123456Z", "1969-12-31T23:59:59.999999Z", "2016-12-31T23:59:60.500000Z"] {
            let instant = try Instant(iso8601: text)
            let back = EpochMicroseconds.instant(EpochMicroseconds.from(instant))
            #expect(back.iso8601(fractionDigits: 6) == text || text.contains(":60"))
        }
    }
}
