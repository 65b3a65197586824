import ArgumentParser
import Foundation
import Perigee

/// `perigee conjunctions`: close-approach screening, and `merge` for sharded runs.
struct ConjunctionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conjunctions",
        abstract: "Find close approaches between catalogued objects (conjunction screening).",
        subcommands: [ConjunctionsScreenCommand.self, ConjunctionsMergeCommand.self],
        defaultSubcommand: ConjunctionsScreenCommand.self
    )
}

/// The CSV header of conjunction output.
let conjunctionsCSVHeader =
    "catalog_number_1,catalog_number_2,tca,miss_km,relative_speed_km_s,radial_km,in_track_km,cross_track_km,max_probability"

/// `perigee conjunctions <file> …`: screen a catalog.
struct ConjunctionsScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen a catalog for close approaches.",
        discussion: """
            Every local minimum of the distance below --threshold within [--start, --start + --duration] is one \
            row, with catalog_number_1 < catalog_number_2, the TCA in UTC with milliseconds, the miss vector in \
            the RIC frame of object 1 and Alfano's maximum collision probability for the combined hard-body \
            radius --hard-body-radius-m (default 10 m; the probability scales about as its square). --payloads \
            screens payloads against everything, as SOCRATES: a payload is an object whose \
            name contains neither DEB nor R/B. --shard K/N (K from 1) runs one of N time windows of the global \
            sampling grid; `perigee conjunctions merge` joins the shards' CSV files into the single-run result.
            """
    )

    @Argument(help: "Element-set file (TLE, 3LE, OMM XML/JSON/CSV/KVN; .gz and .xz too).")
    var file: String

    @Option(help: "Start of the screening interval (ISO 8601, UTC unless a zone is given).")
    var start: String

    @Option(help: "Length of the interval: a number with d, h, m or s (for example 1d, 6h, 90m).")
    var duration: String

    @Option(help: "Distance threshold, km.")
    var threshold: Double

    @Option(name: .customLong("primary"), help: "Screen pairs with this catalog number (repeatable).")
    var primaries: [Int] = []

    @Flag(help: "Screen payloads against all objects (as SOCRATES).")
    var payloads = false

    @Option(help: "Run shard K of N (K = 1 … N), for example 2/4.")
    var shard: String?

    @Option(help: "Output format: csv, json or table.")
    var format: OutputFormat = .csv

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: .customLong("hard-body-radius-m"),
            help: "Combined hard-body radius of the two objects for max_probability, metres.")
    var hardBodyRadiusM: Double = 10

    @Option(name: .customLong("step-seconds"),
            help: ArgumentHelp("Sweep sampling step, seconds (a tuning knob: the events do not depend on it).",
                               visibility: .hidden))
    var stepSeconds: Double?

    @Option(name: .customLong("cell-km"),
            help: ArgumentHelp("Broad-phase cell size, km (a tuning knob: the events do not depend on it).",
                               visibility: .hidden))
    var cellKm: Double?

    func validate() throws {
        if let stepSeconds, !(stepSeconds > 0 && stepSeconds <= 3_600) {
            throw ValidationError("--step-seconds must be a number of seconds in (0, 3600].")
        }
        if payloads && !primaries.isEmpty { throw ValidationError("Give --primary or --payloads, not both.") }
        guard threshold > 0, threshold.isFinite else { throw ValidationError("--threshold must be a positive number.") }
        guard hardBodyRadiusM > 0, hardBodyRadiusM.isFinite else {
            throw ValidationError("--hard-body-radius-m must be a positive number of metres.")
        }
    }

    func run() throws {
        try reportingFailures {
            let startInstant = try parseInstant(start, option: "--start")
            let length = try parseDuration(duration)
            let sets = try loadElementSets(path: file)
            let selection: ScreeningSelection
            if payloads {
                selection = .payloads
            } else if !primaries.isEmpty {
                selection = .primaries(Set(primaries.compactMap { CatalogNumber($0) }))
            } else {
                selection = .allVsAll
            }
            var screening = ConjunctionScreening(start: startInstant, duration: length, thresholdKm: threshold,
                                                 selection: selection, shard: try parseShard(shard))
            if let threads { screening.threads = max(1, threads) }
            screening.hardBodyRadiusKm = hardBodyRadiusM / 1000
            if let stepSeconds { screening.step = .milliseconds(Int64((stepSeconds * 1000).rounded())) }
            screening.cellKm = cellKm
            let showProgress = isatty(2) == 1
            let result: ScreeningResult
            do {
                result = try screening.run(sets, progress: showProgress ? { fraction in
                    let width = 40
                    let filled = Int(fraction * Double(width))
                    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                    FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))%".utf8))
                    if fraction >= 1 { FileHandle.standardError.write(Data("\n".utf8)) }
                } : nil)
            } catch {
                throw CommandFailure(description: "\(error)")
            }
            if !result.skipped.isEmpty {
                printToStandardError("warning: \(result.skipped.count) element sets SGP4 cannot initialise were left out")
            }
            writeConjunctions(result.conjunctions, format: format)
        }
    }
}

