import ArgumentParser
import Perigee

/// `perigee propagate`: SGP4/SDP4 states for element sets at minutes since epoch or at absolute times.
struct PropagateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propagate",
        abstract: "Propagate element sets with SGP4/SDP4.",
        discussion: """
            Give either --minutes (minutes since each element set's own epoch: values and start:stop:step ranges, \
            a range includes stop itself) or --start, --end and --step (absolute UTC times). When propagation \
            fails, one row carries the minute of the failure and the SGP4 error code (1-6) in `error`, and that \
            element set has no later rows; a failure at initialisation is reported at the first requested minute.
            """
    )

    /// Coordinate frame of the output.
    enum Frame: String, ExpressibleByArgument, CaseIterable {
        case teme, itrf, geodetic
    }

    @Argument(help: "Element-set file (TLE, 3LE, OMM XML/JSON/CSV/KVN; .gz and .xz too).")
    var file: String

    @Option(name: .customLong("catalog-number"), help: "Only this catalog number (digits or Alpha-5; repeatable).",
            transform: catalogNumberArgument)
    var catalogNumbers: [Int] = []

    @Option(help: "Minutes since epoch: comma-separated values and start:stop:step ranges.")
    var minutes: String?

    @Option(help: "First time (ISO 8601, UTC unless a zone is given).")
    var start: String?

    @Option(help: "Last time (ISO 8601).")
    var end: String?

    @Option(help: "Step between --start and --end, in seconds.")
    var step: Double?

    @Option(help: "Output frame: teme, itrf or geodetic.")
    var frame: Frame = .teme

    @Option(help: "Output format: csv, json or table.")
    var format: OutputFormat = .csv

    func validate() throws {
        let absolute = start != nil || end != nil || step != nil
        if minutes != nil && absolute {
            throw ValidationError("Give either --minutes or --start/--end/--step, not both.")
        }
        if minutes == nil && !(start != nil && end != nil && step != nil) {
            throw ValidationError("Give --minutes, or all of --start, --end and --step.")
        }
    }

    func run() throws {
        do {
            try propagateAll()
        } catch let failure as CommandFailure {
            printToStandardError("error: \(failure)")
            throw ExitCode(2)
        }
    }

    private func propagateAll() throws {
        let sets = try loadElementSets(path: file, catalogNumbers: catalogNumbers)
        let times: TimeSelection
        if let minutes {
            times = .minutes(try parseMinutesList(minutes))
        } else if let start, let end, let step {
            times = .instants(try instantGrid(start: try parseInstant(start, option: "--start"),
                                              end: try parseInstant(end, option: "--end"), stepSeconds: step))
        } else {
            throw CommandFailure(description: "no times given")
        }
        var writer = RowWriter(frame: frame, format: format)
        writer.begin()
        for set in sets {
            propagate(set, times: times, writer: &writer)
        }
        writer.finish()
    }

    private func propagate(_ set: ElementSet, times: TimeSelection, writer: inout RowWriter) {
        let offsets: [Double]
        switch times {
        case .minutes(let list): offsets = list
        case .instants(let list): offsets = list.map { $0.minutes(since: set.epoch) }
        }
        let propagator: SGP4Propagator
        do {
            propagator = try SGP4Propagator(set)
        } catch {
            if let first = offsets.first { writer.failure(set, minutes: first, code: error.code) }
            return
        }
        for (index, minute) in offsets.enumerated() {
            let instant: Instant
            switch times {
            case .minutes: instant = set.epoch.adding(minutes: minute)
            case .instants(let list): instant = list[index]
            }
            do {
                let state = try propagator.state(minutesSinceEpoch: minute)
                writer.row(set, minutes: minute, instant: instant, state: state)
            } catch {
                writer.failure(set, minutes: minute, code: error.code)
                return
            }
        }
    }
}

/// The times requested: offsets from each element set's epoch, or absolute instants.
enum TimeSelection {
    case minutes([Double])
    case instants([Instant])
}

/// Writes propagation rows as CSV, JSON or an aligned table, streaming to standard output.
struct RowWriter {
    let frame: PropagateCommand.Frame
    let format: OutputFormat
    private var rowsWritten = 0
    private var buffer = ""

    init(frame: PropagateCommand.Frame, format: OutputFormat) {
        self.frame = frame
        self.format = format
    }

    private var columns: [String] {
        frame == .geodetic
            ? ["catalog_number", "minutes", "time_utc", "latitude_deg", "longitude_deg", "height_km", "error"]
            : ["catalog_number", "minutes", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s", "error"]
    }

    mutating func begin() {
        switch format {
        case .csv: emit(columns.joined(separator: ","))
        case .json: buffer += "["
        case .table: emit(tableLine(columns))
        }
    }

    mutating func row(_ set: ElementSet, minutes: Double, instant: Instant, state: StateVector<TEME>) {
        var fields = [set.catalogNumber.description, fixed(minutes, digits: 8)]
        switch frame {
        case .teme:
            fields += vectorFields(state.positionKm, state.velocityKmPerS)
        case .itrf:
            let itrs = state.itrs(at: instant)
            fields += vectorFields(itrs.positionKm, itrs.velocityKmPerS)
        case .geodetic:
            let geodetic = state.itrs(at: instant).geodetic
            fields += [instant.iso8601(fractionDigits: 3), fixed(geodetic.latitudeDeg, digits: 9),
                       fixed(geodetic.longitudeDeg, digits: 9), fixed(geodetic.heightKm, digits: 9)]
        }
        fields.append("")
        write(fields)
    }

    mutating func failure(_ set: ElementSet, minutes: Double, code: Int) {
        var fields = [set.catalogNumber.description, fixed(minutes, digits: 8)]
        fields += Array(repeating: "", count: columns.count - 3)
        fields.append(String(code))
        write(fields)
    }

    private func vectorFields(_ r: Vector3, _ v: Vector3) -> [String] {
        [fixed(r.x, digits: 9), fixed(r.y, digits: 9), fixed(r.z, digits: 9),
         fixed(v.x, digits: 12), fixed(v.y, digits: 12), fixed(v.z, digits: 12)]
    }

    private mutating func write(_ fields: [String]) {
        switch format {
        case .csv:
            emit(fields.joined(separator: ","))
        case .table:
            emit(tableLine(fields))
        case .json:
            var object: [String] = []
            for (name, value) in zip(columns, fields) {
                let rendered: String
                if value.isEmpty {
                    rendered = "null"
                } else if name == "time_utc" {
                    rendered = jsonString(value)
                } else {
                    rendered = value
                }
                object.append("\(jsonString(name)):\(rendered)")
            }
            buffer += (rowsWritten == 0 ? "\n" : ",\n") + "{" + object.joined(separator: ",") + "}"
            flushIfLarge()
        }
        rowsWritten += 1
    }

    private func tableLine(_ fields: [String]) -> String {
        let widths = frame == .geodetic ? [9, 16, 24, 15, 15, 14, 5] : [9, 16, 18, 18, 18, 16, 16, 16, 5]
        return zip(fields, widths).map { leftPadded($0, $1) }.joined(separator: " ")
    }

    private mutating func emit(_ line: String) {
        buffer += line
        buffer += "\n"
        flushIfLarge()
    }

    private mutating func flushIfLarge() {
        if buffer.utf8.count > 1 << 16 {
            print(buffer, terminator: "")
            buffer = ""
        }
    }

    mutating func finish() {
        if format == .json { buffer += rowsWritten == 0 ? "]\n" : "\n]\n" }
        print(buffer, terminator: "")
        buffer = ""
    }
}
