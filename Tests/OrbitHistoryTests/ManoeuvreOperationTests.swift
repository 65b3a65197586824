import Astrodynamics
import ElementSets
import Testing
@testable import OrbitHistory

/// Detections of one operation.
@Suite struct ManoeuvreOperationTests {
    static func detection(hours: Double, kind: ManoeuvreKind, deltaV: Double) throws -> Manoeuvre {
        let time = SyntheticOrbit.start.adding(seconds: hours * 3600)
        return Manoeuvre(catalogNumber: try #require(CatalogNumber(99_001)), time: time, kind: kind,
                         deltaVMetresPerSecond: deltaV, confidence: 0.5,
                         precedingEpoch: time.adding(seconds: -86_400), followingEpoch: time.adding(seconds: 86_400),
                         semiMajorAxisChangeKm: deltaV, inclinationChangeDeg: 0, significance: 10)
    }

    /// Two in-plane detections 8 hours apart (closer than sets issued once or twice a day can separate) are one
    /// operation: one record at the first, with the Δv summed and the later following epoch. A detection of the other
    /// kind two hours later, and one of the same kind 13 hours after the first, stay separate.
    @Test func detectionsWithinHalfADayOfTheSameKindMerge() throws {
        let merged = ManoeuvreDetector.mergingOperations([
            try Self.detection(hours: 0, kind: .inPlane, deltaV: 0.01),
            try Self.detection(hours: 8, kind: .inPlane, deltaV: 0.02),
            try Self.detection(hours: 10, kind: .outOfPlane, deltaV: 1),
            try Self.detection(hours: 13, kind: .inPlane, deltaV: 0.04),
        ])
        #expect(merged.map(\.kind) == [.inPlane, .outOfPlane, .inPlane])
        #expect(merged.map { $0.time.seconds(since: SyntheticOrbit.start) / 3600 } == [0, 10, 13])
        #expect(abs(merged[0].deltaVMetresPerSecond - 0.03) < 1e-12)
        #expect(merged[0].followingEpoch == SyntheticOrbit.start.adding(seconds: 8 * 3600 + 86_400))
        #expect(merged[2].deltaVMetresPerSecond == 0.04)
    }
}
