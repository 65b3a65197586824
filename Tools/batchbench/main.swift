// Timing and full-catalog agreement harness for SGP4Batch (not a test). Build and run with
// Tools/batchbench/run.sh [target-cpu]; see that script for the modes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ElementSets
import Propagation

func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Reads a 3LE/TLE file into propagators (element sets the reader or SGP4 rejects are skipped and counted).
func loadCatalog(_ path: String) -> (propagators: [SGP4Propagator], names: [String], rejected: Int) {
    guard let f = fopen(path, "r") else { print("cannot open \(path)"); exit(1) }
    defer { fclose(f) }
    var lines: [String] = []
    var buffer = [CChar](repeating: 0, count: 512)
    while fgets(&buffer, 512, f) != nil {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        var s = String(decoding: bytes, as: UTF8.self)
        while let last = s.unicodeScalars.last, last == "\n" || last == "\r" { s.unicodeScalars.removeLast() }
        lines.append(s)
    }
    var props: [SGP4Propagator] = [], names: [String] = [], rejected = 0
    var i = 0
    while i < lines.count {
        var name: String? = nil
        if lines[i].hasPrefix("0 ") { name = String(lines[i].dropFirst(2)); i += 1 }
        guard i + 1 < lines.count, lines[i].hasPrefix("1 "), lines[i + 1].hasPrefix("2 ") else { i += 1; continue }
        if let es = try? ElementSet(tleLine1: lines[i], tleLine2: lines[i + 1], name: name),
           let p = try? SGP4Propagator(es) {
            props.append(p); names.append(name ?? lines[i])
        } else {
            rejected += 1
        }
        i += 2
    }
    return (props, names, rejected)
}

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "time"
let path = args.count > 2 ? args[2] : "/work/shared/data/catalog-2023-10/spacetrack_3le_2023-10-09.txt"
let (all, names, rejected) = loadCatalog(path)
let minutes = (0...1440).map(Double.init)
var loadavg = [Double](repeating: 0, count: 3)
getloadavg(&loadavg, 3)
print("load average at start: \(loadavg[0])")
print("catalog: \(all.count) propagators (\(rejected) rejected), \(all.filter { !$0.isDeepSpace }.count) near-earth")

if mode == "compare" {
    // Full agreement check: batch vs scalar for every object at every minute of one day.
    let batch = SGP4Batch(all)
    var eph = BatchEphemeris(objectCount: all.count, timeCount: minutes.count)
    batch.propagate(minutesSinceEpoch: minutes, into: &eph, threads: 2)
    var maxDr = 0.0, maxDv = 0.0, worst = "", failMismatch = 0, failures = 0
    var failedObjects: [String] = []
    for (o, p) in all.enumerated() {
        var scalarFailure: SGP4Error? = nil
        for (k, t) in minutes.enumerated() {
            do {
                let s = try p.state(minutesSinceEpoch: t)
                guard let b = eph.state(object: o, time: k) else { failMismatch += 1; print("batch missing state \(names[o]) t=\(t) failure \(String(describing: eph.failures[o]))"); break }
                let dr = ((s.positionKm.x - b.positionKm.x) * (s.positionKm.x - b.positionKm.x) + (s.positionKm.y - b.positionKm.y) * (s.positionKm.y - b.positionKm.y) + (s.positionKm.z - b.positionKm.z) * (s.positionKm.z - b.positionKm.z)).squareRoot()
                let dv = ((s.velocityKmPerS.x - b.velocityKmPerS.x) * (s.velocityKmPerS.x - b.velocityKmPerS.x) + (s.velocityKmPerS.y - b.velocityKmPerS.y) * (s.velocityKmPerS.y - b.velocityKmPerS.y) + (s.velocityKmPerS.z - b.velocityKmPerS.z) * (s.velocityKmPerS.z - b.velocityKmPerS.z)).squareRoot()
                if dr > maxDr { maxDr = dr; worst = "\(names[o]) (\(p.elementSet.catalogNumber)) t=\(t) deep=\(p.isDeepSpace)" }
                maxDv = max(maxDv, dv)
            } catch {
                scalarFailure = error
                break
            }
        }
        if let e = scalarFailure {
            failures += 1
            failedObjects.append("\(p.elementSet.catalogNumber) \(names[o]) code \(e.code) at \(e.minutesSinceEpoch ?? -1) deep=\(p.isDeepSpace)")
        }
        if eph.failures[o]?.code != scalarFailure?.code || eph.failures[o]?.minutesSinceEpoch != scalarFailure?.minutesSinceEpoch {
            failMismatch += 1
            print("failure mismatch \(names[o]): scalar \(String(describing: scalarFailure)) batch \(String(describing: eph.failures[o]))")
        }
    }
    print("objects failing within the day: \(failures)")
    for f in failedObjects { print("  failed: \(f)") }
    print("max |dr| = \(maxDr * 1e6) mm at \(worst); max |dv| = \(maxDv) km/s; failure mismatches: \(failMismatch)")
} else {
    // Timing: near-earth objects x 1441 one-minute steps.
    let near = all.filter { !$0.isDeepSpace }
    let batch = SGP4Batch(near)
    var eph = BatchEphemeris(objectCount: near.count, timeCount: minutes.count)
    let props = Double(near.count * minutes.count)
    // Wall time, and CPU time of the process (the machine may be shared: CPU time excludes waiting for a core).
    for threads in [1, 2, 1, 2] {
        var best = Double.infinity, bestCPU = Double.infinity
        for _ in 0..<3 {
            let t0 = now(), c0 = now(CLOCK_PROCESS_CPUTIME_ID)
            batch.propagate(minutesSinceEpoch: minutes, into: &eph, threads: threads)
            best = min(best, now() - t0)
            bestCPU = min(bestCPU, now(CLOCK_PROCESS_CPUTIME_ID) - c0)
        }
        print("batch, \(threads) thread(s): wall \(format1(best * 1e9 / props)) ns/propagation, CPU \(format1(bestCPU * 1e9 / props)) ns (\(near.count) objects x \(minutes.count) times, best of 3)")
    }
    // scalar reference timing on a subset
    let sub = Array(near.prefix(2000))
    var best = Double.infinity
    var sink = 0.0
    for _ in 0..<3 {
        let t0 = now()
        for p in sub { for t in minutes { if let s = try? p.state(minutesSinceEpoch: t) { sink += s.positionKm.x } } }
        best = min(best, now() - t0)
    }
    print("scalar SGP4Propagator: \(format1(best * 1e9 / Double(sub.count * minutes.count))) ns/propagation (\(sub.count) objects) [\(sink.isFinite)]")
}

func format1(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return "\(r)"
}
