import Foundation
import Testing

/// Runs the built `perigee` executable, as a user would, and captures what it prints.
struct PerigeeBinary {
    /// The result of one run.
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// Standard output split into lines, without the final empty line.
        var lines: [String] { standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    /// The executable next to the test bundle in the build products directory.
    static var url: URL {
        if let override = ProcessInfo.processInfo.environment["PERIGEE_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [products, products.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("perigee")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return products.appendingPathComponent("perigee")
    }

    /// The repository root, for fixtures.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path inside the repository.
    static func path(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }

    /// Runs `perigee` with `arguments` and waits for it.
    static func run(_ arguments: [String], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes fully before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }

    /// This test process's directory for temporary files and SQLite stores; it is removed when the process exits.
    static let scratchDirectory: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("perigee-cli-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: PerigeeBinary.scratchDirectory) }
        return url
    }()

    /// Writes `text` to a new file in the scratch directory and returns its path.
    static func temporaryFile(_ text: String, suffix: String = ".txt") throws -> String {
        let url = scratchDirectory.appendingPathComponent("input-\(UUID().uuidString)\(suffix)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
