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

let catalogPath = "/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt"

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
