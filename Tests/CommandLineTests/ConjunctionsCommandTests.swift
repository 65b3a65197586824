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
