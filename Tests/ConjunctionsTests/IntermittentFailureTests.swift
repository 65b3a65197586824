import Astrodynamics
import Conjunctions
import ElementSets
import Propagation
import Testing

/// An object whose SGP4 solution fails around every perigee (error 6, below the surface) and is valid in
/// between: its conjunctions in the valid stretches are found, as python-sgp4 and astroz find them.
@Suite struct IntermittentFailureTests {
    /// python-sgp4 references (see `Fixtures/catalog-2023-10/SOURCE.md`): pair, TCA, miss distance.
    static let references: [(Int, Int, String, Double)] = [
        (43102, 45848, "2023-10-11T18:07:41.675885Z", 4.8373618),
        (45848, 47392, "2023-10-13T15:28:23.181977Z", 3.8183030),
    ]

    @Test(arguments: [1, 2])
    func minimaBetweenFailuresAreFound(threads: Int) throws {
        let sets = try ElementSetDecoder()
            .decode(contentsOfFile: fixturePath("catalog-2023-10/intermittent-failure.3le")).elementSets
        var screening = ConjunctionScreening(start: try Instant(iso8601: "2023-10-09T12:00:00Z"),
                                             duration: .seconds(7 * 86_400), thresholdKm: 5)
        screening.threads = threads
        let events = try screening.run(sets).conjunctions
        #expect(events.count == Self.references.count)
        for (a, b, iso, missKm) in Self.references {
            let tca = try Instant(iso8601: iso)
            let match = events.first {
                $0.catalogNumber1.rawValue == a && $0.catalogNumber2.rawValue == b
                    && abs($0.timeOfClosestApproach.seconds(since: tca)) < 0.001
            }
            // 1 ms in time and 1 m in distance, as the SOCRATES and dense tests.
            #expect(match != nil, "\(a) × \(b) at \(iso) not found")
            if let match { #expect(abs(match.missDistanceKm - missKm) < 0.001) }
        }
    }

    /// A diverged SGP4 solution (52049: positions moving at 48–92 km/s while the reported velocity is 7–8 km/s)
    /// is outside every bound of the sweep, which assumes that the velocity is the derivative of the position.
    /// Its states take no part, whatever the step: before, a 60 s sweep reported a minimum with 30571 that 45 s
    /// and 90 s sweeps did not.
    @Test(arguments: [45.0, 60.0, 90.0, 120.0])
    func divergedSolutionTakesNoPart(stepSeconds: Double) throws {
        let sets = try ElementSetDecoder()
            .decode(contentsOfFile: fixturePath("catalog-2023-10/diverged-solution.3le")).elementSets
        let start = try Instant(iso8601: "2023-10-09T12:00:00Z")
        // The premise: SGP4's own positions move far faster than its velocity says.
        let propagator = try #require(sets.first { $0.catalogNumber.rawValue == 52049 }.map { try SGP4Propagator($0) })
        let offset = start.minutes(since: propagator.elementSet.epoch) + 7 * 60
        let a = try propagator.state(minutesSinceEpoch: offset), b = try propagator.state(minutesSinceEpoch: offset + 1.0 / 60)
        #expect((b.positionKm - a.positionKm).length > 5 * a.velocityKmPerS.length)
        var screening = ConjunctionScreening(start: start, duration: .seconds(86_400), thresholdKm: 5)
        screening.step = .milliseconds(Int64(stepSeconds * 1000))
        #expect(try screening.run(sets).conjunctions.isEmpty)
    }
}
