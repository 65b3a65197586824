import ArgumentParser
import Perigee

/// `perigee bench passes`: microseconds per satellite-day of pass prediction over one site.
struct PassesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passes",
        abstract: "Time pass prediction (with sunlit and visible flags) for every object in a file over one site.",
        discussion: """
            SGP4 initialisation is excluded from the timing. The window starts at --start, or by default at the \
            median epoch of the element sets (rounded down to the hour). The last line is exactly \
            `us_per_satellite_day=<value> satellites=<count> passes=<count> threads=<n>`; the line before it is \
            `search_s=<wall seconds> cpu_s=<process CPU seconds>` (best of the repetitions; CPU seconds show the \
            cost on a loaded machine).
            """
    )

    @Argument(help: "Element-set file.")
    var file: String

    @OptionGroup var observer: SiteOptions

    @Option(help: "Window length in hours.")
    var hours: Double = 24

    @Option(help: "Window start (ISO 8601); default: the median epoch of the element sets.")
    var start: String?

    @Option(help: "Worker threads.")
    var threads: Int = 1

    @Option(help: "Repeat the timed run this many times and report the fastest.")
    var repetitions: Int = 3

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard hours > 0, hours <= 24 * 366 else { throw ValidationError("--hours must be in (0, 8784]") }
    }

    func run() throws {
        try reportingFailures {
            let site = try observer.resolve()
            let sets = try loadElementSets(path: file)
            guard !sets.isEmpty else { throw CommandFailure(description: "\(file): no element sets") }
            let from: Instant
            if let start {
                from = try parseInstant(start, option: "--start")
            } else {
                let epochs = sets.map(\.epoch).sorted()
                var median = epochs[epochs.count / 2].utcComponents()
                median.minute = 0
                median.second = 0
                from = Instant(utc: median)
            }
            let result = PassBenchmark.run(elementSets: sets, site: site, from: from, days: hours / 24,
                                           threads: threads, repetitions: max(1, repetitions))
            print("window_start=\(from.iso8601(fractionDigits: 0)) \(result)")
            print("search_s=\(fixed(result.searchSeconds, digits: 6)) cpu_s=\(fixed(result.cpuSeconds, digits: 6))")
            print("us_per_satellite_day=\(fixed(result.microsecondsPerSatelliteDay, digits: 3)) "
                  + "satellites=\(result.satellites) passes=\(result.passes) threads=\(threads)")
        }
    }
}
