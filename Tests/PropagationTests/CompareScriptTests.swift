import Foundation
import Testing
import Astrodynamics
import ElementSets
import Propagation

/// The path of a `python3` executable on `PATH`, or `nil`.
let python3Path: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

/// The whole verification output in `tcppver.out` layout (state columns only), as testcpp would print it.
func verificationOutput() throws -> String {
    var out = ""
    for c in VerificationData.cases {
        out += "\(c.satnum) xx\n"
        let run = try run(c)
        for row in run.rows {
            let r = row.state.positionKm, v = row.state.velocityKmPerS
            out += String(format: " %16.8f %16.8f %16.8f %16.8f %12.9f %12.9f %12.9f\n",
                          row.tsince, r.x, r.y, r.z, v.x, v.y, v.z)
        }
    }
    return out
}

@Suite("compare.py on the full verification output")
struct CompareScriptTests {
    @Test("compare.py accepts the output written in tcppver.out layout",
          .enabled(if: python3Path != nil, "python3 not found on PATH: the compare.py cross-check is skipped"))
    func compareScriptPasses() throws {
        let python = try #require(python3Path)
        let candidate = FileManager.default.temporaryDirectory
            .appendingPathComponent("perigee-sgp4-\(UUID().uuidString).out")
        try verificationOutput().write(to: candidate, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: candidate) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [verificationFolder.appendingPathComponent("compare.py").path, candidate.path,
                             "--strict"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let summary = output.split(separator: "\n").last.map(String.init) ?? ""
        print("compare.py: \(summary)")
        #expect(process.terminationStatus == 0, "compare.py failed:\n\(output)")
        #expect(summary.hasSuffix("PASS"), "\(summary)")
    }
}
