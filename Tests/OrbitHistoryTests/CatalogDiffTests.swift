import ElementSets
import Foundation
import Testing
import OrbitHistory

@Suite struct CatalogDiffTests {
    @Test func snapshotSubsets() throws {
        let old = try Fixture.elementSets("catalog-diff/old-2022-07-14.3le")
        let new = try Fixture.elementSets("catalog-diff/new-2023-10-09.3le")
        let diff = CatalogDiffer().diff(old: old, new: new)
        #expect(diff.newObjects.map(\.catalogNumber.rawValue) == [88234, 88238, 88239, 88241])
        #expect(diff.disappeared.map(\.lastElementSet.catalogNumber.rawValue) == [5165, 10059, 14238, 23595])
        #expect(diff.disappeared.allSatisfy { $0.reason == .decayed })
        #expect(diff.manoeuvred.map(\.newElementSet.catalogNumber.rawValue) == [44943, 48022, 50850, 51716])
        #expect(diff.manoeuvred.allSatisfy { $0.semiMajorAxisChangeKm > 100 })
        #expect(diff.summary.newCount == 4 && diff.summary.decayedCount == 4 && diff.summary.manoeuvredCount == 4)
        #expect(diff.summary.oldObjectCount == 14 && diff.summary.newObjectCount == 14)
    }

    @Test func identicalSnapshotsDifferInNothing() throws {
        let old = try Fixture.elementSets("catalog-diff/old-2022-07-14.3le")
        let diff = CatalogDiffer().diff(old: old, new: old)
        #expect(diff.newObjects.isEmpty && diff.disappeared.isEmpty && diff.manoeuvred.isEmpty)
    }
}
