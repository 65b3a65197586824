import Foundation
import Testing

/// Vallado's test object 00005 (SGP4-VER.TLE) and its reference rows from tcppver.out.
private let vanguard = """
    1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753
    2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667
    """
/// Vallado's sub-orbital test case 28872, which fails with error 6 after 50 minutes.
private let minotaur = """
    1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534
    2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708
    """

@Suite("perigee propagate")
struct PropagateCommandTests {
    @Test("CSV has the exact header and reproduces Vallado's reference rows")
    func csvMatchesReference() throws {
        let file = try PerigeeBinary.temporaryFile(vanguard)
        let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0,360"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.lines.first == "catalog_number,minutes,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error")
        let reference: [[Double]] = [
            [7022.46529266, -1400.08296755, 0.03995155, 1.893841015, 6.405893759, 4.534807250],
            [-7154.03120202, -3783.17682504, -3536.19412294, 4.741887409, -4.151817765, -2.093935425],
        ]
        #expect(output.lines.count == 3)
        for (line, expected) in zip(output.lines.dropFirst(), reference) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == 9)
            #expect(fields[0] == "5")
            #expect(fields[8].isEmpty)
            let numbers = fields[2...7].compactMap { Double($0) }
            #expect(numbers.count == 6)
            for (value, want) in zip(numbers.prefix(3), expected.prefix(3)) { #expect(abs(value - want) < 1e-6) }
            for (value, want) in zip(numbers.suffix(3), expected.suffix(3)) { #expect(abs(value - want) < 1e-8) }
            // Enough digits to carry 1e-9 km.
            #expect(fields[2].split(separator: ".").last?.count ?? 0 >= 9)
        }
    }

    @Test("a range includes its stop even off the step grid")
    func rangeIncludesStop() throws {
        let file = try PerigeeBinary.temporaryFile(vanguard)
        let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0:10:3,12.5"])
        #expect(output.status == 0)
        let minutes = output.lines.dropFirst().compactMap { Double($0.split(separator: ",")[1]) }
        #expect(minutes == [0, 3, 6, 9, 10, 12.5])
    }

    @Test("a failure gives one row with the error code and no later rows")
    func failureRow() throws {
        let file = try PerigeeBinary.temporaryFile(minotaur)
        let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0:60:5"])
        #expect(output.status == 0)
        let last = try #require(output.lines.last)
        #expect(last == "28872,55.00000000,,,,,,,6")
        #expect(output.lines.count == 1 + 12)
    }

