import ArgumentParser
import Foundation
import Perigee

/// `perigee diff`: what changed between two catalog snapshots.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two catalog snapshots (two files, or the store at two dates): new, decayed, vanished and manoeuvred objects.",
        discussion: """
            Manoeuvred: the older set propagated with SGP4 to the newer epoch differs, averaged over one orbit, by \
            a rise of more than 2 km + 0.02 % of a in semi-major axis, a fall of more than 10 km plus three times \
            the decay SGP4 itself predicted, or more than 0.1° in inclination (0.5° above a = 12,000 km); each allowance grows by 0.03 km or \
            0.0005° per day between the two sets. Decayed: gone, with perigee below 450 km or re-entered \
            in SGP4 before the new snapshot; vanished: gone otherwise. With --from and --to the snapshots come \
            from the store: the catalog at a date is each object's latest element set at or before it whose epoch \
            is at most --stale-days older (public GP catalogs drop objects not updated for 30 days); a date alone \
            means the end of that UTC day. Two dates given in place of the files (perigee diff 2022-07-15 \
            2023-10-10) mean the same as --from and --to. A date with no element sets in the --stale-days before it \
            is an error, not an empty catalog. CSV: one row per change, with the columns change (new, decayed, \
            vanished, manoeuvred, unpropagated), catalog_number, name, epoch (the newer set's; the last one's for \
            a disappeared object), perigee_altitude_km, delta_a_km, delta_i_deg. The data's age goes to standard \
            error.
            """
    )

    @Argument(help: "Older snapshot (any supported format, .gz and .xz too), or the older date of the store.")
    var old: String?

    @Argument(help: "Newer snapshot, or the newer date of the store.")
    var new: String?

    @Option(help: "Older date of the store (ISO 8601, for example 2022-07-15 or 2022-07-15T12:00:00Z).")
    var from: String?

    @Option(help: "Newer date of the store.")
    var to: String?

    @Option(help: "With --from/--to: element sets older than this many days before a date are not in that date's catalog.")
    var staleDays: Double = 30

    #if canImport(Catalog)
    @OptionGroup var database: DatabaseOptions
    #endif

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Rows listed per category in the table (all in JSON).")
    var limit: Int = 20

    func validate() throws {
        let files = old != nil && new != nil
        let dates = from != nil && to != nil
        guard files != dates, (old == nil) == (new == nil), (from == nil) == (to == nil) else {
            throw ValidationError("give two snapshot files, or two dates (or --from DATE and --to DATE) to compare the "
                                  + "store at two dates")
        }
        guard staleDays > 0 else { throw ValidationError("--stale-days must be positive") }
    }

    /// A date option as an instant: a date alone is the end of that UTC day.
    static func instant(_ text: String, option: String) throws -> Instant {
        do {
            let instant = try Instant(iso8601: text)
            return text.contains("T") || text.contains("t") || text.contains(" ") ? instant : instant.adding(seconds: 86_400 - 1e-6)
        } catch {
            throw CommandFailure(description: "--\(option) '\(text)': \(error)")
        }
    }

    /// The two store dates to compare: --from and --to, or two positional arguments that are dates rather than
    /// files (`nil` when the arguments are files).
    func storeDates() -> (from: String, to: String)? {
        if let from, let to { return (from, to) }
        guard let old, let new else { return nil }
        func isDate(_ text: String) -> Bool {
            !FileManager.default.fileExists(atPath: text) && !text.contains("://") && (try? Instant(iso8601: text)) != nil
        }
        return isDate(old) && isDate(new) ? (old, new) : nil
    }

    func run() async throws {
        var oldSets: [ElementSet] = [], newSets: [ElementSet] = []
        var age: String?
        let dates = storeDates()
        if let from = dates?.from, let to = dates?.to {
            #if canImport(Catalog)
            try await reportingCatalogFailures {
                let start = try Self.instant(from, option: "from"), end = try Self.instant(to, option: "to")
                guard start < end else { throw CommandFailure(description: "--from must be before --to") }
                let (store, _) = try await database.openStore()
                do {
                    oldSets = try await Self.catalog(in: store, at: start, staleDays: staleDays)
                    newSets = try await Self.catalog(in: store, at: end, staleDays: staleDays)
                } catch {
                    await store.close()
                    throw error
                }
                age = await dataAgeLine(store)
                await store.close()
                for (sets, date) in [(oldSets, from), (newSets, to)] where sets.isEmpty {
                    throw CommandFailure(description: "the store holds no element sets in the \(fixed(staleDays, digits: 1)) "
                                         + "days before \(date); \(age ?? "")")
                }
            }
            #else
            printToStandardError("error: --from/--to need the catalog store, which this build does not include; pass two files")
            throw ExitCode(2)
            #endif
        }
        try reportingFailures {
            if dates == nil, let old, let new {
                oldSets = try loadElementSets(path: old)
                newSets = try loadElementSets(path: new)
            }
            let diff = CatalogDiffer().diff(old: oldSets, new: newSets)
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
            } else if format == .csv {
                print("change,catalog_number,name,epoch,perigee_altitude_km,delta_a_km,delta_i_deg")
                func row(_ fields: [String]) { print(fields.joined(separator: ",")) }
                for set in diff.newObjects {
                    row(["new", "\(set.catalogNumber.rawValue)", csvField(name(set)), set.epoch.iso8601(fractionDigits: 0),
                         "", "", ""])
                }
                for d in diff.disappeared {
                    let set = d.lastElementSet
                    row([d.reason.rawValue, "\(set.catalogNumber.rawValue)", csvField(name(set)),
                         set.epoch.iso8601(fractionDigits: 0), fixed(d.perigeeAltitudeKm, digits: 1), "", ""])
                }
                for m in diff.manoeuvred {
                    let set = m.newElementSet
                    row(["manoeuvred", "\(set.catalogNumber.rawValue)", csvField(name(set)),
                         set.epoch.iso8601(fractionDigits: 0), "", fixed(m.semiMajorAxisChangeKm, digits: 3),
                         fixed(m.inclinationChangeDeg, digits: 4)])
                }
                for number in diff.unpropagated { row(["unpropagated", "\(number.rawValue)", "", "", "", "", ""]) }
            } else {
                print("old \(s.oldObjectCount) objects, new \(s.newObjectCount): \(s.newCount) new, \(s.decayedCount) decayed, "
                    + "\(s.vanishedCount) vanished, \(s.manoeuvredCount) manoeuvred, \(s.unpropagatedCount) not propagated")
                // Each category lists at most --limit rows and says how many it left out.
                func more(_ total: Int) { if total > limit { print("  … and \(total - limit) more") } }
                print("new:")
                for set in diff.newObjects.prefix(limit) { print("  \(set.catalogNumber) \(name(set))") }
                more(diff.newObjects.count)
                print("disappeared:")
                for d in diff.disappeared.prefix(limit) {
                    print("  \(d.lastElementSet.catalogNumber) \(name(d.lastElementSet)) \(d.reason.rawValue) "
                        + "(perigee \(fixed(d.perigeeAltitudeKm, digits: 0)) km)")
                }
                more(diff.disappeared.count)
                print("manoeuvred:")
                for m in diff.manoeuvred.prefix(limit) {
                    print("  \(m.newElementSet.catalogNumber) \(name(m.newElementSet)) Δa \(fixed(m.semiMajorAxisChangeKm, digits: 2)) km "
                        + "Δi \(fixed(m.inclinationChangeDeg, digits: 3))°")
                }
                more(diff.manoeuvred.count)
                if !diff.unpropagated.isEmpty {
                    print("not propagated:")
                    for number in diff.unpropagated.prefix(limit) { print("  \(number)") }
                    more(diff.unpropagated.count)
                }
            }
            if let age { printToStandardError(age) }
        }
    }

    #if canImport(Catalog)
    /// The catalog as it stood at `instant`: each object's latest set at or before it, no older than `staleDays`.
    static func catalog(in store: any ElementSetStore, at instant: Instant, staleDays: Double) async throws -> [ElementSet] {
        try await store.latestElementSets(asOf: instant).map(\.elementSet)
            .filter { instant.seconds(since: $0.epoch) <= staleDays * 86_400 }
    }
    #endif
}
