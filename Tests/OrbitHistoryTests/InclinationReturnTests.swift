import Astrodynamics
import ElementSets
import Testing
@testable import OrbitHistory

/// The check that a step of the published inclination is a plane change and not the sets coming back from a drift.
@Suite struct InclinationReturnTests {
    /// Daily sets whose inclination follows `inclination(day)`; the node precesses at a steady rate.
    static func history(_ inclination: (Int) -> Double) throws -> NodeHistory {
        let number = try #require(CatalogNumber(99_003))
        let sets = (0..<80).map { (day: Int) -> ElementSet in
            ElementSet(epoch: SyntheticOrbit.start.adding(seconds: Double(day) * 86_400),
                       meanMotionRevPerDay: 12.8093, eccentricity: 0.0001, inclinationDeg: inclination(day),
                       rightAscensionOfAscendingNodeDeg: 300 - 2.07 * Double(day), argumentOfPericenterDeg: 90,
                       meanAnomalyDeg: 0, catalogNumber: number, bstarPerEarthRadii: 0)
        }
        return NodeHistory(sets: sets, days: (0..<80).map(Double.init))
    }

    /// Jason-1's sets of March 2002: the inclination drifts down by 0.0013° a day for nine days and jumps back to
    /// where it was; the jump is a return, not a plane change.
    @Test func jumpBackAfterADriftIsAReturn() throws {
        let nodes = try Self.history { (day: Int) -> Double in
            guard day > 30, day < 40 else { return 66.0405 }
            return 66.0405 - 0.0013 * Double(day - 30)
        }
        #expect(nodes.returnsToEarlierLevel(at: 40))
    }

    /// Sentinel-3A's plane changes: a step of 0.015° on a slow drift of 10⁻⁴° a day leaves the inclination far from
    /// its level of two weeks before; so does a step whose earlier window holds too few sets to say otherwise.
    @Test func lastingStepIsAPlaneChange() throws {
        let nodes = try Self.history { (day: Int) -> Double in
            let drift: Double = 0.0001 * Double(day)
            return 98.62 + drift + (day >= 40 ? 0.015 : 0)
        }
        #expect(!nodes.returnsToEarlierLevel(at: 40))
        #expect(!nodes.returnsToEarlierLevel(at: 8))
        // The same step, taken back two weeks later, is a return.
        let back = try Self.history { (day: Int) -> Double in day >= 40 && day < 54 ? 98.635 : 98.62 }
        #expect(back.returnsToEarlierLevel(at: 54))
        #expect(!back.returnsToEarlierLevel(at: 40))
    }
}
