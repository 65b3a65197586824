import Testing
@testable import ElementSets
import Astrodynamics

@Suite struct WholeCatalog {
    @Test func readsAll26140ObjectsFromXZ() throws {
        let r = try Fixture.decode("catalog-2023-10-full.3le.xz", strict: true)
        #expect(r.format == .threeLine)
        #expect(r.elementSets.count == 26_140)
        #expect(Set(r.elementSets.map(\.catalogNumber)).count == 26_140)
        #expect(r.elementSets.filter { $0.catalogNumber.rawValue >= 270_000 }.count == 266)
        #expect(r.elementSets.allSatisfy { $0.objectName != nil })
    }

    /// Every number read by the fixed-column parser equals `Double(String)` of the same columns.
    @Test func fixedColumnNumbersEqualStandardLibrary() throws {
        let data = try DecompressionBridge.decompress(try Fixture.bytes("catalog-2023-10-full.3le.xz"))
        let lines = textLines(String(decoding: data, as: UTF8.self))
        let sets = try ElementSetDecoder(strict: true).decode(data).elementSets
        func field(_ line: String, _ a: Int, _ b: Int) -> String {
            let u = Array(line.utf8)
            return trimmedText(String(decoding: u[(a - 1) ..< b], as: UTF8.self))
        }
        func exponent(_ line: String, _ a: Int) -> Double? {
            let t = Array(line.utf8)[(a - 1) ..< (a + 7)]
            let sign = t.first == UInt8(ascii: "-") ? "-" : ""
            let text = sign + "0." + String(decoding: t.dropFirst().prefix(5), as: UTF8.self) + "e"
                + String(decoding: t.suffix(2), as: UTF8.self)
            return Double(text)
        }
        var index = 0
        var checked = 0
        var k = 0
        while k + 2 < lines.count {
            let l1 = lines[k + 1], l2 = lines[k + 2]
            let s = sets[index]
            var mismatches: [String] = []
            func same(_ name: String, _ mine: Double, _ reference: Double?) {
                if mine != reference || mine.sign != reference?.sign { mismatches.append(name) }
                checked += 1
            }
            same("ndot", s.meanMotionDotRevPerDay2, Double(field(l1, 34, 43)))
            same("nddot", s.meanMotionDDotRevPerDay3, exponent(l1, 45))
            same("bstar", s.bstarPerEarthRadii, exponent(l1, 54))
            same("incl", s.inclinationDeg, Double(field(l2, 9, 16)))
            same("raan", s.rightAscensionOfAscendingNodeDeg, Double(field(l2, 18, 25)))
            same("ecc", s.eccentricity, Double("0." + field(l2, 27, 33)))
            same("argp", s.argumentOfPericenterDeg, Double(field(l2, 35, 42)))
            same("ma", s.meanAnomalyDeg, Double(field(l2, 44, 51)))
            same("n", s.meanMotionRevPerDay, Double(field(l2, 53, 63)))
            // The epoch: the day fraction read as a decimal gives the same microsecond.
            let dayText = field(l1, 21, 32)
            if let day = Double(dayText) {
                let micros = Int(((day - day.rounded(.down)) * 86_400_000_000).rounded())
                if Int(CivilTime(s.epoch).microsecondOfDay) != micros { mismatches.append("epoch") }
            }
            if !mismatches.isEmpty { Issue.record("\(l1): \(mismatches)"); break }
            index += 1
            k += 3
        }
        #expect(index == 26_140)
        #expect(checked == 26_140 * 9)
    }

