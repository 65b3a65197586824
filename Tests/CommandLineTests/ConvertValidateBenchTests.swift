import Foundation
import Testing

@Suite("perigee convert, validate and bench")
struct ConvertValidateBenchTests {
    static let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")

    @Test("converting to every OMM format and back gives the original 3LE text",
          arguments: ["omm-xml", "omm-json", "omm-csv", "omm-kvn"])
    func roundTrip(format: String) throws {
        let original = try String(contentsOfFile: Self.sample, encoding: .utf8)
        let omm = try PerigeeBinary.run(["convert", Self.sample, "--to", format])
        #expect(omm.status == 0, "\(omm.standardError)")
        let ommFile = try PerigeeBinary.temporaryFile(omm.standardOutput)
        let back = try PerigeeBinary.run(["convert", ommFile, "--to", "3le"])
        #expect(back.status == 0, "\(back.standardError)")
        #expect(back.standardOutput == original)
    }

    @Test("a clean file validates with exit status 0")
    func validateClean() throws {
        let output = try PerigeeBinary.run(["validate", Self.sample])
        #expect(output.status == 0)
        #expect(output.standardOutput.contains("16 element sets"))
    }

    @Test("validate lists each problem with its line and exits 1, still reading the good records")
    func validateProblems() throws {
        var lines = try String(contentsOfFile: Self.sample, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // Break the checksum of the second object's line 1 (file line 5).
        var broken = Array(lines[4])
        broken[68] = broken[68] == "0" ? "1" : "0"
        lines[4] = String(broken)
        let file = try PerigeeBinary.temporaryFile(lines.joined(separator: "\n") + "\n")
        let output = try PerigeeBinary.run(["validate", file])
        #expect(output.status == 1)
        #expect(output.standardOutput.contains("line 5"))
        #expect(output.standardOutput.lowercased().contains("checksum"))
        #expect(output.standardOutput.contains("15 element sets"))
    }

    @Test("a set the output format cannot carry is reported and left out; the others are written")
    func unwritableSetIsLeftOut() throws {
        let lines = try String(contentsOfFile: Self.sample, encoding: .utf8).split(separator: "\n").map(String.init)
        // The second object's name line carries a control character, which XML cannot.
        var damaged = lines
        damaged[3] = "BAD\u{01}NAME"
        let file = try PerigeeBinary.temporaryFile(damaged.joined(separator: "\n") + "\n")
        let output = try PerigeeBinary.run(["convert", file, "--to", "omm-xml"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.components(separatedBy: "<omm").count - 1 == 15)
        #expect(output.standardError.contains("element set 2 (") && output.standardError.contains("left out"),
                "\(output.standardError)")
    }

    @Test("the TLE writer refuses catalog numbers above 339999")
    func refusesSixDigitsInTLE() throws {
        let json = """
            [{"OBJECT_NAME":"NEW OBJECT","OBJECT_ID":"2026-150A","EPOCH":"2026-07-20T12:00:00.000000",
              "MEAN_MOTION":15.2,"ECCENTRICITY":0.0001,"INCLINATION":53.0,"RA_OF_ASC_NODE":10.0,
              "ARG_OF_PERICENTER":90.0,"MEAN_ANOMALY":270.0,"EPHEMERIS_TYPE":0,"CLASSIFICATION_TYPE":"U",
              "NORAD_CAT_ID":340001,"ELEMENT_SET_NO":999,"REV_AT_EPOCH":1,"BSTAR":0.0001,
              "MEAN_MOTION_DOT":0.00001,"MEAN_MOTION_DDOT":0}]
            """
        let file = try PerigeeBinary.temporaryFile(json, suffix: ".json")
        let output = try PerigeeBinary.run(["convert", file, "--to", "tle"])
        #expect(output.status != 0)
        #expect(output.standardError.contains("340001"))
        #expect(output.standardOutput.isEmpty)
    }

    @Test("bench sgp4 ends with the exact summary line", arguments: [[], ["--scalar"]])
    func benchLine(extra: [String]) throws {
        let output = try PerigeeBinary.run(["bench", "sgp4", Self.sample, "--minutes", "0:10:1", "--repetitions", "1"] + extra)
        #expect(output.status == 0, "\(output.standardError)")
        let last = try #require(output.lines.last)
        let mode = extra.isEmpty ? "batch" : "scalar"
        let pattern = #/ns_per_propagation=[0-9.]+ propagations=([0-9]+) threads=1 mode=(batch|scalar)/#
        let match = try #require(last.wholeMatch(of: pattern))
        #expect(match.output.2 == mode)
        #expect(Int(match.output.1) == 16 * 11)
        let timing = try #require(output.lines.dropLast().last)
        let timingPattern = #/objects=16 times=11 seconds=([0-9.]+) cpu_seconds=([0-9.]+)/#
        let times = try #require(timing.wholeMatch(of: timingPattern))
        #expect(Double(times.output.1) != nil && Double(times.output.2) != nil)
    }
}
