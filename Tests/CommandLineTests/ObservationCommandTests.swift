import Foundation
import Testing

/// The pass reference vectors (Skyfield 1.55, UT1 = UTC), shared with the Observation tests.
private let vectorsPath = PerigeeBinary.path("Tests/ObservationTests/Fixtures/pass-vectors/passes_ut1_utc.json")

private func referenceVectors() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: vectorsPath))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// A TLE file holding the reference satellites.
private func referenceTLEFile(_ vectors: [String: Any]) throws -> String {
    let satellites = try #require(vectors["satellites"] as? [String: [String: Any]])
    var text = ""
    for (_, satellite) in satellites.sorted(by: { $0.key < $1.key }) {
        text += "\(satellite["name"] as? String ?? "")\n\(satellite["line1"] as? String ?? "")\n\(satellite["line2"] as? String ?? "")\n"
    }
    return try PerigeeBinary.temporaryFile(text, suffix: ".tle")
}

private func unixSeconds(_ iso: String) throws -> Double {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let date = try #require(formatter.date(from: iso))
    return date.timeIntervalSince1970
}

@Suite("perigee passes, look, track, above")
struct ObservationCommandTests {
    @Test("passes --format json matches the reference passes of NOAA 18 over Greenwich and Santiago",
          arguments: [("greenwich", 0.0), ("santiago", 10.0)])
    func passesMatchReference(siteName: String, threshold: Double) throws {
        let vectors = try referenceVectors()
        let file = try referenceTLEFile(vectors)
        let sites = try #require(vectors["sites"] as? [String: [String: Double]])
        let site = try #require(sites[siteName])
        let lists = try #require(vectors["passes"] as? [[String: Any]])
        let list = try #require(lists.first {
            $0["norad"] as? Int == 28654 && $0["site"] as? String == siteName && $0["min_el_deg"] as? Double == threshold
        })
        let expected = try #require(list["passes"] as? [[String: Any]])
        let siteArgument = "\(site["lat_deg"]!),\(site["lon_deg"]!),\(site["height_m"]!)"
        let output = try PerigeeBinary.run([
            "passes", file, "--site=\(siteArgument)", "--start", "2023-10-10T00:00:00Z", "--end", "2023-10-13T00:00:00Z",
            "--min-elevation", String(threshold), "--catalog-number", "28654", "--format", "json",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let passes = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
        // The reference lists passes rising inside the window; ours may add one under way at the start (null rise).
        let rising = passes.filter { $0["rise"] is [String: Any] }
        #expect(rising.count == expected.count)
        for (mine, reference) in zip(rising, expected) {
            #expect(mine["catalog_number"] as? Int == 28654)
            #expect(mine["name"] as? String == "NOAA 18")
            let rise = try #require(mine["rise"] as? [String: Any])
            let culmination = try #require(mine["culmination"] as? [String: Any])
            let referenceRise = try #require(reference["rise"] as? [String: Any])
            let referenceCulmination = try #require(reference["culmination"] as? [String: Any])
            let riseTime = try #require(rise["time"] as? String)
            #expect(riseTime.hasSuffix("Z") && riseTime.count == 24)
            // Printed to the millisecond: within 0.1 s plus the print resolution.
            #expect(abs(try unixSeconds(riseTime) - (referenceRise["unix"] as? Double ?? 0)) < 0.1 + 0.001)
            #expect(abs((culmination["elevation_deg"] as? Double ?? 0) - (referenceCulmination["el_deg"] as? Double ?? 0)) < 0.001)
            #expect(culmination["sunlit"] as? Bool == referenceCulmination["sat_sunlit"] as? Bool)
            #expect(mine["visible"] as? Bool == reference["visible_at_culmination"] as? Bool)
            if let set = mine["set"] as? [String: Any], let referenceSet = reference["set"] as? [String: Any] {
                #expect(abs(try unixSeconds(set["time"] as? String ?? "") - (referenceSet["unix"] as? Double ?? 0)) < 0.101)
            }
        }
    }

    @Test("a pass under way at the window start has a null rise")
    func nullRise() throws {
        let vectors = try referenceVectors()
        let file = try referenceTLEFile(vectors)
        let lists = try #require(vectors["passes"] as? [[String: Any]])
        let list = try #require(lists.first { $0["norad"] as? Int == 28654 && $0["site"] as? String == "greenwich" && $0["min_el_deg"] as? Double == 0 })
        let first = try #require((list["passes"] as? [[String: Any]])?.first)
        let culmination = try #require((first["culmination"] as? [String: Any])?["utc"] as? String)
        let output = try PerigeeBinary.run([
            "passes", file, "--site", "51.4779,-0.0015,46", "--start", culmination, "--end", "2023-10-10T12:00:00Z",
            "--catalog-number", "28654", "--format", "json",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let passes = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
        let head = try #require(passes.first)
        #expect(head["rise"] is NSNull)
        #expect(head["set"] is [String: Any])
    }

    @Test("the table names compass points and marks visible passes; --visible keeps only those")
    func table() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let all = try PerigeeBinary.run(["passes", sample, "--site-name", "Seoul", "--start", "2023-10-10T00:00:00Z",
                                         "--end", "2023-10-11T00:00:00Z", "--min-elevation", "10"])
        #expect(all.status == 0, "\(all.standardError)")
        #expect(all.standardOutput.contains("ISS (ZARYA) [25544]"))
        #expect(all.lines.contains { $0.contains(" NNE ") || $0.contains(" SW ") })
        let visible = try PerigeeBinary.run(["passes", sample, "--site-name", "Seoul", "--start", "2023-10-10T00:00:00Z",
                                             "--end", "2023-10-11T00:00:00Z", "--min-elevation", "10", "--visible"])
        let rows = visible.lines.dropFirst(2)
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0.hasSuffix("*") })
        #expect(rows.count < all.lines.count - 2)
        // A pass that rises at 23:54 and is cut by --end at midnight is dated by its rise, not the next day.
        let horizon = try PerigeeBinary.run(["passes", sample, "--site-name", "Seoul", "--start", "2023-10-10T00:00:00Z",
                                             "--end", "2023-10-11T00:00:00Z"])
        let cut = horizon.lines.filter { $0.contains("[33591]") && $0.contains("23:54:12") }
        #expect(cut.count == 1 && cut.first?.hasPrefix("2023-10-10") == true, "\(cut)")
    }

    @Test("look gives the reference look angles and a Doppler shift of -f·ṙ/c")
    func look() throws {
        let vectors = try referenceVectors()
        let file = try referenceTLEFile(vectors)
        let fixed = try #require(vectors["fixed_times"] as? [[String: Any]])
        let series = try #require(fixed.first { $0["norad"] as? Int == 28654 && $0["site"] as? String == "greenwich" })
        let sample = try #require((series["samples"] as? [[String: Any]])?.first { ($0["el_deg"] as? Double ?? -90) > 5 })
        let unix = try #require(sample["unix"] as? Double)
        let instant = ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: unix), timeZone: .gmt,
                                                  formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        // The ISO form keeps only milliseconds: compare with the reference at that instant to the rate × 1 ms.
        let output = try PerigeeBinary.run(["look", file, "--catalog-number", "28654", "--site", "51.4779,-0.0015,46",
                                            "--at", instant, "--frequency-mhz", "137.9125", "--format", "json"])
        #expect(output.status == 0, "\(output.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let dt = try unixSeconds(instant) - unix
        let elevationRate = sample["el_rate_deg_s"] as? Double ?? 0
        let expectedElevation = (sample["el_deg"] as? Double ?? 0) + elevationRate * dt
        #expect(abs((json["elevation_deg"] as? Double ?? 0) - expectedElevation) < 0.001)
        let rangeRate = try #require(json["range_rate_km_s"] as? Double)
        #expect(abs((json["range_km"] as? Double ?? 0) - ((sample["range_km"] as? Double ?? 0) + rangeRate * dt)) < 0.01)
        let shift = try #require(json["doppler_shift_hz"] as? Double)
        #expect(abs(shift - (-137.9125e6 * rangeRate / 299_792.458)) < 0.01)
    }

    @Test("track prints sub-satellite points on the requested grid")
    func track() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let output = try PerigeeBinary.run(["track", sample, "--catalog-number", "25544", "--start", "2023-10-10T00:00:00Z",
                                            "--end", "2023-10-10T01:32:30Z", "--step", "60"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.lines.first == "catalog_number,time_utc,latitude_deg,longitude_deg,height_km")
        #expect(output.lines.count == 1 + 93 + 1)
        let latitudes = output.lines.dropFirst().compactMap { Double($0.split(separator: ",")[2]) }
        #expect(latitudes.max() ?? 0 > 50 && latitudes.max() ?? 0 < 52)
        #expect(latitudes.min() ?? 0 < -50 && latitudes.min() ?? 0 > -52)
    }

    @Test("above lists objects above the site with positive elevations, highest first")
    func above() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let output = try PerigeeBinary.run(["above", "--site-name", "Seoul", sample, "--at", "2023-10-10T00:43:06Z",
                                            "--format", "csv"])
        #expect(output.status == 0, "\(output.standardError)")
        let rows = output.lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let elevations = rows.compactMap { Double($0[3]) }
        #expect(rows.contains { $0[0] == "25544" })
        #expect(elevations.allSatisfy { $0 >= 0 })
        #expect(elevations == elevations.sorted(by: >))
    }

    @Test("an unknown site name is a clear error")
    func unknownSite() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let output = try PerigeeBinary.run(["passes", sample, "--site-name", "Atlantis", "--start", "2023-10-10T00:00:00Z",
                                            "--end", "2023-10-11T00:00:00Z"])
        #expect(output.status != 0)
        #expect(output.standardError.contains("Atlantis"))
    }

    @Test("bench passes ends with the exact summary line")
    func benchPasses() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let output = try PerigeeBinary.run(["bench", "passes", sample, "--site-name", "Greenwich", "--hours", "24",
                                            "--repetitions", "1"])
        #expect(output.status == 0, "\(output.standardError)")
        let last = try #require(output.lines.last)
        let match = try #require(last.wholeMatch(of: #/us_per_satellite_day=[0-9.]+ satellites=([0-9]+) passes=([0-9]+) threads=1/#))
        #expect(Int(match.output.1) == 16)
        #expect((Int(match.output.2) ?? 0) > 50)
    }
}