    @Test("geodetic output has its own header and sane values")
    func geodetic() throws {
        let file = try PerigeeBinary.temporaryFile(vanguard)
        let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0:60:30", "--frame", "geodetic"])
        #expect(output.status == 0)
        #expect(output.lines.first == "catalog_number,minutes,time_utc,latitude_deg,longitude_deg,height_km,error")
        for line in output.lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields[2].hasSuffix("Z") && fields[2].hasPrefix("2000-06-2"))
            let latitude = try #require(Double(fields[3])), height = try #require(Double(fields[5]))
            // Geodetic latitude can exceed the inclination (34.27°) by up to ~0.19° (ellipsoid normal vs radius).
            #expect(abs(latitude) <= 34.5)
            #expect(height > 600 && height < 4000)
        }
    }

    @Test("absolute times with --start, --end and --step, JSON output")
    func absoluteJSON() throws {
        let file = try PerigeeBinary.temporaryFile(vanguard)
        let output = try PerigeeBinary.run([
            "propagate", file, "--start", "2000-06-28T00:00:00Z", "--end", "2000-06-28T00:02:30Z", "--step", "60",
            "--format", "json", "--frame", "itrf",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.first?["catalog_number"] as? Int == 5)
        #expect(rows.allSatisfy { $0["error"] is NSNull })
    }

    @Test("an unreadable file exits non-zero with a clear message", arguments: [
        "<!DOCTYPE html><html><body>Not found</body></html>\n",
        "",
    ])
    func unreadable(text: String) throws {
        let file = try PerigeeBinary.temporaryFile(text)
        let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0"])
        #expect(output.status != 0)
        #expect(output.standardError.contains("error:"))
    }

    @Test("a missing file exits non-zero")
    func missingFile() throws {
        let output = try PerigeeBinary.run(["propagate", "/nonexistent/perigee.tle", "--minutes", "0"])
        #expect(output.status != 0)
        #expect(!output.standardError.isEmpty)
    }

    /// Found by review: numbers at the edges of Double crashed (Int of infinity) or ran without end. They are
    /// errors now, each naming the option; a geostationary satellite a 1e300 minutes away fails at once.
    @Test("hostile numbers are errors, not crashes or hangs")
    func hostileNumbers() throws {
        let sample = PerigeeBinary.path("Samples/sample-2023-10.3le")
        let grid = try PerigeeBinary.run(["propagate", sample, "--minutes", "0:10:1e-320"])
        #expect(grid.status == 2 && grid.standardError.contains("more than 50,000,000 steps"), "\(grid.standardError)")
        let wide = try PerigeeBinary.run(["propagate", sample, "--minutes=-1e308:1e308:1e300"])
        #expect(wide.status == 2 && wide.standardError.contains("--minutes"), "\(wide.standardError)")
        let step = try PerigeeBinary.run(["track", sample, "--catalog-number", "25544",
                                          "--start", "2023-10-10T00:00:00Z", "--end", "2023-10-10T01:00:00Z",
                                          "--step", "1e-320"])
        #expect(step.status == 2 && step.standardError.contains("--step"), "\(step.standardError)")
        let far = try PerigeeBinary.run(["propagate", sample, "--catalog-number", "26824", "--minutes", "0,1e300"])
        #expect(far.status == 0, "\(far.standardError)")
        #expect(far.lines.last == "26824,1e+300,,,,,,,1", "\(far.standardOutput)")
        let duration = try PerigeeBinary.run(["conjunctions", sample, "--start", "2023-10-10T00:00:00Z",
                                              "--duration", "1e308d", "--threshold", "10"])
        #expect(duration.status == 2 && duration.standardError.contains("--duration: at most 366 days"),
                "\(duration.standardError)")
        let frequency = try PerigeeBinary.run(["look", sample, "--catalog-number", "25544", "--site-name", "Seoul",
                                               "--at", "2023-10-10T00:00:00Z", "--frequency-mhz", "nan"])
        #expect(frequency.status == 2 && frequency.standardError.contains("--frequency-mhz"))
        let elevation = try PerigeeBinary.run(["above", sample, "--site-name", "Seoul", "--at", "2023-10-10T00:00:00Z",
                                               "--min-elevation", "nan"])
        #expect(elevation.status == 2 && elevation.standardError.contains("--min-elevation"))
    }
}

/// An analyst object numbered T0449 (270449) beside Vallado's 00005, both copied from fixtures of the element-set
/// tests (see their SOURCE.md).
private let alpha5AndVanguard = """
    1 T0449U          26112.70113504  .00000244  00000+0  10753-3 0  9998
    2 T0449  88.9819 280.0342 0045559  22.6476 337.6710 14.19724095 85491
    1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753
    2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667
    """

extension PropagateCommandTests {
    @Test("--catalog-number takes an Alpha-5 number as the TLE writes it, or its value, and refuses other text")
    func alpha5CatalogNumber() throws {
        let file = try PerigeeBinary.temporaryFile(alpha5AndVanguard)
        for spelling in ["T0449", "t0449", "270449"] {
            let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0", "--catalog-number", spelling])
            #expect(output.status == 0, "\(spelling): \(output.standardError)")
            #expect(output.lines.count == 2, "\(spelling): \(output.lines)")
            #expect(output.lines.last?.hasPrefix("270449,") == true, "\(spelling): \(output.lines)")
        }
        for bad in ["I0449", "T449", "27O449", "+5", "1234567890"] {
            let output = try PerigeeBinary.run(["propagate", file, "--minutes", "0", "--catalog-number", bad])
            #expect(output.status != 0, "\(bad) was accepted")
            #expect(output.standardError.contains("catalog number '\(bad)'"), "\(bad): \(output.standardError)")
            #expect(output.standardError.contains("Alpha-5"), "\(bad): \(output.standardError)")
        }
    }
}
