import ArgumentParser
import Dispatch
import Perigee

/// `perigee bench`: timing runs whose last line other tools parse.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Perigee's speed (reported, never asserted).",
        subcommands: [SGP4Bench.self, PassesBench.self] + catalogBenchCommands
    )
}

/// `perigee bench sgp4`: nanoseconds per SGP4 propagation over a catalog and a minute grid.
struct SGP4Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sgp4",
        abstract: "Time SGP4 over every element set in a file and every requested minute.",
        discussion: """
            Parsing and initialisation are excluded from the timing. The last line is exactly \
            `ns_per_propagation=<value> propagations=<count> threads=<n> mode=<batch|scalar>` (wall time of the \
            fastest repetition); the line before it is `objects=<n> times=<n> seconds=<wall> cpu_seconds=<process \
            CPU of the same repetition>`, so runs on several threads can be compared by the work they cost too.
            """
    )

    @Argument(help: "Element-set file.")
    var file: String

    @Option(help: "Minutes since each epoch (values and start:stop:step ranges).")
    var minutes: String = "0:1440:1"

    @Option(help: "Worker threads.")
    var threads: Int = 1

    @Flag(help: "Time the scalar propagator instead of the SIMD batch propagator.")
    var scalar = false

    @Option(help: "Repeat the timed run this many times and report the fastest.")
    var repetitions: Int = 3

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
    }

    func run() throws {
        let sets: [ElementSet]
        let offsets: [Double]
        do {
            sets = try loadElementSets(path: file)
            offsets = try parseMinutesList(minutes)
        } catch let failure as CommandFailure {
            printToStandardError("error: \(failure)")
            throw ExitCode(2)
        }
        let propagators = sets.compactMap { try? SGP4Propagator($0) }
        let propagations = propagators.count * offsets.count
        guard propagations > 0 else {
            printToStandardError("error: nothing to propagate")
            throw ExitCode(2)
        }
        let batch = scalar ? nil : SGP4Batch(propagators)
        var ephemeris = BatchEphemeris(objectCount: batch?.count ?? 0, timeCount: offsets.count)
        var best = Duration.seconds(1_000_000)
        var bestCPUSeconds = 0.0
        for _ in 0..<repetitions {
            let cpuStart = PassBenchmark.processCPUSeconds()
            let elapsed = ContinuousClock().measure {
                if let batch {
                    batch.propagate(minutesSinceEpoch: offsets, into: &ephemeris, threads: threads)
                } else {
                    propagateScalar(propagators, offsets)
                }
            }
            let cpu = PassBenchmark.processCPUSeconds() - cpuStart
            if elapsed < best { (best, bestCPUSeconds) = (elapsed, cpu) }
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        let nanoseconds = seconds * 1e9 / Double(propagations)
        print("objects=\(propagators.count) times=\(offsets.count) seconds=\(fixed(seconds, digits: 6)) "
              + "cpu_seconds=\(fixed(bestCPUSeconds, digits: 6))")
        print("ns_per_propagation=\(fixed(nanoseconds, digits: 2)) propagations=\(propagations) "
              + "threads=\(threads) mode=\(scalar ? "scalar" : "batch")")
    }

    /// Every propagator to every offset with the scalar propagator, objects split over ``threads`` workers.
    private func propagateScalar(_ propagators: [SGP4Propagator], _ offsets: [Double]) {
        let chunks = threads
        let sinks = SinkBox(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var sum = 0.0
            var index = chunk
            while index < propagators.count {
                let propagator = propagators[index]
                for minute in offsets {
                    if let state = try? propagator.state(minutesSinceEpoch: minute) {
                        sum += state.positionKm.x
                    }
                }
                index += chunks
            }
            sinks.store(sum, at: chunk)
        }
    }
}

/// Keeps benchmark results observable so the optimiser cannot drop the work.
///
/// Each worker writes only its own slot of a buffer allocated once, so no two threads touch the same memory and
/// no copy-on-write check runs concurrently.
final class SinkBox: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Double>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0)
    }
    deinit { slots.deallocate() }
    /// Stores the value computed by worker `index`.
    func store(_ value: Double, at index: Int) { slots[index] = value }
}
