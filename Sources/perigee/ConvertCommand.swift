public import ArgumentParser
import Perigee

extension ElementSetFormat: ExpressibleByArgument {}

/// `perigee convert`: rewrite element sets in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert element sets between TLE, 3LE and OMM XML/JSON/CSV/KVN.",
        discussion: "Bad records are reported on standard error and left out; the rest are converted."
    )

    @Argument(help: "Element-set file in any supported format (.gz and .xz too).")
    var file: String

    @Option(help: "Output format: \(ElementSetFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var to: ElementSetFormat

    func run() throws {
        do {
            var sets = try loadElementSets(path: file)
            let encoder = ElementSetEncoder(format: to)
            var text: String
            do {
                text = try encoder.encode(sets)
            } catch {
                // Some set cannot be written in this format (a field it cannot carry): those sets are reported and
                // left out, like the records that could not be read.
                sets = sets.enumerated().compactMap { index, set in
                    do {
                        _ = try encoder.encode([set])
                        return set
                    } catch {
                        printToStandardError("warning: \(file): element set \(index + 1) (\(set.catalogNumber), epoch "
                                             + "\(set.epoch.iso8601(fractionDigits: 0))) cannot be written as "
                                             + "\(to.rawValue): \(error); left out")
                        return nil
                    }
                }
                if sets.isEmpty { throw CommandFailure(description: "no element set can be written as \(to.rawValue)") }
                do {
                    text = try encoder.encode(sets)
                } catch {
                    throw CommandFailure(description: "cannot write \(to.rawValue): \(error)")
                }
            }
            print(text, terminator: "")
        } catch let failure as CommandFailure {
            printToStandardError("error: \(failure)")
            throw ExitCode(2)
        }
    }
}

/// `perigee validate`: list every problem in an element-set file.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an element-set file and list every problem with its position.",
        discussion: "Exit status 0 when the file is clean, 1 when there is any problem."
    )

    @Argument(help: "Element-set file in any supported format (.gz and .xz too).")
    var file: String

    func run() throws {
        let result: ElementSetDecodeResult
        do {
            result = try ElementSetDecoder(strict: false).decode(contentsOfFile: file)
        } catch {
            print("\(file): \(error)")
            throw ExitCode(1)
        }
        for problem in result.problems {
            print("\(file): \(problem)")
        }
        let summary = "\(result.elementSets.count) element sets read as \(result.format.rawValue), "
            + "\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s")"
        print(summary)
        if !result.problems.isEmpty { throw ExitCode(1) }
    }
}
