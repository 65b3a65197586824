import ElementSets
import OrbitHistory
import Testing

/// Launch verdicts come in designator order: pieces by length, then letters ("2023-091Z" before "2023-091AA"), as
/// the SATCAT orders a launch's pieces (A…Z, then AA…AZ, BA…; letters I and O unused).
@Suite("Launch verdict order")
struct LaunchOrderTests {
    @Test func piecesSortByLengthThenLetters() throws {
        let designators: [(Int, String?)] = [(58_345, "2023-091AB"), (58_300, "2023-091B"), (58_320, "2023-091Z"),
                                             (58_999, nil), (58_344, "2023-091AA"), (58_299, "2023-091A"),
                                             (58_400, "2023-091BA"), (58_350, "2023-091AZ")]
        let records = try designators.map { number, designator in
            LaunchObjectRecord(catalogNumber: try #require(CatalogNumber(number)), internationalDesignator: designator)
        }
        let ordered = LaunchVerdict.assess(records).map { $0.internationalDesignator ?? "-" }
        #expect(ordered == ["2023-091A", "2023-091B", "2023-091Z", "2023-091AA", "2023-091AB", "2023-091AZ", "2023-091BA", "-"])
    }

    @Test func samePieceFallsBackToCatalogNumberAndLaunchesSortFirst() throws {
        let records = try [(7, "2023-092A"), (9, "2023-091C"), (8, "2023-091C"), (6, "2022-180AA")].map { number, designator in
            LaunchObjectRecord(catalogNumber: try #require(CatalogNumber(number)), internationalDesignator: designator)
        }
        #expect(LaunchVerdict.assess(records).map(\.catalogNumber.rawValue) == [6, 8, 9, 7])
    }
}
