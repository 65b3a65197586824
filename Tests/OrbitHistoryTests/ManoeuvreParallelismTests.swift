import Astrodynamics
import Foundation
import Testing
@testable import OrbitHistory

/// The parallel paths give exactly what one thread gives.
@Suite struct ManoeuvreParallelismTests {
    /// The kink fits of a long history (Jason-2, 3,900 sets) split over 2 and 3 threads equal those of one thread,
    /// gap by gap, bit for bit.
    @Test(arguments: [2, 3])
    func kinkFitsInPartsEqualOneThread(parts: Int) throws {
        let sets = try BenchmarkSatellite(name: "Jason-2", isGEO: false).load().history.elementSets
        let start = sets[0].epoch
        let orbits = PropagatedHistory(sets: sets, days: sets.map { $0.epoch.seconds(since: start) / 86_400 },
                                       window: 50)
        let one = AlongTrackKink.shortAndLong(orbits, parts: 1), split = AlongTrackKink.shortAndLong(orbits, parts: parts)
        func same(_ a: [AlongTrackKink], _ b: [AlongTrackKink]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { x, y in
                x.score == y.score && x.speedChangeKmPerDay.bitPattern == y.speedChangeKmPerDay.bitPattern
                    && x.burnDay.bitPattern == y.burnDay.bitPattern
                    && x.burnDayStandardError.bitPattern == y.burnDayStandardError.bitPattern
            }
        }
        #expect(one.short.filter { $0.burnDay.isFinite }.count > 3_000)
        #expect(same(one.short, split.short) && same(one.long, split.long))
    }

    /// Several objects examined on several threads give the manoeuvres each object gives on its own, in catalog-number
    /// then time order.
    @Test func objectsOnSeveralThreadsEqualOneByOne() throws {
        let satellites = BenchmarkSatellite.all + BenchmarkSatellite.others
        let histories = try satellites.map { try $0.load().history }
        let detector = ManoeuvreDetector()
        let oneByOne = histories.sorted { $0.catalogNumber < $1.catalogNumber }.flatMap { detector.manoeuvres(in: $0) }
        let together = detector.manoeuvres(in: histories.flatMap(\.elementSets).shuffled(), workers: 3)
        #expect(oneByOne.count > 400)
        #expect(together == oneByOne)
    }
}
