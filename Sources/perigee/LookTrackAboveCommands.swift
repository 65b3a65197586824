import ArgumentParser
import Perigee

/// Finds the one element set a command is about, or fails with a clear message.
func singleElementSet(path: String, catalogNumber: Int) throws -> SGP4Propagator {
    let sets = try loadElementSets(path: path, catalogNumbers: [catalogNumber])
    // The most recent element set of the object, if the file holds a history.
    guard let set = sets.max(by: { $0.epoch < $1.epoch }) else {
        throw CommandFailure(description: "\(path): no element set for catalog number \(catalogNumber)")
    }
    do {
        return try SGP4Propagator(set)
    } catch {
        throw CommandFailure(description: "catalog number \(catalogNumber): \(error)")
    }
}

/// `perigee look`: look angles, range, range-rate and Doppler from a site at one instant.
struct LookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "look",
        abstract: "Azimuth, elevation, range, range-rate and Doppler of one object from a site at one time.",
        discussion: """
            Azimuth is clockwise from true north, elevation geometric above the ellipsoid-normal horizon (no \
            refraction). The Doppler shift is first order, -f * range-rate / c; the frequency to tune is f + shift.
            """
    )

    @Argument(help: "Element-set file.")
    var file: String

    @Option(name: .customLong("catalog-number"), help: "The object (digits or Alpha-5).", transform: catalogNumberArgument)
    var catalogNumber: Int

    @OptionGroup var observer: SiteOptions

    @Option(help: "The time (ISO 8601).")
    var at: String

    @Option(name: .customLong("frequency-mhz"), help: "Transmitter frequency in MHz, for the Doppler shift.")
    var frequencyMHz: Double?

    @Option(help: "Output format: json or table.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            if let frequencyMHz, !(frequencyMHz > 0 && frequencyMHz <= 1e7) {
                throw CommandFailure(description: "--frequency-mhz must be a frequency above 0 and at most 10,000,000 MHz "
                                     + "(10 THz), got \(frequencyMHz)")
            }
            let site = try observer.resolve()
            let instant = try parseInstant(at, option: "--at")
            let propagator = try singleElementSet(path: file, catalogNumber: catalogNumber)
            let state: StateVector<TEME>
            do {
                state = try propagator.state(at: instant)
            } catch {
                throw CommandFailure(description: "catalog number \(catalogNumber): \(error)")
            }
            let look = site.lookAngles(to: state, at: instant)
            let sun = SolarSystem.sunPositionTEME(at: instant, apparent: false)
            let sunlit = ShadowModel.sphericalPointSun.illumination(objectKm: state.positionKm, sunKm: sun).isSunlit
            let sunElevation = site.sunLookAngles(at: instant).elevationDeg
            let point = GroundTrack.subsatellitePoint(of: state, at: instant)
            let age = instant.seconds(since: propagator.elementSet.epoch) / 86_400
            var rows: [(String, String, String)] = [
                ("time", "\"\(instant.iso8601(fractionDigits: 3))\"", instant.iso8601(fractionDigits: 3)),
                ("azimuth_deg", fixed(look.azimuthDeg, digits: 6), fixed(look.azimuthDeg, digits: 4) + "° " + compassPoint(look.azimuthDeg)),
                ("elevation_deg", fixed(look.elevationDeg, digits: 6), fixed(look.elevationDeg, digits: 4) + "°"),
                ("range_km", fixed(look.rangeKm, digits: 6), fixed(look.rangeKm, digits: 3) + " km"),
                ("range_rate_km_s", fixed(look.rangeRateKmPerS, digits: 9), fixed(look.rangeRateKmPerS, digits: 6) + " km/s"),
            ]
            if let frequencyMHz {
                let hz = frequencyMHz * 1e6
                let shift = look.dopplerShiftHz(frequencyHz: hz)
                rows.append(("doppler_shift_hz", fixed(shift, digits: 3), fixed(shift, digits: 1) + " Hz"))
                rows.append(("received_frequency_mhz", fixed((hz + shift) / 1e6, digits: 9),
                             fixed((hz + shift) / 1e6, digits: 6) + " MHz"))
            }
            rows += [
                ("sunlit", String(sunlit), sunlit ? "yes" : "no (in the Earth's shadow)"),
                ("sun_elevation_deg", fixed(sunElevation, digits: 4), fixed(sunElevation, digits: 2) + "°"),
                ("subpoint_latitude_deg", fixed(point.latitudeDeg, digits: 6), fixed(point.latitudeDeg, digits: 4) + "°"),
                ("subpoint_longitude_deg", fixed(point.longitudeDeg, digits: 6), fixed(point.longitudeDeg, digits: 4) + "°"),
                ("height_km", fixed(point.heightKm, digits: 6), fixed(point.heightKm, digits: 3) + " km"),
                ("element_set_age_days", fixed(age, digits: 3), fixed(age, digits: 2) + " days from epoch"),
            ]
            switch format {
            case .json:
                let head = "{\"catalog_number\":\(catalogNumber),\"name\":\(propagator.elementSet.objectName.map(jsonString) ?? "null"),"
                print(head + rows.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
            case .table, .csv:
                print("\(propagator.elementSet.objectName ?? "") [\(catalogNumber)] from \(site)")
                for row in rows { print(row.0.padding(24) + row.2) }
            }
        }
    }
}

