import Astrodynamics
@testable import Conjunctions
import ElementSets
import Foundation
import Propagation
import Testing

@Suite struct RefinementBoundTests {
    /// `keepsSign` never declares a piece sign-keeping where Δr·Δv (sampled every 0.25 s with SGP4) changes
    /// sign, over pieces of 5–80 s starting up to 60 s before and after each close approach of the dense
    /// subset (the pieces the refinement examines), and it does drop pieces (the test is not vacuous).
    @Test func keepsSignIsConservative() throws {
        let sets = try DenseCatalogTests.subset()
        let events = try DenseCatalogTests.sixHours.get()
        let props = sets.compactMap { try? SGP4Propagator($0) }
        let start = DenseCatalogTests.start
        let objects = ScreeningObjects(propagators: props, start: start, durationSeconds: 21_600,
                                       selection: .allVsAll, padKm: 60, thresholdKm: 20)
        let index = Dictionary(uniqueKeysWithValues: props.enumerated().map { ($1.elementSet.catalogNumber, $0) })
        var dropped = 0, examined = 0
        for e in events.prefix(60) {
            guard let i = index[e.catalogNumber1], let j = index[e.catalogNumber2] else { continue }
            let tca = e.timeOfClosestApproach.seconds(since: start)
            for offset in stride(from: -60.0, through: 60.0, by: 7.5) {
                for length in [5.5, 10.0, 20.0, 40.0, 80.0] {
                    let a = tca + offset, b = a + length
                    guard let sa = Sweep.relative(objects, i, j, a), let sb = Sweep.relative(objects, i, j, b) else {
                        continue
                    }
                    examined += 1
                    guard Sweep.keepsSign(sa.r, sa.u, sb.r, sb.u, over: length) else { continue }
                    dropped += 1
                    let f0 = sa.r.dot(sa.u)
                    var t = a
                    while t <= b {
                        if let s = Sweep.relative(objects, i, j, t) {
                            let f = s.r.dot(s.u)
                            #expect((f < 0) == (f0 < 0), "\(e.catalogNumber1)×\(e.catalogNumber2) at \(t) s")
                        }
                        t += 0.25
                    }
                }
            }
        }
        print("keepsSign: \(dropped) of \(examined) pieces around close approaches declared sign-keeping")
        #expect(examined > 1_000)
        #expect(dropped > examined / 10)
    }
}
