import ArgumentParser
import Perigee

/// `perigee diff`: what changed between two catalog snapshots.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two catalog snapshots: new, decayed, vanished and manoeuvred objects.",
        discussion: """
            Manoeuvred: the older set propagated with SGP4 to the newer epoch differs, averaged over one orbit, by \
            a rise of more than 2 km + 0.02 % of a in semi-major axis, a fall of more than 10 km plus three times \
            the decay SGP4 itself predicted, or more than 0.1° in inclination (0.5° above a = 12,000 km); each allowance grows by 0.03 km or \
            0.0005° per day between the two sets. Decayed: gone, with perigee below 450 km or re-entered \
            in SGP4 before the new snapshot; vanished: gone otherwise.
            """
    )

    @Argument(help: "Older snapshot (any supported format, .gz and .xz too).")
    var old: String

    @Argument(help: "Newer snapshot.")
    var new: String

    @Option(help: "Output format: json or table.")
    var format: OutputFormat = .table

    @Option(help: "Rows listed per category in the table (all in JSON).")
    var limit: Int = 20

    func run() throws {
        try reportingFailures {
            if format == .csv { throw CommandFailure(description: "diff writes json or table") }
            let diff = CatalogDiffer().diff(old: try loadElementSets(path: old), new: try loadElementSets(path: new))
            let s = diff.summary
            func name(_ set: ElementSet) -> String { set.objectName ?? "" }
            if format == .json {
                let added = diff.newObjects.map {
                    "{\"catalog_number\": \($0.catalogNumber.rawValue), \"name\": \(jsonString(name($0))), "
                        + "\"epoch\": \(jsonString($0.epoch.iso8601(fractionDigits: 0)))}"
                }
                let gone = diff.disappeared.map {
                    "{\"catalog_number\": \($0.lastElementSet.catalogNumber.rawValue), \"name\": \(jsonString(name($0.lastElementSet))), "
                        + "\"reason\": \(jsonString($0.reason.rawValue)), "
                        + "\"last_epoch\": \(jsonString($0.lastElementSet.epoch.iso8601(fractionDigits: 0))), "
                        + "\"perigee_altitude_km\": \(fixed($0.perigeeAltitudeKm, digits: 1))}"
                }
                let moved = diff.manoeuvred.map {
                    "{\"catalog_number\": \($0.newElementSet.catalogNumber.rawValue), \"name\": \(jsonString(name($0.newElementSet))), "
                        + "\"delta_a_km\": \(fixed($0.semiMajorAxisChangeKm, digits: 3)), "
                        + "\"delta_i_deg\": \(fixed($0.inclinationChangeDeg, digits: 4))}"
                }
                print("{\"summary\": {\"old_objects\": \(s.oldObjectCount), \"new_objects\": \(s.newObjectCount), "
                    + "\"new\": \(s.newCount), \"decayed\": \(s.decayedCount), \"vanished\": \(s.vanishedCount), "
                    + "\"manoeuvred\": \(s.manoeuvredCount), \"unpropagated\": \(s.unpropagatedCount)},")
                print(" \"new\": [" + added.joined(separator: ",\n  ") + "],")
                print(" \"disappeared\": [" + gone.joined(separator: ",\n  ") + "],")
                print(" \"manoeuvred\": [" + moved.joined(separator: ",\n  ") + "],")
                print(" \"unpropagated\": [" + diff.unpropagated.map { String($0.rawValue) }.joined(separator: ", ") + "]}")
            } else {
                print("old \(s.oldObjectCount) objects, new \(s.newObjectCount): \(s.newCount) new, \(s.decayedCount) decayed, "
                    + "\(s.vanishedCount) vanished, \(s.manoeuvredCount) manoeuvred, \(s.unpropagatedCount) not propagated")
                print("new:")
                for set in diff.newObjects.prefix(limit) { print("  \(set.catalogNumber) \(name(set))") }
                print("disappeared:")
                for d in diff.disappeared.prefix(limit) {
                    print("  \(d.lastElementSet.catalogNumber) \(name(d.lastElementSet)) \(d.reason.rawValue) "
                        + "(perigee \(fixed(d.perigeeAltitudeKm, digits: 0)) km)")
                }
                print("manoeuvred:")
                for m in diff.manoeuvred.prefix(limit) {
                    print("  \(m.newElementSet.catalogNumber) \(name(m.newElementSet)) Δa \(fixed(m.semiMajorAxisChangeKm, digits: 2)) km "
                        + "Δi \(fixed(m.inclinationChangeDeg, digits: 3))°")
                }
            }
        }
    }
}
