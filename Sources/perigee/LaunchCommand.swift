#if canImport(Catalog)
import ArgumentParser
import Perigee

/// `perigee launch`: what became of each catalogued object of one launch.
struct LaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "List a launch's catalogued objects with their first and latest element sets and a verdict.",
        discussion: """
            Verdicts: in orbit, decayed (SATCAT date), short-lived (decayed within 30 days of launch), sub-orbital, \
            not catalogued yet (a SATCAT row without element sets, launched within 30 days of the data's end), no \
            public element sets (such a row launched earlier: re-entered since the SATCAT was made, or its orbit is \
            not published), presumed decayed (no set in the data's last 30 days, and its last sets forecast a \
            re-entry before the data's end), no recent element sets (no set in the data's last 30 days, no such \
            forecast). The data's end is the newest epoch in the store. A designator with a piece (2023-091A) \
            gives that object only. Heights are mean perigee/apogee above the WGS-72 equatorial radius from the \
            latest element set. An object in orbit gets its last manoeuvre within its latest 120 days of element \
            sets, as `perigee manoeuvres` finds them (is it alive?), and, when its sets show decay, a re-entry \
            forecast as `perigee decay` makes it. The data's age goes to standard error.
            """
    )

    @Argument(help: """
        International designator of the launch, for example 2023-091 (or 23091), or of one of its objects (2023-091A).
        """)
    var designator: String

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingCatalogFailures {
            guard let query = LaunchDesignatorQuery(designator) else {
                throw CommandFailure(description: "'\(designator)' is not an international designator such as 2023-091, "
                                     + "2023-091A or 23091")
            }
            let (store, _) = try await database.openStore()
            var records: [LaunchObjectRecord] = []
            var dataEnd: Instant?
            do {
                dataEnd = try await store.dataAge()?.newestEpoch
                for object in try await store.objects(designatorPrefix: query.launch)
                where object.internationalDesignator.map(query.matches) ?? false {
                    let sets = try await store.history(of: object.catalogNumber).map(\.elementSet)
                    records.append(LaunchObjectRecord(
                        catalogNumber: object.catalogNumber, internationalDesignator: object.internationalDesignator,
                        name: object.name, launchDate: object.launchDate, decayDate: object.decayDate, elementSets: sets))
                }
            } catch {
                await store.close()
                throw error
            }
            let age = await dataAgeLine(store)
            await store.close()
            guard !records.isEmpty else {
                throw CommandFailure(description: "no catalogued objects for \(query.piece == nil ? "launch " : "")"
                                     + "\(query.text); \(age)")
            }
            let verdicts = LaunchVerdict.assess(records, dataEnd: dataEnd)
            func text(_ verdict: LaunchObjectVerdict.Verdict) -> (String, String) {
                (verdict.name, verdict.decayDate ?? "")
            }
            func epoch(_ instant: Instant?) -> String { instant?.iso8601(fractionDigits: 0) ?? "" }
            func manoeuvreJSON(_ m: Manoeuvre) -> String {
                "{\"catalog_number\":\(m.catalogNumber.rawValue),\"time\":\(jsonString(epoch(m.time))),"
                    + "\"kind\":\(jsonString(m.kind.rawValue)),"
                    + "\"delta_v_m_s\":\(fixed(m.deltaVMetresPerSecond, digits: 4)),\"confidence\":\(fixed(m.confidence, digits: 3)),"
                    + "\"preceding_epoch\":\(jsonString(epoch(m.precedingEpoch))),"
                    + "\"following_epoch\":\(jsonString(epoch(m.followingEpoch)))}"
            }
            // A manoeuvre the sets show over days (a raise by electric propulsion) is given as that span.
            func manoeuvreText(_ m: Manoeuvre) -> String {
                let day = m.time.iso8601(fractionDigits: 0).prefix(10)
                let until = m.followingEpoch.iso8601(fractionDigits: 0).prefix(10)
                let span = m.followingEpoch.seconds(since: m.time) > 2 * 86_400 ? "\(day) … \(until)" : String(day)
                return "(last manoeuvre \(span), \(fixed(m.deltaVMetresPerSecond, digits: 2)) m/s)"
            }
            func km(_ value: Double?) -> String { value.map { fixed($0, digits: 1) } ?? "" }
            switch format {
            case .csv:
                print("catalog_number,international_designator,name,first_epoch,latest_epoch,perigee_km,apogee_km,verdict,decay_date,"
                      + "predicted_reentry,last_manoeuvre,last_manoeuvre_kind,last_manoeuvre_delta_v_m_s")
                for v in verdicts {
                    let (verdict, date) = text(v.verdict)
                    let manoeuvre = v.lastManoeuvre
                    print([v.catalogNumber.description, v.internationalDesignator ?? "", csvField(v.name ?? ""),
                           epoch(v.firstEpoch), epoch(v.latestEpoch), km(v.perigeeHeightKm), km(v.apogeeHeightKm),
                           verdict, date, epoch(v.reentryForecast?.predictedReentry), epoch(manoeuvre?.time),
                           manoeuvre?.kind.rawValue ?? "", manoeuvre.map { fixed($0.deltaVMetresPerSecond, digits: 4) } ?? ""]
                        .joined(separator: ","))
                }
            case .json:
                let rows = verdicts.map { v -> String in
                    let (verdict, date) = text(v.verdict)
                    func optional(_ s: String) -> String { s.isEmpty ? "null" : jsonString(s) }
                    return "  {\"catalog_number\":\(v.catalogNumber.rawValue),\"international_designator\":\(optional(v.internationalDesignator ?? "")),"
                        + "\"name\":\(optional(v.name ?? "")),\"first_epoch\":\(optional(epoch(v.firstEpoch))),"
                        + "\"latest_epoch\":\(optional(epoch(v.latestEpoch))),\"perigee_km\":\(v.perigeeHeightKm.map { fixed($0, digits: 3) } ?? "null"),"
                        + "\"apogee_km\":\(v.apogeeHeightKm.map { fixed($0, digits: 3) } ?? "null"),\"verdict\":\(jsonString(verdict)),"
                        + "\"decay_date\":\(optional(date)),"
                        + "\"predicted_reentry\":\(optional(epoch(v.reentryForecast?.predictedReentry))),"
                        + "\"last_manoeuvre\":\(v.lastManoeuvre.map(manoeuvreJSON) ?? "null")}"
                }
                print("[\n" + rows.joined(separator: ",\n") + "\n]")
            case .table:
                print("catalog no  designator  name                      first epoch           latest epoch          perigee km  apogee km  verdict")
                for v in verdicts {
                    let (verdict, date) = text(v.verdict)
                    var fields: [String] = [v.catalogNumber.description.leftPadding(10), (v.internationalDesignator ?? "").padding(10),
                                            String((v.name ?? "").prefix(24)).padding(24), epoch(v.firstEpoch).padding(20),
                                            epoch(v.latestEpoch).padding(20), km(v.perigeeHeightKm).leftPadding(10),
                                            km(v.apogeeHeightKm).leftPadding(9), date.isEmpty ? verdict : "\(verdict) \(date)"]
                    if let manoeuvre = v.lastManoeuvre { fields.append(manoeuvreText(manoeuvre)) }
                    if let forecast = v.reentryForecast {
                        fields.append("(re-entry forecast \(forecast.predictedReentry.iso8601(fractionDigits: 0).prefix(10)))")
                    }
                    print(fields.joined(separator: "  "))
                }
            }
            printToStandardError(age)
        }
    }
}
#endif
