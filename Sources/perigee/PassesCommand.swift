import ArgumentParser
import Perigee

/// `perigee passes`: rise, culmination and set of objects over a site.
struct PassesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passes",
        abstract: "Predict passes over a site: rise, culmination and set, sunlit and visible flags.",
        discussion: """
            Elevation is geometric (no refraction) above the WGS84 ellipsoid-normal horizon; UT1 = UTC; the Earth's \
            shadow is a sphere of radius 6378.1366 km with a point Sun. A pass is visible when the object is sunlit \
            and the Sun is below -6° at the site, both at culmination. A pass already under way at --start has a \
            null rise, and one still under way at --end a null set. Times are UTC.
            """
    )

    @Argument(help: "Element-set file (any supported format).")
    var file: String

    @OptionGroup var observer: SiteOptions

    @Option(help: "Window start (ISO 8601).")
    var start: String

    @Option(help: "Window end (ISO 8601).")
    var end: String

    @Option(name: .customLong("min-elevation"), help: "Minimum elevation in degrees.")
    var minElevation: Double = 0

    @Option(name: .customLong("catalog-number"), help: "Only this catalog number (digits or Alpha-5; repeatable).",
            transform: catalogNumberArgument)
    var catalogNumbers: [Int] = []

    @Flag(help: "Only passes visible to the eye (sunlit object, Sun below -6°).")
    var visible = false

    @Option(help: "Worker threads.")
    var threads: Int = 2

    @Option(help: "Output format: json, csv or table.")
    var format: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            let site = try observer.resolve()
            let from = try parseInstant(start, option: "--start")
            let to = try parseInstant(end, option: "--end")
            guard to > from else { throw CommandFailure(description: "--end must be after --start") }
            guard minElevation.isFinite, (-5...90).contains(minElevation) else {
                throw CommandFailure(description: "--min-elevation must be between -5 and 90 degrees")
            }
            let propagators = makePropagators(try loadElementSets(path: file, catalogNumbers: catalogNumbers))
            let finder = PassFinder(site: site, minimumElevationDeg: minElevation)
            let search = finder.search(propagators, from: from, to: to, threads: max(1, threads))
            for failure in search.failures {
                printToStandardError("warning: catalog number \(failure.catalogNumber): \(failure.error)")
            }
            var passes = search.passes
            if visible { passes = passes.filter(\.isVisibleAtCulmination) }
            passes.sort { ($0.rise?.instant ?? $0.culmination.instant) < ($1.rise?.instant ?? $1.culmination.instant) }
            let byNumber = Dictionary(propagators.map { ($0.elementSet.catalogNumber, $0) }, uniquingKeysWith: { a, _ in a })
            switch format {
            case .json: print(passesJSON(passes))
            case .csv: print(passesCSV(passes), terminator: "")
            case .table: print(passesTable(passes, site: site, propagators: byNumber), terminator: "")
            }
        }
    }

    private func eventJSON(_ event: PassEvent?) -> String {
        guard let event else { return "null" }
        return "{\"time\":\"\(event.instant.iso8601(fractionDigits: 3))\",\"azimuth_deg\":\(fixed(event.azimuthDeg, digits: 6)),"
            + "\"elevation_deg\":\(fixed(event.elevationDeg, digits: 6))}"
    }

    private func passesJSON(_ passes: [Pass]) -> String {
        let objects = passes.map { pass -> String in
            let c = pass.culmination
            let culmination = "{\"time\":\"\(c.instant.iso8601(fractionDigits: 3))\",\"azimuth_deg\":\(fixed(c.azimuthDeg, digits: 6)),"
                + "\"elevation_deg\":\(fixed(c.elevationDeg, digits: 6)),\"range_km\":\(fixed(c.rangeKm, digits: 6)),"
                + "\"sunlit\":\(c.isSunlit),\"sun_elevation_deg\":\(fixed(c.sunElevationDeg, digits: 4))}"
            return "{\"catalog_number\":\(pass.catalogNumber.rawValue),\"name\":\(pass.objectName.map(jsonString) ?? "null"),"
                + "\"rise\":\(eventJSON(pass.rise)),\"culmination\":\(culmination),\"set\":\(eventJSON(pass.set)),"
                + "\"visible\":\(pass.isVisibleAtCulmination)}"
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    private func passesCSV(_ passes: [Pass]) -> String {
        var text = "catalog_number,name,rise_time,rise_azimuth_deg,rise_elevation_deg,culmination_time,"
            + "culmination_azimuth_deg,culmination_elevation_deg,culmination_range_km,sunlit,sun_elevation_deg,"
            + "set_time,set_azimuth_deg,set_elevation_deg,visible\n"
        func event(_ e: PassEvent?) -> [String] {
            guard let e else { return ["", "", ""] }
            return [e.instant.iso8601(fractionDigits: 3), fixed(e.azimuthDeg, digits: 6), fixed(e.elevationDeg, digits: 6)]
        }
        for pass in passes {
            let c = pass.culmination
            let name = (pass.objectName ?? "").replacingCharacters(",", with: " ")
            let fields = [pass.catalogNumber.description, name] + event(pass.rise)
                + [c.instant.iso8601(fractionDigits: 3), fixed(c.azimuthDeg, digits: 6), fixed(c.elevationDeg, digits: 6),
                   fixed(c.rangeKm, digits: 6), String(c.isSunlit), fixed(c.sunElevationDeg, digits: 4)]
                + event(pass.set) + [String(pass.isVisibleAtCulmination)]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    private func passesTable(_ passes: [Pass], site: Site, propagators: [CatalogNumber: SGP4Propagator]) -> String {
        var text = "Passes over \(site) (times UTC; * = visible to the eye; mag. where a standard magnitude is known)\n"
        text += "Date        Object                         Rise          Az       Culmination    El     Az       "
            + "Set           Az       Mag   Vis\n"
        func clock(_ e: PassEvent?) -> String {
            guard let e else { return "  --:--:--  " }
            let iso = e.instant.iso8601(fractionDigits: 0)
            return "  " + String(iso.dropFirst(11).prefix(8)) + "  "
        }
        func azimuth(_ e: PassEvent?) -> String {
            guard let e else { return "  ---    " }
            return leftPadded(String(Int(e.azimuthDeg.rounded()) % 360), 4) + " " + compassPoint(e.azimuthDeg)
                .padding(3)
        }
        for pass in passes {
            let c = pass.culmination
            // The date of the first time the row shows: a pass cut by --end culminates at the window's end, which may
            // be the next day.
            let date = String((pass.rise?.instant ?? c.instant).iso8601(fractionDigits: 0).prefix(10))
            let label = "\(pass.objectName ?? "") [\(pass.catalogNumber)]"
            var magnitude = "   -- "
            if c.isSunlit, let standard = VisualMagnitude.standardMagnitude(of: pass.catalogNumber),
               let propagator = propagators[pass.catalogNumber],
               let state = try? propagator.state(at: c.instant),
               let estimate = VisualMagnitude.estimate(standardMagnitude: standard, objectTEME: state, site: site,
                                                      at: c.instant) {
                magnitude = leftPadded(fixed(estimate, digits: 1), 5) + " "
            }
            text += date + "  " + String(label.prefix(30)).padding(30) + clock(pass.rise) + azimuth(pass.rise)
                + clock(c) + leftPadded(fixed(c.elevationDeg, digits: 1), 5) + "° " + azimuth(c)
                + clock(pass.set) + azimuth(pass.set) + magnitude + (pass.isVisibleAtCulmination ? "  *" : "")
                + "\n"
        }
        if passes.isEmpty { text += "(no passes)\n" }
        return text
    }
}

extension String {
    /// The string padded on the right with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// The string with every `character` replaced by `replacement`.
    func replacingCharacters(_ character: Character, with replacement: Character) -> String {
        String(map { $0 == character ? replacement : $0 })
    }
}