    @Test func otherRealFiles() throws {
        let r2022 = try Fixture.decode("catalog-2022-07-head200.3le", strict: true)
        #expect(r2022.elementSets.count == 200)
        for (name, count) in [("history/ISS.tle", 609), ("history/TESS.tle", 7), ("history/NUTSAT.tle", 178)] {
            let r = try Fixture.decode(name, strict: true)
            #expect(r.format == .tle && r.elementSets.count == count, "\(name)")
            #expect(r.elementSets.allSatisfy { $0.objectName == nil })
        }
        // gpconf Alpha-5 renderings, letters A-Z and epoch years.
        for (name, letters) in [("alpha5-synthetic-letters", 46), ("alpha5-synthetic-epoch-years", 0),
                                ("alpha5-A-last-30-days-snapshot", 0), ("alpha5-T-analyst-27xxxx-snapshot", 0),
                                ("alpha5-A-100000-saramago-first", 0), ("alpha5-T-270449-analyst-first", 0)] {
            let r = try Fixture.decode(gpconf + "alpha5-tle/\(name).tle", strict: true)
            #expect(!r.elementSets.isEmpty && r.elementSets.allSatisfy { $0.catalogNumber.rawValue >= 100_000 }, "\(name)")
            if letters > 0 { #expect(r.elementSets.count == letters) }
            // Written back, each set gives its own lines.
            let again = try ElementSetDecoder(strict: true).decode(Array(try ElementSetEncoder(format: .threeLine).encode(r.elementSets).utf8))
            #expect(again.elementSets == r.elementSets, "\(name)")
        }
        let first = try #require(try Fixture.decode(gpconf + "alpha5-tle/alpha5-A-100000-saramago-first.tle").elementSets.first)
        #expect(first.catalogNumber.rawValue == 100_000)
    }

    @Test func detection() throws {
        let cases: [(String, ElementSetFormat)] = [
            ("catalog-2023-10-head300.3le", .threeLine), ("history/ISS.tle", .tle),
            ("omm-samples/celestrak-orbcomm-2025-07-19/orbcomm.tle", .threeLine),
            ("omm-samples/celestrak-orbcomm-2025-07-19/orbcomm.tle.gz", .threeLine),
            ("omm-samples/celestrak-orbcomm-2025-07-19/orbcomm_first15.xml", .ommXML),
            ("omm-samples/spacetrack-2020-055/2020-055_all-id_elset_20201201-20201203.json.xz", .ommJSON),
            (gpconf + "kvn-variants/v04-comments-blank-lines-whitespace-LF.kvn", .ommKVN),
            (gpconf + "corrupt-input/unedited-rows.csv", .ommCSV), ("history/iss_gp_history_first500.csv", .ommCSV),
            ("catalog-2023-10-full.3le.xz", .threeLine),
        ]
        for (name, format) in cases {
            #expect(ElementSetDecoder.detectFormat(try Fixture.bytes(name)) == format, "\(name)")
        }
        #expect(ElementSetDecoder.detectFormat(Array("hello\n".utf8)) == nil)
        #expect(ElementSetFormat(rawValue: "3le") == .threeLine && ElementSetFormat.allCases.count == 6)
    }
}

@Suite struct RoundTrips {
    static let count = 400

    @Test(arguments: [ElementSetFormat.ommXML, .ommJSON, .ommCSV, .ommKVN])
    func ommKeepsFullPrecision(_ format: ElementSetFormat) throws {
        var g = SeededGenerator(seed: 0x5EED_0000 + UInt64(format.rawValue.utf8.count))
        let sets = (0 ..< Self.count).map { _ in RandomSets.fullPrecision(&g) }
        let text = try ElementSetEncoder(format: format).encode(sets)
        #expect(ElementSetDecoder.detectFormat(Array(text.utf8)) == format)
        let r = try ElementSetDecoder(strict: true).decode(Array(text.utf8), format: nil)
        #expect(r.format == format)
        #expect(r.elementSets.count == sets.count)
        for (a, b) in zip(sets, r.elementSets) where a != b {
            Issue.record("\(format): \(differences(a, b))")
            break
        }
    }

