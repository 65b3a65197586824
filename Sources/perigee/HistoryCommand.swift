#if canImport(Catalog)
import ArgumentParser
import Foundation
import Perigee

/// `perigee history`: every stored element set of one object.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every stored element set of one object, oldest first.",
        discussion: "Heights are mean perigee and apogee above the WGS-72 equatorial radius. The data's age goes to standard error."
    )

    /// The names of the CSV columns and JSON keys, the same in both (and as the HTTP service names them).
    static let columns = ["catalog_number", "epoch", "element_set_number", "mean_motion_rev_per_day", "eccentricity",
                          "inclination_deg", "ra_of_asc_node_deg", "arg_of_pericenter_deg", "mean_anomaly_deg", "bstar",
                          "perigee_km", "apogee_km", "source"]

    @Argument(help: "Catalog number (up to 9 digits, or Alpha-5 such as T0000).", transform: catalogNumberArgument)
    var catalogNumber: Int

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingCatalogFailures {
            guard let number = CatalogNumber(catalogNumber) else {
                throw CommandFailure(description: "catalog number \(catalogNumber) is outside 1...\(CatalogNumber.maximum)")
            }
            let (store, _) = try await database.openStore()
            let history: [StoredElementSet]
            let started = Date()
            do {
                history = try await store.history(of: number)
            } catch {
                await store.close()
                throw error
            }
            let readSeconds = Date().timeIntervalSince(started)
            let age = await dataAgeLine(store)
            await store.close()
            guard !history.isEmpty else {
                throw CommandFailure(description: "no element sets stored for catalog number \(catalogNumber)")
            }
            switch format {
            case .csv:
                print(Self.columns.joined(separator: ","))
                for stored in history {
                    let s = stored.elementSet
                    let h = LaunchVerdict.heights(of: s)
                    let fields: [String] = [
                        s.catalogNumber.description, s.epoch.iso8601(fractionDigits: 6), String(s.elementSetNumber),
                        "\(s.meanMotionRevPerDay)", "\(s.eccentricity)", "\(s.inclinationDeg)",
                        "\(s.rightAscensionOfAscendingNodeDeg)", "\(s.argumentOfPericenterDeg)", "\(s.meanAnomalyDeg)",
                        "\(s.bstarPerEarthRadii)", fixed(h.perigeeKm, digits: 3), fixed(h.apogeeKm, digits: 3),
                        csvField(stored.source),
                    ]
                    print(fields.joined(separator: ","))
                }
            case .json:
                print("[")
                for (index, stored) in history.enumerated() {
                    let s = stored.elementSet
                    let h = LaunchVerdict.heights(of: s)
                    let values = [String(s.catalogNumber.rawValue), jsonString(s.epoch.iso8601(fractionDigits: 6)),
                                  String(s.elementSetNumber), "\(s.meanMotionRevPerDay)", "\(s.eccentricity)",
                                  "\(s.inclinationDeg)", "\(s.rightAscensionOfAscendingNodeDeg)",
                                  "\(s.argumentOfPericenterDeg)", "\(s.meanAnomalyDeg)", "\(s.bstarPerEarthRadii)",
                                  fixed(h.perigeeKm, digits: 3), fixed(h.apogeeKm, digits: 3), jsonString(stored.source)]
                    let members = zip(Self.columns, values).map { "\"\($0)\":\($1)" }.joined(separator: ",")
                    print("  {\(members)}" + (index == history.count - 1 ? "" : ","))
                }
                print("]")
            case .table:
                print("epoch (UTC)                  set   n (rev/d)      ecc      inc (°)  perigee km  apogee km")
                for stored in history {
                    let s = stored.elementSet
                    let h = LaunchVerdict.heights(of: s)
                    print([s.epoch.iso8601(fractionDigits: 6).padding(27), String(s.elementSetNumber).leftPadding(4),
                           fixed(s.meanMotionRevPerDay, digits: 8).leftPadding(12), fixed(s.eccentricity, digits: 7).leftPadding(10),
                           fixed(s.inclinationDeg, digits: 4).leftPadding(9), fixed(h.perigeeKm, digits: 1).leftPadding(10),
                           fixed(h.apogeeKm, digits: 1).leftPadding(10)].joined(separator: "  "))
                }
                print("\(history.count) element sets")
            }
            printToStandardError(age)
            printToStandardError("timing: read \(history.count) element sets in \(fixed(readSeconds * 1000, digits: 1)) ms")
        }
    }
}

/// One object's element sets from the store, oldest first, with the data-age line to print on standard error.
///
/// - Throws: ``CommandFailure`` for a catalog number out of range or an object without stored sets;
///   ``CatalogError`` when the store fails.
func storedHistory(_ catalogNumber: Int, database: DatabaseOptions) async throws -> (sets: [ElementSet], age: String) {
    guard let number = CatalogNumber(catalogNumber) else {
        throw CommandFailure(description: "catalog number \(catalogNumber) is outside 1...\(CatalogNumber.maximum)")
    }
    let (store, _) = try await database.openStore()
    let history: [StoredElementSet]
    do {
        history = try await store.history(of: number)
    } catch {
        await store.close()
        throw error
    }
    let age = await dataAgeLine(store)
    await store.close()
    guard !history.isEmpty else {
        throw CommandFailure(description: "no element sets stored for catalog number \(catalogNumber) in \(store.locationDescription)")
    }
    return (history.map(\.elementSet), age)
}

/// A CSV field, quoted when it holds a comma, quote or newline.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + String(text.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
}

extension String {
    /// The string padded with spaces on the left to `width`.
    func leftPadding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
#endif
