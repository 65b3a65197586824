import Astrodynamics
import ElementSets
import Foundation
import Observation
import Propagation
import Testing

/// Rises found by a dense elevation scan (independent of the pass finder: Astrodynamics rotation per sample).
func bruteForceRises(_ p: SGP4Propagator, site: Site, from start: Instant, seconds span: Double, step: Double,
                     threshold: Double) -> [Double]? {
    var rises: [Double] = []
    var previous: Double? = nil
    var t = 0.0
    while t <= span {
        let instant = start.adding(seconds: t)
        guard let state = try? p.state(at: instant) else { return nil }
        let el = site.lookAngles(to: state, at: instant).elevationDeg
        if let previous, previous < threshold, el >= threshold { rises.append(t) }
        previous = el
        t += step
    }
    return rises
}

/// Compares the pass finder with a dense scan for the given objects; returns problems (empty when all agree).
func compareWithScan(_ propagators: [SGP4Propagator], site: Site, start: Instant, span: Double, step: Double,
                     threshold: Double) -> (problems: [String], finderPasses: Int, scanPasses: Int) {
    let finder = PassFinder(site: site, minimumElevationDeg: threshold)
    var problems: [String] = []
    var finderCount = 0, scanCount = 0
    for p in propagators {
        guard let rises = bruteForceRises(p, site: site, from: start, seconds: span, step: step, threshold: threshold),
              let passes = try? finder.passes(for: p, from: start, to: start.adding(seconds: span)) else { continue }
        let found = passes.compactMap { pass -> (Double, Pass)? in
            guard let rise = pass.rise else { return nil }
            return (rise.instant.seconds(since: start), pass)
        }
        finderCount += found.count
        scanCount += rises.count
        let name = "\(p.elementSet.catalogNumber) \(p.elementSet.objectName ?? "")"
        for r in rises where !found.contains(where: { abs($0.0 - r) <= step + 1 }) {
            problems.append("\(name): scan rise at +\(r) s not found")
        }
        for (r, pass) in found where !rises.contains(where: { abs($0 - r) <= step + 1 }) {
            let short = (pass.durationSeconds ?? .infinity) < 2 * step
            let marginal = pass.culmination.elevationDeg - threshold < 0.01
            if !(short || marginal) {
                problems.append("\(name): finder rise at +\(r) s (max el \(pass.culmination.elevationDeg)°) not in scan")
            }
        }
    }
    return (problems, finderCount, scanCount)
}

@Suite("No pass missed against a dense scan")
struct CatalogCompletenessTests {
    /// A deterministic sample of the 2023-10 catalog (119 objects, the repository fixture), 12 h, 15 s scan.
    @Test("catalog sample matches a 15 s elevation scan")
    func catalogSample() throws {
        let catalog = readCatalog(catalogSamplePath)
        try #require(catalog.count == 119)
        let fx = PassVectors.shared
        let props = catalog.compactMap { try? SGP4Propagator($0) }
        for (siteName, threshold) in [("greenwich", 0.0), ("longyearbyen", 10.0)] {
            let r = compareWithScan(props, site: try fx.site(siteName), start: fx.start, span: 43_200, step: 15,
                                    threshold: threshold)
            print("COMPLETENESS \(siteName) \(threshold)°: \(props.count) objects, finder \(r.finderPasses), scan \(r.scanPasses) passes")
            #expect(r.problems.isEmpty, "\(r.problems)")
        }
    }

    /// The whole catalog against a 10 s scan; slow (minutes), run with PERIGEE_VERIFY_CATALOG=1 in release.
    @Test("whole catalog matches a 10 s scan", .enabled(if: ProcessInfo.processInfo.environment["PERIGEE_VERIFY_CATALOG"] != nil))
    func wholeCatalog() throws {
        let catalog = readCatalog(catalogPath)
        let fx = PassVectors.shared
        let props = catalog.compactMap { try? SGP4Propagator($0) }
        let r = compareWithScan(props, site: try fx.site("greenwich"), start: fx.start, span: 86_400, step: 10,
                                threshold: 0)
        print("COMPLETENESS whole catalog: \(props.count) objects, finder \(r.finderPasses), scan \(r.scanPasses) passes")
        for p in r.problems { print("COMPLETENESS problem: \(p)") }
        #expect(r.problems.isEmpty)
    }
}