    @Test(arguments: [ElementSetFormat.tle, .threeLine, .ommXML, .ommJSON, .ommCSV, .ommKVN])
    func tlePrecisionSetsRoundTripEverywhere(_ format: ElementSetFormat) throws {
        var g = SeededGenerator(seed: 0x71E0_0000 + UInt64(format.rawValue.utf8.count))
        let sets = (0 ..< Self.count).map { _ in RandomSets.tlePrecision(&g, named: format != .tle) }
        let text = try ElementSetEncoder(format: format).encode(sets)
        let r = try ElementSetDecoder(strict: true).decode(Array(text.utf8), format: format)
        #expect(r.elementSets.count == sets.count)
        for (a, b) in zip(sets, r.elementSets) where a != b {
            Issue.record("\(format): \(differences(a, b))")
            break
        }
        // And the encoder's text is stable: encoding the decoded sets gives the same text.
        #expect(try ElementSetEncoder(format: format).encode(r.elementSets) == text)
    }

    @Test func epochEdgeCases() throws {
        let times = [
            CivilTime(year: 1957, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0),
            CivilTime(year: 2056, month: 12, day: 31, hour: 23, minute: 59, second: 59, microsecond: 999_999),
            CivilTime(year: 2016, month: 12, day: 31, hour: 23, minute: 59, second: 60, microsecond: 500_000),
            CivilTime(year: 2000, month: 2, day: 29, hour: 12, minute: 0, second: 0, microsecond: 1),
        ]
        for t in times {
            #expect(CivilTime(t.instant) == t)
            var s = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
            s.epoch = t.instant
            for format in [ElementSetFormat.ommKVN, .ommJSON] {
                let back = try ElementSetDecoder(strict: true).decode(Array(try ElementSetEncoder(format: format).encode([s]).utf8))
                #expect(back.elementSets == [s], "\(t) \(format)")
            }
        }
    }

    @Test func writersRefuseNonFiniteAndBadText() throws {
        var s = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        s.bstarPerEarthRadii = .nan
        for format in ElementSetFormat.allCases {
            #expect(throws: ElementSetError.self) { try ElementSetEncoder(format: format).encode([s]) }
        }
        var t = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        t.objectName = "TWO\nLINES"
        for format in [ElementSetFormat.threeLine, .ommKVN, .ommCSV, .ommXML, .ommJSON] {
            #expect(throws: ElementSetError.self) { try ElementSetEncoder(format: format).encode([t]) }
        }
    }
}

@Suite struct Regressions {
    /// Found by FuzzTLE: a 3LE name such as "=344 …" or "EPOCH,X" or "<X>" must not make the file look like KVN,
    /// CSV or XML.
    @Test func namesDoNotChangeTheDetectedFormat() throws {
        for name in ["=344  51.6448  75.344", "EPOCH,NORAD_CAT_ID", "<omm>", "[1]", "{x}", "A = B", "COMMENT x"] {
            for prefix in ["0 ", ""] {
                let text = prefix + name + "\n" + issLine1 + "\n" + issLine2 + "\n"
                #expect(ElementSetDecoder.detectFormat(Array(text.utf8)) == .threeLine, "\(prefix)\(name)")
                let r = try ElementSetDecoder(strict: true).decode(Array(text.utf8))
                #expect(r.elementSets.first?.objectName == name)
            }
        }
    }

