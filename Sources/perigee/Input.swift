import ArgumentParser
import Foundation
import Perigee

/// A failure the CLI reports on standard error before exiting with a non-zero status.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String
}

/// Reads every element set in a file (any supported format, compressed or not), warning about bad records.
func loadElementSets(path: String, catalogNumbers: [Int] = [], strict: Bool = false) throws -> [ElementSet] {
    let result: ElementSetDecodeResult
    do {
        result = try ElementSetDecoder(strict: strict).decode(contentsOfFile: path)
    } catch {
        throw CommandFailure(description: "\(path): \(error)")
    }
    for problem in result.problems {
        printToStandardError("warning: \(path): \(problem)")
    }
    guard !catalogNumbers.isEmpty else { return result.elementSets }
    let wanted = Set(catalogNumbers)
    return result.elementSets.filter { wanted.contains($0.catalogNumber.rawValue) }
}

/// Writes a line to standard error.
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Output formats for tabular results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json, table
}

/// A catalog number given on the command line: up to nine digits, or the Alpha-5 form of a TLE (`T0000` = 270000).
func catalogNumberArgument(_ text: String) throws -> Int {
    guard let number = CatalogNumber(text: text) else {
        throw ValidationError("catalog number '\(text)': expected up to nine digits or an Alpha-5 number such as T0000")
    }
    return number.rawValue
}
