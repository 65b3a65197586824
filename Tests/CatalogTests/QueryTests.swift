import Astrodynamics
@testable import Catalog
import ElementSets
import Foundation
import Testing

@Suite("Store queries: the catalog as of an instant, object search")
struct QueryTests {
    /// The sample catalog plus, for the ISS, a set one day later and a renumbered set at that same epoch.
    static func filledStore(_ backend: Backend) async throws -> (TestStore, [ElementSet]) {
        let test = try await backend.makeStore()
        let sample = try ElementSetDecoder().decode(contentsOfFile: Fixture.sample).elementSets
        let iss = try #require(sample.first { $0.catalogNumber.rawValue == 25544 })
        var later = iss
        later.epoch = iss.epoch.adding(seconds: 86_400)
        later.elementSetNumber = 1
        later.meanAnomalyDeg = 10
        var renumbered = later
        renumbered.elementSetNumber = 2
        renumbered.meanAnomalyDeg = 20
        _ = try await test.store.insert(sample + [later, renumbered], source: "query-test",
                                        ingestedAt: try Instant(iso8601: "2024-01-01T00:00:00Z"))
        return (test, sample)
    }

    @Test(arguments: Backend.enabled)
    func latestSetsAsOfAnInstant(_ backend: Backend) async throws {
        let (test, sample) = try await Self.filledStore(backend)
        let iss = try #require(sample.first { $0.catalogNumber.rawValue == 25544 })

        let now = try await test.store.latestElementSets(asOf: nil)
        #expect(now.map(\.elementSet.catalogNumber.rawValue) == sample.map(\.catalogNumber.rawValue).sorted())
        let latestISS = try #require(now.first { $0.elementSet.catalogNumber.rawValue == 25544 })
        #expect(latestISS.elementSet.elementSetNumber == 2)  // greatest epoch, then greatest set number
        #expect(latestISS.elementSet.meanAnomalyDeg == 20)
        #expect(latestISS.source == "query-test")

        // Half a day after the ISS's original epoch: its earlier set; objects with no set yet are left out.
        let between = iss.epoch.adding(seconds: 43_200)
        let then = try await test.store.latestElementSets(asOf: between)
        let expected = sample.filter { $0.epoch.seconds(since: between) <= 0 }.map(\.catalogNumber.rawValue).sorted()
        #expect(then.map(\.elementSet.catalogNumber.rawValue) == expected)
        let earlierISS = try #require(then.first { $0.elementSet.catalogNumber.rawValue == 25544 })
        #expect(earlierISS.elementSet == (try await test.store.history(of: iss.catalogNumber))[0].elementSet)

        let oldest = try #require(sample.map(\.epoch).min { $0.seconds(since: $1) < 0 })
        #expect(try await test.store.latestElementSets(asOf: oldest.adding(seconds: -1)).isEmpty)
        await test.cleanUp()
    }

    @Test(arguments: Backend.enabled)
    func searchRanksNumberThenDesignatorThenName(_ backend: Backend) async throws {
        let (test, _) = try await Self.filledStore(backend)
        let byNumber = try await test.store.searchObjects(matching: " 25544 ", limit: 10)
        #expect(byNumber.first?.name == "ISS (ZARYA)")
        let byName = try await test.store.searchObjects(matching: "noaa", limit: 10)
        #expect(Set(byName.compactMap(\.name)) == ["NOAA 12", "NOAA 15", "NOAA 18", "NOAA 19"])
        #expect(try await test.store.searchObjects(matching: "noaa", limit: 2).count == 2)
        let byDesignator = try await test.store.searchObjects(matching: "1998-067", limit: 10)
        #expect(byDesignator.map(\.catalogNumber.rawValue) == [25544])
        // LIKE wildcards are literal characters, not patterns.
        #expect(try await test.store.searchObjects(matching: "%", limit: 10).isEmpty)
        #expect(try await test.store.searchObjects(matching: "_", limit: 10).isEmpty)
        #expect(try await test.store.searchObjects(matching: "   ", limit: 10).isEmpty)
        await test.cleanUp()
    }
}