    @Test func secondSixtyOutsideALeapSecondIsTheNextMinute() throws {
        var a = "2020-06-30T23:59:60.5", b = "2020-07-01T00:00:00.5"
        let x = a.withUTF8 { OMMEpoch.parse($0, 0, $0.count) }, y = b.withUTF8 { OMMEpoch.parse($0, 0, $0.count) }
        guard case .success(let t1) = x, case .success(let t2) = y else { Issue.record("rejected"); return }
        #expect(t1 == t2 && t1.instant == t2.instant)
    }
}

@Suite struct CompressedInput {
    @Test func gzipMembersAndCorruption() throws {
        let gz = try Fixture.bytes("omm-samples/celestrak-orbcomm-2025-07-19/orbcomm.tle.gz")
        let one = try ElementSetDecoder().decode(gz)
        #expect(one.elementSets.count == 60)
        // Two concatenated gzip members read as one stream.
        let two = try ElementSetDecoder().decode(gz + gz)
        #expect(two.elementSets.count == 120 && two.problems.isEmpty)
        // Cut or damaged compressed data is refused as a whole, with a reason.
        for damaged in [Array(gz.prefix(gz.count / 2)), Array(gz.prefix(20)) + Array(repeating: 0xFF, count: 200), gz + [1, 2, 3]] {
            do {
                _ = try ElementSetDecoder().decode(damaged)
                Issue.record("accepted damaged gzip")
            } catch {
                #expect(error.kind == .decompression, "\(error)")
            }
        }
    }

    @Test func xzCutIsRefused() throws {
        let xz = try Fixture.bytes("history/iss_spacetrack_gp_history_2025-09-27_2025-12-25.json.xz")
        do {
            _ = try ElementSetDecoder().decode(Array(xz.prefix(xz.count - 100)))
            Issue.record("accepted a cut xz stream")
        } catch {
            #expect(error.kind == .decompression && error.message.contains("truncated"), "\(error)")
        }
    }

    /// Concatenated xz streams and the stream padding between and after them read as one; other bytes after the
    /// last stream are refused as what they are, not as a cut file.
    @Test func xzStreamsPaddingAndTrailingBytes() throws {
        let xz = try Fixture.bytes("history/iss_spacetrack_gp_history_2025-09-27_2025-12-25.json.xz")
        let plain = try DecompressionBridge.decompress(xz)
        #expect(try DecompressionBridge.decompress(xz + xz) == plain + plain)
        #expect(try DecompressionBridge.decompress(xz + [0, 0, 0, 0] + xz + [0, 0, 0, 0, 0, 0, 0, 0]) == plain + plain)
        for (trailing, count) in [([UInt8]([1, 2, 3]), 3), (Array(repeating: 0x41, count: 100), 100), ([0, 0], 2)] {
            do {
                _ = try DecompressionBridge.decompress(xz + trailing)
                Issue.record("accepted \(count) trailing bytes")
            } catch {
                #expect("\(error)".contains("\(count) bytes after the end of the xz data at byte \(xz.count) are not xz data"),
                        "\(error)")
            }
        }
        do {
            _ = try DecompressionBridge.decompress(xz + Array(xz.prefix(40)))
            Issue.record("accepted a cut second stream")
        } catch {
            #expect("\(error)".contains("truncated"), "\(error)")
        }
    }
}

@Suite struct WriterLimits {
    /// What the TLE reader refuses, the TLE writer refuses too, so written TLEs always read back.
    @Test func tleWriterRefusesWhatTheReaderRejects() throws {
        let base = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        var negativeAnomaly = base
        negativeAnomaly.meanAnomalyDeg = -5
        var tinyMotion = base
        tinyMotion.meanMotionRevPerDay = 1e-9
        var nearOne = base
        nearOne.eccentricity = 0.99999996
        for (name, set) in [("negative angle", negativeAnomaly), ("eccentricity rounding to 1", nearOne)] {
            #expect(throws: ElementSetError.self, "\(name)") { try set.tleLines() }
            // OMM carries them.
            let kvn = try ElementSetEncoder(format: .ommKVN).encode([set])
            #expect(try ElementSetDecoder(strict: true).decode(Array(kvn.utf8)).elementSets == [set], "\(name)")
        }
        // A mean motion rounding to 0 in a TLE (below its resolution, 1e-8 rev/day) is no Earth orbit: the TLE writer
        // refuses it, and the OMM reader refuses what the OMM writer makes of it, naming the field.
        #expect(throws: ElementSetError.self) { try tinyMotion.tleLines() }
        let kvn = try ElementSetEncoder(format: .ommKVN).encode([tinyMotion])
        let read = try ElementSetDecoder(strict: false).decode(Array(kvn.utf8))
        #expect(read.elementSets.isEmpty)
        let problem = try #require(read.problems.first?.error)
        #expect(problem.field == "MEAN_MOTION" && problem.kind == .outOfRange, "\(problem)")
        var full = base
        full.meanAnomalyDeg = 359.99999
        #expect(try full.tleLines().line2.contains("360.0000"))
        #expect(try ElementSet(tleLine1: issLine1, tleLine2: try full.tleLines().line2).meanAnomalyDeg == 360)
    }
}

