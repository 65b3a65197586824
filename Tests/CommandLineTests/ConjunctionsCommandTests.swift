import Foundation
import Testing

@Suite struct ConjunctionsCommandTests {
    static let catalog = PerigeeBinary.path("Tests/ConjunctionsTests/Fixtures/catalog-2023-10/leo-400.3le")
    static let arguments = ["conjunctions", catalog, "--start", "2023-10-10T00:00:00Z", "--duration", "6h",
                            "--threshold", "20"]

    /// The CSV has the documented header, catalog_number_1 < catalog_number_2 and millisecond UTC times.
    @Test func csvOutput() throws {
        let out = try PerigeeBinary.run(Self.arguments)
        #expect(out.status == 0)
        let lines = out.lines
        #expect(lines.first == "catalog_number_1,catalog_number_2,tca,miss_km,relative_speed_km_s,radial_km,in_track_km,cross_track_km,max_probability")
        #expect(lines.count > 10)
        for line in lines.dropFirst() {
            let f = line.split(separator: ",")
            #expect(f.count == 9)
            if f.count == 9, let a = Int(f[0]), let b = Int(f[1]) { #expect(a < b) }
            #expect(f[2].count == 24 && f[2].hasSuffix("Z"))
            if let miss = Double(f[3]) { #expect(miss < 20) }
        }
    }

    /// Four shards run as separate processes and merged give exactly the single-process output.
    @Test func fourShardsMergeToTheSingleRun() throws {
        let single = try PerigeeBinary.run(Self.arguments)
        #expect(single.status == 0)
        var files: [String] = []
        for k in 1...4 {
            let shard = try PerigeeBinary.run(Self.arguments + ["--shard", "\(k)/4"])
            #expect(shard.status == 0)
            files.append(try PerigeeBinary.temporaryFile(shard.standardOutput, suffix: ".csv"))
        }
        let merged = try PerigeeBinary.run(["conjunctions", "merge"] + files)
        #expect(merged.status == 0)
        #expect(merged.standardOutput == single.standardOutput)
        // A shard with CRLF line ends (written on another system) merges the same.
        let crlf = try PerigeeBinary.temporaryFile(
            try String(contentsOfFile: files[0], encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n"), suffix: ".csv")
        let mixed = try PerigeeBinary.run(["conjunctions", "merge", crlf] + files.dropFirst())
        #expect(mixed.status == 0, "\(mixed.standardError)")
        #expect(mixed.standardOutput == single.standardOutput)
    }

    /// --hard-body-radius-m changes only max_probability, by the square of the radius ratio (R ≪ miss), and a
    /// non-positive radius is rejected.
    @Test func hardBodyRadius() throws {
        let arguments = ["conjunctions", Self.catalog, "--start", "2023-10-10T00:00:00Z", "--duration", "2h",
                         "--threshold", "20"]
        let standard = try PerigeeBinary.run(arguments)
        let doubled = try PerigeeBinary.run(arguments + ["--hard-body-radius-m", "20"])
        #expect(standard.status == 0 && doubled.status == 0)
        #expect(standard.lines.count == doubled.lines.count && standard.lines.count > 2)
        for (a, b) in zip(standard.lines.dropFirst(), doubled.lines.dropFirst()) {
            let fa = a.split(separator: ","), fb = b.split(separator: ",")
            #expect(fa.dropLast() == fb.dropLast())
            // Beyond 1 km of miss the R² law holds to (R/d)² < 4e-4; the printed values have 4 digits.
            if fa.count == 9, let miss = Double(fa[3]), miss >= 1,
               let pa = fa.last.flatMap({ Double($0) }), let pb = fb.last.flatMap({ Double($0) }), pa > 0 {
                #expect(abs(pb / pa - 4) < 0.01)
            }
        }
        let bad = try PerigeeBinary.run(arguments + ["--hard-body-radius-m=0"])
        #expect(bad.status != 0)
        #expect(bad.standardError.contains("--hard-body-radius-m"))
    }

    /// Bad input is reported, not crashed on.
    @Test func badArguments() throws {
        let badShard = try PerigeeBinary.run(Self.arguments + ["--shard", "5/4"])
        #expect(badShard.status != 0)
        #expect(badShard.standardError.contains("--shard"))
        let badDuration = try PerigeeBinary.run(["conjunctions", Self.catalog, "--start", "2023-10-10T00:00:00Z",
                                                 "--duration", "soon", "--threshold", "5"])
        #expect(badDuration.status != 0)
        #expect(badDuration.standardError.contains("--duration"))
    }
}
