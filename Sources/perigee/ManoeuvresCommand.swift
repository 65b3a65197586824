import ArgumentParser
import Perigee

/// `perigee manoeuvres`: manoeuvres found in element-set histories.
struct ManoeuvresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manoeuvres",
        abstract: "Find manoeuvres in element-set histories (a history file, or one object's history in the store).",
        discussion: """
            Each object's sets are sorted, duplicates and re-issues (same epoch) dropped, and thresholds are taken \
            from the object's own noise. Reported: persistent steps of semi-major axis and inclination (in-plane \
            ones confirmed by the along-track motion SGP4 shows, plane changes by the node's J2 precession), steps \
            the sets absorb over several issues, raise-and-lower pairs, small burns seen as kinks of the along-track \
            motion (a raise, which drag never makes, needs a lower score when it is several times the object's \
            typical change; kinks are timed with the lateness the same fits show at the object's nearest steps), \
            burn pairs that cancel but leave the object shifted along track (Δv: the smallest that explains the \
            shift), and orbit raising spread over days (electric propulsion). Each comes with its time (where the \
            propagated orbits separate, where they show it), kind, Δv and confidence. JSON: an array of {"catalog_number", "time", \
            "kind", "delta_v_m_s", "confidence"}. With --catalog-number the history is read from the store and the \
            data's age goes to standard error.
            """
    )

    @OptionGroup var source: HistorySource

    @Option(help: "Output format: json, csv or table.")
    var format: OutputFormat = .table

    func run() async throws {
        let stored = try await source.storedSets()
        var sets = stored?.sets ?? []
        let age = stored?.age
        try reportingFailures {
            if let file = source.file { sets = try loadElementSets(path: file) }
            let found = ManoeuvreDetector().manoeuvres(in: sets)
            switch format {
            case .json:
                let items = found.map { m in
                    "{\"catalog_number\": \(m.catalogNumber.rawValue), \"time\": \(jsonString(m.time.iso8601(fractionDigits: 0))), "
                        + "\"kind\": \(jsonString(m.kind.rawValue)), \"delta_v_m_s\": \(fixed(m.deltaVMetresPerSecond, digits: 4)), "
                        + "\"confidence\": \(fixed(m.confidence, digits: 3))}"
                }
                print(items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "\n]")
            case .csv:
                print("catalog_number,time,kind,delta_v_m_s,confidence")
                for m in found {
                    print("\(m.catalogNumber.rawValue),\(m.time.iso8601(fractionDigits: 0)),\(m.kind.rawValue),"
                        + "\(fixed(m.deltaVMetresPerSecond, digits: 4)),\(fixed(m.confidence, digits: 3))")
                }
            case .table:
                print("catalog  time (UTC)            kind          Δv (m/s)  confidence")
                for m in found {
                    print(leftPadded(String(m.catalogNumber.rawValue), 7) + "  " + m.time.iso8601(fractionDigits: 0)
                        + "  " + m.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                        + leftPadded(fixed(m.deltaVMetresPerSecond, digits: 3), 10)
                        + leftPadded(fixed(m.confidence, digits: 2), 12))
                }
                print("\(found.count) manoeuvre\(found.count == 1 ? "" : "s")")
            }
            if let age { printToStandardError(age) }
        }
    }
}