/// `perigee track`: the ground track (sub-satellite points) of one object.
struct TrackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Sub-satellite points (WGS84 latitude, longitude, height) of one object over a time span."
    )

    @Argument(help: "Element-set file.")
    var file: String

    @Option(name: .customLong("catalog-number"), help: "The object (digits or Alpha-5).", transform: catalogNumberArgument)
    var catalogNumber: Int

    @Option(help: "First time (ISO 8601).")
    var start: String

    @Option(help: "Last time (ISO 8601).")
    var end: String

    @Option(help: "Step in seconds.")
    var step: Double = 60

    @Option(help: "Output format: csv, json or table.")
    var format: OutputFormat = .csv

    func run() throws {
        try reportingFailures {
            let from = try parseInstant(start, option: "--start")
            let to = try parseInstant(end, option: "--end")
            let instants = try instantGrid(start: from, end: to, stepSeconds: step)
            let propagator = try singleElementSet(path: file, catalogNumber: catalogNumber)
            var points: [SubsatellitePoint] = []
            var failure: (any Error)?
            for instant in instants {
                do {
                    let state = try propagator.state(at: instant)
                    points.append(GroundTrack.subsatellitePoint(of: state, at: instant))
                } catch {
                    failure = error
                    break
                }
            }
            switch format {
            case .csv:
                print("catalog_number,time_utc,latitude_deg,longitude_deg,height_km")
                for p in points {
                    print("\(catalogNumber),\(p.instant.iso8601(fractionDigits: 3)),\(fixed(p.latitudeDeg, digits: 6)),"
                          + "\(fixed(p.longitudeDeg, digits: 6)),\(fixed(p.heightKm, digits: 6))")
                }
            case .json:
                let rows = points.map {
                    "{\"time\":\"\($0.instant.iso8601(fractionDigits: 3))\",\"latitude_deg\":\(fixed($0.latitudeDeg, digits: 6)),"
                        + "\"longitude_deg\":\(fixed($0.longitudeDeg, digits: 6)),\"height_km\":\(fixed($0.heightKm, digits: 6))}"
                }
                print("{\"catalog_number\":\(catalogNumber),\"points\":[" + rows.joined(separator: ",\n") + "]}")
            case .table:
                print("Time (UTC)                  Latitude     Longitude    Height km")
                for p in points {
                    print(p.instant.iso8601(fractionDigits: 3).padding(26) + leftPadded(fixed(p.latitudeDeg, digits: 4), 10)
                          + leftPadded(fixed(p.longitudeDeg, digits: 4), 13) + leftPadded(fixed(p.heightKm, digits: 3), 13))
                }
            }
            if let failure { printToStandardError("warning: propagation stopped: \(failure)") }
        }
    }
}

/// `perigee above`: every object above a site at one instant.
struct AboveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "above",
        abstract: "List the objects above a site at one time, highest first."
    )

    @OptionGroup var observer: SiteOptions

    @Argument(help: "Element-set file (a whole catalog is fine).")
    var file: String

    @Option(help: "The time (ISO 8601).")
    var at: String

    @Option(name: .customLong("min-elevation"), help: "Minimum elevation in degrees.")
    var minElevation: Double = 0

    @Option(help: "Worker threads.")
    var threads: Int = 2

    @Option(help: "Output format: csv, json or table.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            guard minElevation.isFinite, (-90...90).contains(minElevation) else {
                throw CommandFailure(description: "--min-elevation must be between -90 and 90 degrees")
            }
            let site = try observer.resolve()
            let instant = try parseInstant(at, option: "--at")
            let propagators = makePropagators(try loadElementSets(path: file))
            let objects = OverheadFinder(site: site, minimumElevationDeg: minElevation)
                .objects(among: propagators, at: instant, threads: max(1, threads))
            switch format {
            case .csv:
                print("catalog_number,name,azimuth_deg,elevation_deg,range_km,range_rate_km_s")
                for o in objects {
                    let name = (o.objectName ?? "").replacingCharacters(",", with: " ")
                    print("\(o.catalogNumber),\(name),\(fixed(o.lookAngles.azimuthDeg, digits: 6)),"
                          + "\(fixed(o.lookAngles.elevationDeg, digits: 6)),\(fixed(o.lookAngles.rangeKm, digits: 6)),"
                          + "\(fixed(o.lookAngles.rangeRateKmPerS, digits: 9))")
                }
            case .json:
                let rows = objects.map {
                    "{\"catalog_number\":\($0.catalogNumber.rawValue),\"name\":\($0.objectName.map(jsonString) ?? "null"),"
                        + "\"azimuth_deg\":\(fixed($0.lookAngles.azimuthDeg, digits: 6)),"
                        + "\"elevation_deg\":\(fixed($0.lookAngles.elevationDeg, digits: 6)),"
                        + "\"range_km\":\(fixed($0.lookAngles.rangeKm, digits: 6)),"
                        + "\"range_rate_km_s\":\(fixed($0.lookAngles.rangeRateKmPerS, digits: 9))}"
                }
                print("[" + rows.joined(separator: ",\n") + "]")
            case .table:
                print("\(objects.count) objects above \(fixed(minElevation, digits: 1))° at \(site), \(instant.iso8601(fractionDigits: 0))")
                print("Catalog    Name                          Az            El       Range km")
                for o in objects {
                    print(leftPadded(o.catalogNumber.description, 9) + "  " + String((o.objectName ?? "").prefix(28)).padding(28)
                          + leftPadded(fixed(o.lookAngles.azimuthDeg, digits: 1), 7) + " " + compassPoint(o.lookAngles.azimuthDeg).padding(4)
                          + leftPadded(fixed(o.lookAngles.elevationDeg, digits: 1), 7) + "°"
                          + leftPadded(fixed(o.lookAngles.rangeKm, digits: 1), 12))
                }
            }
        }
    }
}