/// `perigee conjunctions merge <files>…`: joins shard outputs.
struct ConjunctionsMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the CSV outputs of sharded screenings into one, in single-run order."
    )

    @Argument(help: "CSV files written by `perigee conjunctions … --shard K/N --format csv`.")
    var files: [String]

    func run() throws {
        try reportingFailures {
            var rows: [(Int, Int, String, String)] = []
            for path in files {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw CommandFailure(description: "\(path): cannot read the file")
                }
                // CRLF files (a shard written on another system) split as LF ones do.
                let lines = splitLines(text).filter { !$0.isEmpty }
                guard let header = lines.first, header == conjunctionsCSVHeader else {
                    throw CommandFailure(description: "\(path): not a conjunctions CSV file (header differs)")
                }
                for (n, line) in lines.dropFirst().enumerated() {
                    let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
                    guard fields.count == 4, let a = Int(fields[0]), let b = Int(fields[1]) else {
                        throw CommandFailure(description: "\(path): line \(n + 2): malformed row")
                    }
                    rows.append((a, b, String(fields[2]), String(line)))
                }
            }
            rows.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            var out = conjunctionsCSVHeader + "\n"
            for r in rows { out += r.3 + "\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}

/// The longest conjunction screening, days.
let maximumScreeningDays = 366.0

/// Parses `1d`, `6h`, `90m`, `30s` (a positive number and a unit, at most ``maximumScreeningDays``).
func parseDuration(_ text: String) throws -> Duration {
    let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
    guard let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value > 0,
          value.isFinite
    else {
        throw CommandFailure(description: "--duration: expected a positive number with d, h, m or s, got \"\(text)\"")
    }
    let seconds = value * scale
    // A screening over more than a year says nothing an element set can support, and would run for days.
    guard seconds <= maximumScreeningDays * 86_400 else {
        throw CommandFailure(description: "--duration: at most \(Int(maximumScreeningDays)) days, got \"\(text)\"")
    }
    return .seconds(Int64(seconds.rounded(.down))) + .nanoseconds(Int64(((seconds - seconds.rounded(.down)) * 1e9).rounded()))
}

/// Parses `K/N` (K from 1) into a shard.
func parseShard(_ text: String?) throws -> ScreeningShard {
    guard let text else { return .whole }
    let parts = text.split(separator: "/")
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
        throw CommandFailure(description: "--shard: expected K/N such as 2/4, got \"\(text)\"")
    }
    do {
        return try ScreeningShard(index: k - 1, count: n)
    } catch {
        throw CommandFailure(description: "--shard: \(text): K must be 1 … N")
    }
}

/// Writes conjunctions as CSV, JSON or a table on standard output.
func writeConjunctions(_ events: [Conjunction], format: OutputFormat) {
    var out = ""
    switch format {
    case .csv:
        out += conjunctionsCSVHeader + "\n"
        for e in events {
            out += "\(e.catalogNumber1.rawValue),\(e.catalogNumber2.rawValue),\(e.timeOfClosestApproach.iso8601(fractionDigits: 3)),"
            out += "\(fixed(e.missDistanceKm, digits: 6)),\(fixed(e.relativeSpeedKmPerS, digits: 6)),"
            out += "\(fixed(e.radialKm, digits: 6)),\(fixed(e.inTrackKm, digits: 6)),\(fixed(e.crossTrackKm, digits: 6)),"
            out += "\(scientific(e.maximumProbability))\n"
        }
    case .json:
        out += "["
        for (k, e) in events.enumerated() {
            out += k == 0 ? "\n" : ",\n"
            out += "  {\"catalog_number_1\": \(e.catalogNumber1.rawValue), \"catalog_number_2\": \(e.catalogNumber2.rawValue), "
            out += "\"tca\": \(jsonString(e.timeOfClosestApproach.iso8601(fractionDigits: 3))), "
            out += "\"miss_km\": \(fixed(e.missDistanceKm, digits: 6)), \"relative_speed_km_s\": \(fixed(e.relativeSpeedKmPerS, digits: 6)), "
            out += "\"radial_km\": \(fixed(e.radialKm, digits: 6)), \"in_track_km\": \(fixed(e.inTrackKm, digits: 6)), "
            out += "\"cross_track_km\": \(fixed(e.crossTrackKm, digits: 6)), \"max_probability\": \(scientific(e.maximumProbability))}"
        }
        out += events.isEmpty ? "]\n" : "\n]\n"
    case .table:
        out += "   cat 1     cat 2  TCA (UTC)                    miss km   km/s   radial  in-track  cross-tr  max prob\n"
        for e in events {
            out += leftPadded(String(e.catalogNumber1.rawValue), 8) + "  " + leftPadded(String(e.catalogNumber2.rawValue), 8)
            out += "  " + e.timeOfClosestApproach.iso8601(fractionDigits: 3)
            out += leftPadded(fixed(e.missDistanceKm, digits: 3), 10) + leftPadded(fixed(e.relativeSpeedKmPerS, digits: 3), 8)
            out += leftPadded(fixed(e.radialKm, digits: 3), 9) + leftPadded(fixed(e.inTrackKm, digits: 3), 10)
            out += leftPadded(fixed(e.crossTrackKm, digits: 3), 10) + leftPadded(scientific(e.maximumProbability), 11) + "\n"
        }
    }
    FileHandle.standardOutput.write(Data(out.utf8))
}

/// A probability in scientific notation with four significant digits (`1.234e-05`), without Foundation
/// formatting.
func scientific(_ value: Double) -> String {
    guard value > 0, value.isFinite else { return value == 0 ? "0" : "nan" }
    var exponent = Int(log10(value).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    if (mantissa * 1000).rounded() >= 10_000 { mantissa /= 10; exponent += 1 }
    let sign = exponent < 0 ? "-" : "+"
    let e = abs(exponent)
    return fixed(mantissa, digits: 3) + "e" + sign + (e < 10 ? "0" : "") + String(e)
}
