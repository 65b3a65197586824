import ArgumentParser
import Perigee

/// `perigee decay`: predicted re-entry from an element-set history.
struct DecayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decay",
        abstract: "Predict re-entry from the trend of each object's element sets.",
        discussion: """
            JSON: one object {"catalog_number", "predicted_reentry", "window_start", "window_end", "basis"} when the \
            file holds one catalog number (null when it could not be predicted), an array of them when it holds \
            several. CSV: the same columns, one row per prediction. The trend of the last 10 days \
            of sets is used (at least 5, reaching back at most 30 days); an object with fewer than 3 sets in its \
            last 30 days is predicted from its last set's mean-motion derivative, so a single catalog snapshot \
            works too. Objects that are not decaying (a fall of the \
            semi-major axis within three standard errors of its scatter is not decay), those whose re-entry lies \
            more than 25 years away at the current decay, and those raised by a burn too recently for a trend \
            (the fit starts after a raising burn and needs 3 sets over 2 days) are reported on standard error \
            with the reason (exit status 1 when none could be predicted). With --catalog-number the history is \
            read from the store and the data's age goes to standard error.
            """
    )

    @OptionGroup var source: HistorySource

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() async throws {
        let stored = try await source.storedSets()
        var sets = stored?.sets ?? []
        let age = stored?.age
        try reportingFailures {
            if let file = source.file { sets = try loadElementSets(path: file) }
            if let age { printToStandardError(age) }
            let results = DecayPredictor().predictions(for: sets)
            var predictions: [DecayPrediction] = []
            for result in results {
                switch result {
                case .success(let p): predictions.append(p)
                case .failure(let e): printToStandardError("note: \(e)")
                }
            }
            if format == .json {
                let items = predictions.map { p in
                    "{\"catalog_number\": \(p.catalogNumber.rawValue), "
                        + "\"predicted_reentry\": \(jsonString(p.predictedReentry.iso8601(fractionDigits: 0))), "
                        + "\"window_start\": \(jsonString(p.windowStart.iso8601(fractionDigits: 0))), "
                        + "\"window_end\": \(jsonString(p.windowEnd.iso8601(fractionDigits: 0))), "
                        + "\"basis\": \(jsonString(p.basis))}"
                }
                if results.count == 1 {
                    print(items.first ?? "null")
                } else {
                    print(items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "\n]")
                }
            } else if format == .csv {
                print("catalog_number,predicted_reentry,window_start,window_end,basis")
                for p in predictions {
                    print(["\(p.catalogNumber.rawValue)", p.predictedReentry.iso8601(fractionDigits: 0),
                           p.windowStart.iso8601(fractionDigits: 0), p.windowEnd.iso8601(fractionDigits: 0),
                           csvField(p.basis)].joined(separator: ","))
                }
            } else {
                for p in predictions {
                    print("\(p.catalogNumber.rawValue): re-entry \(p.predictedReentry.iso8601(fractionDigits: 0)) "
                        + "(window \(p.windowStart.iso8601(fractionDigits: 0)) … \(p.windowEnd.iso8601(fractionDigits: 0))); "
                        + "last altitude \(fixed(p.lastAltitudeKm, digits: 1)) km, "
                        + "decay \(fixed(p.decayRateKmPerDay, digits: 3)) km/day; \(p.basis)")
                }
            }
            // A forecast from old sets may already lie in the past: say so rather than leave it looking current.
            let now = CatalogIngester.now()
            for p in predictions where p.predictedReentry < now {
                printToStandardError("note: \(p.catalogNumber): the predicted re-entry "
                    + "\(p.predictedReentry.iso8601(fractionDigits: 0).prefix(10)) is already past; the element sets end "
                    + "\(p.lastEpoch.iso8601(fractionDigits: 0).prefix(10)), and newer ones will tell whether it re-entered "
                    + "or was raised")
            }
            if predictions.isEmpty { throw ExitCode(1) }
        }
    }
}
