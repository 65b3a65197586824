#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Astrodynamics
public import ElementSets
public import Propagation

/// A timing harness for pass prediction (for `perigee bench passes`); it measures, it asserts nothing.
public enum PassBenchmark {
    /// What a run measured.
    public struct Result: Sendable, Hashable, CustomStringConvertible {
        /// Objects searched (after SGP4 initialisation).
        public var satellites: Int
        /// Objects SGP4 rejected at initialisation.
        public var rejectedElementSets: Int
        /// Objects pruned without propagation.
        public var prunedObjects: Int
        /// Objects whose propagation failed in the window.
        public var failedObjects: Int
        /// Passes found.
        public var passes: Int
        /// SGP4 evaluations.
        public var propagations: Int
        /// Threads used.
        public var threads: Int
        /// Window length in days.
        public var days: Double
        /// Wall-clock seconds of the search (best of the repetitions; SGP4 initialisation excluded).
        public var searchSeconds: Double
        /// Process CPU seconds (all threads) of the fastest repetition: on a machine shared with other work this
        /// shows what the search itself costs.
        public var cpuSeconds: Double
        /// Wall-clock seconds of SGP4 initialisation of all element sets.
        public var initialisationSeconds: Double
        /// searchSeconds per satellite-day, in µs.
        public var microsecondsPerSatelliteDay: Double
        /// The search's work counters.
        public var statistics: PassSearchStatistics

        /// A one-line summary.
        public var description: String {
            "\(satellites) objects (\(prunedObjects) pruned, \(failedObjects) failed, \(rejectedElementSets) rejected), "
                + "\(passes) passes, \(propagations) propagations, \(threads) thread(s): "
                + "search \(searchSeconds) s wall, \(cpuSeconds) s CPU, \(microsecondsPerSatelliteDay) µs per satellite-day; init \(initialisationSeconds) s; "
                + "propagations: march \(statistics.marchPropagations), crossings \(statistics.crossingPropagations), "
                + "extrema \(statistics.extremumPropagations), shadow \(statistics.shadowPropagations)"
        }
    }

    /// Finds all passes of `elementSets` over `site` for `days` days from `start`, `repetitions` times, and
    /// reports the best time.
    public static func run(elementSets: [ElementSet], site: Site, from start: Instant, days: Double = 1,
                           minimumElevationDeg: Double = 0, threads: Int = 1, repetitions: Int = 1) -> Result {
        let clock = ContinuousClock()
        var propagators: [SGP4Propagator] = []
        propagators.reserveCapacity(elementSets.count)
        let initStart = clock.now
        for es in elementSets {
            if let p = try? SGP4Propagator(es) { propagators.append(p) }
        }
        let initSeconds = seconds(clock.now - initStart)
        var result = run(propagators: propagators, site: site, from: start, days: days,
                         minimumElevationDeg: minimumElevationDeg, threads: threads, repetitions: repetitions)
        result.rejectedElementSets = elementSets.count - propagators.count
        result.initialisationSeconds = initSeconds
        return result
    }

    /// As ``run(elementSets:site:from:days:minimumElevationDeg:threads:repetitions:)`` for initialised
    /// propagators.
    public static func run(propagators: [SGP4Propagator], site: Site, from start: Instant, days: Double = 1,
                           minimumElevationDeg: Double = 0, threads: Int = 1, repetitions: Int = 1) -> Result {
        let clock = ContinuousClock()
        let finder = PassFinder(site: site, minimumElevationDeg: minimumElevationDeg)
        let end = start.adding(seconds: days * 86_400)
        var best = Double.infinity
        var bestCPU = Double.infinity
        var last = CatalogPassSearch(passes: [], failures: [], statistics: PassSearchStatistics())
        for _ in 0..<max(1, repetitions) {
            let c0 = processCPUSeconds()
            let t0 = clock.now
            last = finder.search(propagators, from: start, to: end, threads: threads)
            let wall = seconds(clock.now - t0)
            let cpu = processCPUSeconds() - c0
            if wall < best { best = wall }
            bestCPU = min(bestCPU, cpu)
        }
        let satelliteDays = Double(max(1, propagators.count)) * days
        return Result(satellites: propagators.count, rejectedElementSets: 0,
                      prunedObjects: last.statistics.prunedObjects, failedObjects: last.failures.count,
                      passes: last.passes.count, propagations: last.statistics.propagations, threads: threads,
                      days: days, searchSeconds: best, cpuSeconds: bestCPU, initialisationSeconds: 0,
                      microsecondsPerSatelliteDay: best / satelliteDays * 1e6, statistics: last.statistics)
    }

    /// CPU time of the whole process (all threads) in seconds; `perigee bench sgp4` reads it too.
    public static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
