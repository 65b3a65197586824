import Astrodynamics
import ElementSets
import Foundation
import Observation
import Propagation
import Testing

/// Reads a 3LE catalog file (name line, line 1, line 2), skipping element sets the minimal reader rejects.
func readCatalog(_ path: String) -> [ElementSet] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    var result: [ElementSet] = []
    var i = 0
    while i + 2 < lines.count {
        if lines[i + 1].hasPrefix("1 ") && lines[i + 2].hasPrefix("2 ") {
            var name = lines[i]
            if name.hasPrefix("0 ") { name.removeFirst(2) }
            if let es = try? ElementSet(tleLine1: lines[i + 1], tleLine2: lines[i + 2], name: name) { result.append(es) }
            i += 3
        } else {
            i += 1
        }
    }
    return result
}

/// The full 2023-10 catalog, outside the repository: only the opt-in (environment-enabled) benchmarks and the
/// whole-catalog check read it. `PERIGEE_CATALOG` overrides the path.
let catalogPath = ProcessInfo.processInfo.environment["PERIGEE_CATALOG"]
    ?? "/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt"

/// 119 objects of the 2023-10 catalog in the repository (`Fixtures/catalog-2023-10-sample`, see its SOURCE.md).
let catalogSamplePath = fixturePath("catalog-2023-10-sample/sample_3le.txt")

@Suite("Pass benchmark harness")
struct BenchmarkTests {
    @Test("PassBenchmark runs on the reference satellites")
    func harnessRuns() throws {
        let fx = PassVectors.shared
        let props = try fx.satellites.keys.sorted().map { try fx.propagator(Int($0)!) }
        let r = PassBenchmark.run(propagators: props, site: try fx.site("greenwich"), from: fx.start, days: 1)
        #expect(r.satellites == 6)
        #expect(r.passes > 0)
        #expect(r.microsecondsPerSatelliteDay > 0)
    }

    /// Timings, printed only (never asserted); run with PERIGEE_BENCH=1, preferably in release.
    @Test("timings", .enabled(if: ProcessInfo.processInfo.environment["PERIGEE_BENCH"] != nil))
    func timings() throws {
        let fx = PassVectors.shared
        let props = try fx.satellites.keys.sorted().map { try fx.propagator(Int($0)!) }
        for siteName in ["greenwich", "santiago", "longyearbyen"] {
            let r = PassBenchmark.run(propagators: props, site: try fx.site(siteName), from: fx.start, days: 3,
                                      repetitions: 20)
            print("BENCH 6 reference satellites, 3 days, \(siteName): \(r)")
        }
        let catalog = readCatalog(catalogPath)
        guard !catalog.isEmpty, ProcessInfo.processInfo.environment["PERIGEE_BENCH"] != "small" else { return }
        let site = try fx.site("greenwich")
        for threads in [1, 2] {
            let r = PassBenchmark.run(elementSets: catalog, site: site, from: fx.start, days: 1, threads: threads,
                                      repetitions: 3)
            print("BENCH catalog (\(catalog.count) element sets), 24 h, greenwich: \(r)")
        }
    }
}

@Suite("Pass benchmark profile")
struct BenchmarkProfile {
    /// Per-object cost profile of the catalog run, printed only; run with PERIGEE_PROFILE=1 in release.
    @Test("profile", .enabled(if: ProcessInfo.processInfo.environment["PERIGEE_PROFILE"] != nil))
    func profile() throws {
        let fx = PassVectors.shared
        let catalog = readCatalog(catalogPath)
        let site = try fx.site("greenwich")
        let finder = PassFinder(site: site, minimumElevationDeg: 0)
        let clock = ContinuousClock()
        var rows: [(Double, Int, String, Bool, Double, Int)] = []
        var deepTime = 0.0, nearTime = 0.0, deepCount = 0, nearCount = 0
        for es in catalog {
            guard let p = try? SGP4Propagator(es) else { continue }
            let t0 = clock.now
            let r = finder.search([p], from: fx.start, to: fx.start.adding(seconds: 86_400))
            let d = clock.now - t0
            let s = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            if p.isDeepSpace { deepTime += s; deepCount += 1 } else { nearTime += s; nearCount += 1 }
            rows.append((s, r.statistics.propagations, es.objectName ?? "", p.isDeepSpace,
                         fx.start.seconds(since: es.epoch) / 86_400, es.catalogNumber.rawValue))
        }
        print("PROFILE deep: \(deepCount) objects \(deepTime) s; near: \(nearCount) objects \(nearTime) s")
        rows.sort { $0.0 > $1.0 }
        for r in rows.prefix(25) {
            print("PROFILE \(r.5) \(r.2) deep=\(r.3) epochAge=\(r.4) d: \(r.0 * 1e6) µs, \(r.1) propagations")
        }
    }
}

@Suite("SGP4 cost")
struct SGP4Cost {
    @Test("raw SGP4 evaluation cost", .enabled(if: ProcessInfo.processInfo.environment["PERIGEE_PROFILE"] != nil))
    func raw() throws {
        let fx = PassVectors.shared
        let p = try fx.propagator(28654)
        let clock = ContinuousClock()
        var sum = 0.0
        let n = 1_000_000
        let t0 = clock.now
        for i in 0..<n {
            sum += try p.state(minutesSinceEpoch: 1000 + Double(i) * 0.001).positionKm.x
        }
        let d = clock.now - t0
        print("PROFILE SGP4 near-earth: \(Double(d.components.attoseconds) * 1e-18 / Double(n) * 1e9 + Double(d.components.seconds) / Double(n) * 1e9) ns per call (\(sum))")
        let tables = ObservationTimeTables(origin: fx.start, durationSeconds: 86_400)
        let t1 = clock.now
        var acc = 0.0
        for i in 0..<n { acc += tables.gmstRad(secondsSinceOrigin: Double(i) * 0.08) }
        let d1 = clock.now - t1
        print("PROFILE gmst: \(Double(d1.components.attoseconds) * 1e-18 / Double(n) * 1e9) ns per call (\(acc))")
    }
}
