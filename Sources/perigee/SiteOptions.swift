import ArgumentParser
import Perigee

/// `--site LAT,LON[,HEIGHT_M]` or `--site-name NAME`, shared by every command that needs an observer.
struct SiteOptions: ParsableArguments {
    @Option(help: "Observer: geodetic latitude and longitude in degrees (east positive), optional height in metres; write --site=-33.45,-70.67 when the latitude is negative.")
    var site: String?

    @Option(name: .customLong("site-name"), help: "Observer: a built-in place (for example Seoul, London, Santiago).")
    var siteName: String?

    func validate() throws {
        if (site == nil) == (siteName == nil) {
            throw ValidationError("Give exactly one of --site LAT,LON[,HEIGHT_M] and --site-name NAME.")
        }
    }

    /// The observer these options name.
    func resolve() throws -> Site {
        if let siteName {
            guard let found = Site.named(siteName) else {
                let known = Site.builtIn.map(\.name).joined(separator: ", ")
                throw CommandFailure(description: "--site-name: no built-in place called '\(siteName)'; known: \(known)")
            }
            return found
        }
        let text = site ?? ""
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        let numbers = parts.map { Double($0) }
        guard (2...3).contains(parts.count), numbers.allSatisfy({ $0?.isFinite == true }) else {
            throw CommandFailure(description: "--site: expected LAT,LON[,HEIGHT_M] in degrees and metres, got '\(text)'")
        }
        let values = numbers.compactMap { $0 }
        do {
            return try Site(name: "\(parts[0]),\(parts[1])", latitudeDeg: values[0], longitudeDeg: values[1],
                            heightMeters: values.count == 3 ? values[2] : 0)
        } catch {
            throw CommandFailure(description: "--site: \(error)")
        }
    }
}

/// Runs a command body, turning a ``CommandFailure`` into a message on standard error and exit status 2.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CommandFailure {
        printToStandardError("error: \(failure)")
        throw ExitCode(2)
    }
}

/// The 16-point compass name of an azimuth in degrees.
func compassPoint(_ azimuthDeg: Double) -> String {
    let names = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    let index = Int(((azimuthDeg.truncatingRemainder(dividingBy: 360) + 360 + 11.25) / 22.5).rounded(.down)) % 16
    return names[index]
}

/// The propagators for element sets, warning about those SGP4 rejects at initialisation.
func makePropagators(_ sets: [ElementSet]) -> [SGP4Propagator] {
    var propagators: [SGP4Propagator] = []
    propagators.reserveCapacity(sets.count)
    for set in sets {
        do {
            propagators.append(try SGP4Propagator(set))
        } catch {
            printToStandardError("warning: catalog number \(set.catalogNumber): \(error)")
        }
    }
    return propagators
}