extension Regressions {
    /// Found by FuzzTLE: CSV rows that begin like TLE lines ("1 25544U …" as an OBJECT_NAME) stay CSV.
    @Test func csvRowsThatLookLikeTLELinesStayCSV() throws {
        var a = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        a.objectName = "1 25544U 98067A   98"
        var b = a
        b.objectName = "2 3456789012345678901234"
        let csv = try ElementSetEncoder(format: .ommCSV).encode([a, b])
        #expect(ElementSetDecoder.detectFormat(Array(csv.utf8)) == .ommCSV)
        #expect(try ElementSetDecoder(strict: true).decode(Array(csv.utf8)).elementSets == [a, b])
    }
}

extension Regressions {
    /// Found by review: a UTF-8 byte-order mark before a TLE file lost its first set (line 1 not recognised) and
    /// became part of a 3LE name; it is skipped, as the OMM readers skip it.
    @Test func byteOrderMarkBeforeTLEs() throws {
        let bom = "\u{FEFF}"
        let twoLine = try ElementSetDecoder().decode(Array((bom + issLine1 + "\n" + issLine2 + "\n").utf8))
        #expect(twoLine.problems.isEmpty && twoLine.elementSets.count == 1, "\(twoLine.problems)")
        let threeLine = try ElementSetDecoder().decode(Array((bom + "ISS (ZARYA)\n" + issLine1 + "\n" + issLine2 + "\n").utf8))
        #expect(threeLine.elementSets.first?.objectName == "ISS (ZARYA)")
    }
}

extension Regressions {
    /// Found by review: a JSON boolean, array or object where OMM needs a number was reported as a missing keyword,
    /// and an epoch of 9999-12-31T23:59:60.9999999 was read and written back as year 10000, which nothing reads.
    @Test func ommJSONWrongTypesAndEpochsOutsideTheSpaceAge() throws {
        func record(_ meanMotion: String, epoch: String = "2023-10-01T00:00:00") -> String {
            """
            {"OBJECT_NAME":"X","OBJECT_ID":"2023-091A","EPOCH":"\(epoch)","MEAN_MOTION":\(meanMotion),\
            "ECCENTRICITY":0.001,"INCLINATION":51.6,"RA_OF_ASC_NODE":10,"ARG_OF_PERICENTER":20,"MEAN_ANOMALY":30,\
            "NORAD_CAT_ID":99001,"EXTENSION":{"nested":[1,2]}}
            """
        }
        let json = "[" + [record("true"), record("[15.5]"), record("15.5", epoch: "9999-12-31T23:59:60.9999999"),
                          record("15.5")].joined(separator: ",") + "]"
        let read = try ElementSetDecoder(strict: false).decode(Array(json.utf8))
        #expect(read.elementSets.count == 1)
        let messages = read.problems.map(\.error.description)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages[0].contains("MEAN_MOTION") && messages[0].contains("found \"true\""), "\(messages)")
        #expect(messages[1].contains("MEAN_MOTION") && messages[1].contains("found \"[15.5]\""), "\(messages)")
        #expect(messages[2].contains("EPOCH") && messages[2].contains("outside 1950-2200"), "\(messages)")
    }
}
