import Testing
@testable import ElementSets
import Astrodynamics

/// Real lines used as the base of the edits below (ISS, Space-Track 2025-09-27; Vanguard 1, catalog 2023-10).
let issLine1 = "1 25544U 98067A   25270.82361721  .00021639  00000-0  39357-3 0  9997"
let issLine2 = "2 25544  51.6325 158.3441 0001373 173.4686 186.6321 15.49453245531085"
let vanguardLines = ["0 VANGUARD 1",
                     "1 00005U 58002B   23282.54072583  .00000274  00000-0  37082-3 0  9997",
                     "2 00005  34.2426 102.8218 1844295  34.3480 336.3609 10.85092911336586"]

/// Replaces the characters of `line` at 1-based `column` … and fixes the checksum when asked.
func edit(_ line: String, column: Int, _ replacement: String, fixChecksum: Bool = true) -> String {
    var chars = Array(line)
    let r = Array(replacement)
    for (k, c) in r.enumerated() { chars[column - 1 + k] = c }
    var s = String(chars)
    if fixChecksum, s.count == 69 { s = TLEWriter.withChecksum(String(s.prefix(68))) }
    return s
}

func decodeText(_ text: String, strict: Bool = false, format: ElementSetFormat? = nil) throws(ElementSetError) -> ElementSetDecodeResult {
    try ElementSetDecoder(strict: strict).decode(Array(text.utf8), format: format)
}

@Suite struct TLEReading {
    @Test func vallado88888() throws {
        let set = try ElementSet(
            tleLine1: "1 88888U          80275.98708465  .00073094  13844-3  66816-4 0    87",
            tleLine2: "2 88888  72.8435 115.9689 0086731  52.6988 110.5714 16.05824518  1058")
        #expect(set.catalogNumber.rawValue == 88888)
        #expect(set.eccentricity == 0.0086731)
        #expect(set.objectID == nil)
        #expect(set.meanMotionDDotRevPerDay3 == Double("0.13844e-3"))
        #expect(set.bstarPerEarthRadii == Double("0.66816e-4"))
        #expect(set.elementSetNumber == 8)
        #expect(set.revolutionNumberAtEpoch == 105)
        let t = CivilTime(set.epoch)
        #expect(t.year == 1980 && t.month == 10 && t.day == 1)
    }

    @Test func issFields() throws {
        let s = try ElementSet(tleLine1: issLine1, tleLine2: issLine2, name: "0 ISS (ZARYA)")
        #expect(s.objectName == "ISS (ZARYA)")
        #expect(s.objectID == "1998-067A")
        #expect(s.classification == "U")
        #expect(s.inclinationDeg == 51.6325)
        #expect(s.rightAscensionOfAscendingNodeDeg == 158.3441)
        #expect(s.eccentricity == 0.0001373)
        #expect(s.argumentOfPericenterDeg == 173.4686)
        #expect(s.meanAnomalyDeg == 186.6321)
        #expect(s.meanMotionRevPerDay == 15.49453245)
        #expect(s.revolutionNumberAtEpoch == 53108)
        #expect(s.meanMotionDotRevPerDay2 == 0.00021639)
        #expect(s.meanMotionDDotRevPerDay3 == 0)
        #expect(s.bstarPerEarthRadii == 0.39357e-3)
        #expect(s.elementSetNumber == 999)
        // 25270.82361721: 2025 day 270 = Sep 27; .82361721 day = 71160.526944 s = 19:46:00.526944 (Space-Track's
        // EPOCH "2025-09-27 19:46:00" with EPOCH_MICROSECONDS 526944).
        #expect(CivilTime(s.epoch) == CivilTime(year: 2025, month: 9, day: 27, hour: 19, minute: 46, second: 0,
                                                microsecond: 526_944))
    }

    @Test func paddingVariantsReadAlike() throws {
        let zero = try ElementSet(tleLine1: vanguardLines[1], tleLine2: vanguardLines[2])
        let spaced = try ElementSet(tleLine1: edit(vanguardLines[1], column: 3, "    5"),
                                    tleLine2: edit(vanguardLines[2], column: 3, "    5"))
        #expect(zero == spaced)
        #expect(zero.catalogNumber.rawValue == 5)
        // '+' signs and leading zeros in angles, a '+' before the first derivative, CRLF and trailing blanks.
        let plus = try ElementSet(tleLine1: edit(vanguardLines[1], column: 34, "+") + "  \r\n",
                                  tleLine2: edit(vanguardLines[2], column: 35, "034.3480") + "\r\n")
        #expect(plus == zero)
        let signedExponent = try ElementSet(tleLine1: edit(vanguardLines[1], column: 45, "+00000-0"),
                                            tleLine2: vanguardLines[2])
        #expect(signedExponent == zero)
        let negative = try ElementSet(tleLine1: edit(vanguardLines[1], column: 54, "-11606-4"), tleLine2: vanguardLines[2])
        #expect(negative.bstarPerEarthRadii == -0.11606e-4)
        let positiveExponent = try ElementSet(tleLine1: edit(vanguardLines[1], column: 54, " 12345+1"), tleLine2: vanguardLines[2])
        #expect(positiveExponent.bstarPerEarthRadii == 1.2345)
    }

    @Test func epochYearPivot() throws {
        for (yy, year) in [("57", 1957), ("58", 1958), ("99", 1999), ("00", 2000), ("26", 2026), ("56", 2056)] {
            let s = try ElementSet(tleLine1: edit(issLine1, column: 19, yy + "001.50000000"), tleLine2: issLine2)
            let t = CivilTime(s.epoch)
            #expect(t.year == year && t.month == 1 && t.day == 1 && t.hour == 12, "\(yy)")
        }
        // 98324.28472222 is 1998-11-20T06:49:59.999808 exactly (1e-8 day = 864 µs).
        let iss98 = try ElementSet(tleLine1: edit(issLine1, column: 19, "98324.28472222"), tleLine2: issLine2)
        #expect(CivilTime(iss98.epoch) == CivilTime(year: 1998, month: 11, day: 20, hour: 6, minute: 49, second: 59,
                                                    microsecond: 999_808))
    }

    @Test func alpha5() throws {
        let text = try Fixture.text("catalog-2023-10-alpha5-T.3le")
        let result = try decodeText(text)
        #expect(result.format == .threeLine)
        #expect(result.problems.isEmpty)
        #expect(result.elementSets.count == 20)
        #expect(result.elementSets.first?.catalogNumber.rawValue == 270_000)
        #expect(result.elementSets.allSatisfy { $0.objectID == nil && $0.catalogNumber.rawValue >= 270_000 })
    }

    func firstError(_ l1: String, _ l2: String) -> ElementSetError? {
        do { _ = try ElementSet(tleLine1: l1, tleLine2: l2); return nil } catch { return error }
    }

    @Test func checksumError() throws {
        let e = try #require(firstError(edit(issLine1, column: 69, "1", fixChecksum: false), issLine2))
        #expect(e.kind == .checksum)
        #expect(e.line == 1 && e.column == 69)
        #expect(e.message.contains("checksum digit is 1"))
        // A minus sign counts one: replacing '-' by '+' in column 59 changes the sum.
        let m = try #require(firstError(edit(issLine1, column: 60, "+", fixChecksum: false), issLine2))
        #expect(m.kind == .checksum)
    }

    @Test func nonBreakingSpaceIsReportedWithColumn() throws {
        var chars = Array(issLine1)
        chars[17] = "\u{00A0}"  // column 18, a separator
        let e = try #require(firstError(String(chars), issLine2))
        #expect(e.kind == .nonASCII)
        #expect(e.line == 1 && e.column == 18)
        #expect(e.message.contains("U+00A0"))
        #expect(e.message.contains("no-break space"))
        // Inside a file, with position and the neighbours still loading.
        let file = vanguardLines.joined(separator: "\n") + "\n0 ISS\n" + String(chars) + "\n" + issLine2 + "\n"
            + vanguardLines.joined(separator: "\n")
        let r = try decodeText(file)
        #expect(r.elementSets.count == 2)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.error.line == 5 && r.problems.first?.error.column == 18)
        #expect(r.problems.first?.recordIndex == 1)
    }

    @Test func layoutErrors() throws {
        let short = try #require(firstError(String(issLine1.dropLast()), issLine2))
        #expect(short.kind == .layout && short.message.contains("68 characters"))
        // A field that overflows into a separator column.
        let shifted = try #require(firstError(edit(issLine1, column: 33, "1"), issLine2))
        #expect(shifted.kind == .layout && shifted.column == 33)
        let tab = try #require(firstError(edit(issLine1, column: 9, "\t"), issLine2))
        #expect(tab.kind == .malformedField && tab.column == 9)
    }

    @Test func exponentFields() throws {
        for bad in ["        ", " 1234a-4", " 12345 4", " 12345-a", "*12345-4", " 1.345-4"] {
            let e = try #require(firstError(edit(issLine1, column: 54, bad), issLine2), "\(bad)")
            #expect(e.kind == .malformedField && e.field == "BSTAR" && e.column == 54, "\(bad)")
        }
        let e = try #require(firstError(edit(issLine1, column: 45, "  0000-0"), issLine2))
        #expect(e.field == "MEAN_MOTION_DDOT")
    }

    @Test func fieldErrors() throws {
        let cases: [(Int, String, String, Int)] = [
            (1, "3", " AAAA", 3), (1, "8", "X", 8), (1, "10", "9806 A  ", 10), (1, "21", "270.8O361721", 21),
            (1, "21", "400.00000000", 21), (1, "34", " .000216a9", 34), (1, "63", "X", 63), (1, "65", " 9X9", 65),
            (2, "9", " 51.63x5", 9), (2, "27", "00013a3", 27), (2, "53", "15.4945324x", 53), (2, "64", "5310X", 64),
        ]
        for (line, column, text, expectedColumn) in cases {
            let c = Int(column) ?? 0
            let e = try #require(line == 1 ? firstError(edit(issLine1, column: c, text), issLine2)
                                           : firstError(issLine1, edit(issLine2, column: c, text)), "\(text)")
            #expect(e.kind == .malformedField, "\(text): \(e)")
            #expect(e.line == line && e.column == expectedColumn, "\(text): \(e)")
        }
    }

    @Test func rangeAndConsistency() throws {
        let mismatch = try #require(firstError(issLine1, edit(issLine2, column: 3, "25545")))
        #expect(mismatch.kind == .inconsistent && mismatch.field == "NORAD_CAT_ID" && mismatch.line == 2)
        let zeroMotion = try #require(firstError(issLine1, edit(issLine2, column: 53, " 0.00000000")))
        #expect(zeroMotion.kind == .outOfRange && zeroMotion.field == "MEAN_MOTION")
        let fast = try #require(firstError(issLine1, edit(issLine2, column: 53, "25.00000000")))
        #expect(fast.kind == .outOfRange)
        let inclination = try #require(firstError(issLine1, edit(issLine2, column: 9, "181.0000")))
        #expect(inclination.kind == .outOfRange && inclination.field == "INCLINATION")
    }

    @Test func gpconfCorruptInputs() throws {
        let unedited = try Fixture.decode("omm-samples/gpconf-derived/derived/corrupt-input/unedited-sets.tle")
        #expect(unedited.elementSets.count == 3 && unedited.problems.isEmpty)
        let cases: [(String, ElementSetError.Kind, Int)] = [
            ("c1-checksum-digit", .checksum, 5), ("c2-line-2-short", .layout, 6),
            ("c3-letter-in-epoch", .malformedField, 5), ("c4-line-2-missing", .truncated, 5),
        ]
        for (name, kind, line) in cases {
            let r = try Fixture.decode("omm-samples/gpconf-derived/derived/corrupt-input/\(name).tle")
            #expect(r.problems.count == 1, "\(name): \(r.problems)")
            #expect(r.problems.first?.error.kind == kind, "\(name)")
            #expect(r.problems.first?.error.line == line, "\(name): \(r.problems)")
            #expect(r.problems.first?.recordIndex == 1, "\(name)")
            // The neighbours load exactly as from the unedited file.
            #expect(r.elementSets == [unedited.elementSets[0], unedited.elementSets[2]], "\(name)")
            #expect(throws: ElementSetError.self) {
                try ElementSetDecoder(strict: true).decode(contentsOfFile: Fixture.path(
                    "omm-samples/gpconf-derived/derived/corrupt-input/\(name).tle"))
            }
        }
    }

    @Test func realMalformedLineInHistory() throws {
        // GALAXY_18.tle line 498 is a 68-character line 2 as published.
        let r = try Fixture.decode("history/GALAXY_18.tle")
        #expect(r.format == .tle)
        #expect(r.elementSets.count == 248)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.error.line == 498 && r.problems.first?.error.kind == .layout)
        #expect(throws: ElementSetError.self) { try Fixture.decode("history/GALAXY_18.tle", strict: true) }
    }

    @Test func truncatedAndOrphanLines() throws {
        let full = vanguardLines.joined(separator: "\n") + "\n0 ISS (ZARYA)\n" + issLine1 + "\n" + issLine2 + "\n"
        // Cut inside the last line 2: a short line.
        let cut = String(full.dropLast(30))
        let r = try decodeText(cut)
        #expect(r.elementSets.count == 1 && r.problems.count == 1 && r.problems[0].error.kind == .layout)
        // Cut after line 1.
        let r2 = try decodeText(vanguardLines.joined(separator: "\n") + "\n0 ISS\n" + issLine1 + "\n")
        #expect(r2.elementSets.count == 1 && r2.problems.first?.error.kind == .truncated && r2.problems.first?.error.line == 5)
        // Cut after a name line.
        let r3 = try decodeText(vanguardLines.joined(separator: "\n") + "\n0 ISS\n")
        #expect(r3.elementSets.count == 1 && r3.problems.first?.error.kind == .truncated && r3.problems.first?.error.line == 4)
        // A line 2 with no line 1.
        let r4 = try decodeText(issLine2 + "\n" + vanguardLines.joined(separator: "\n"))
        #expect(r4.elementSets.count == 1 && r4.problems.first?.error.line == 1 && r4.problems.first?.recordIndex == 0)
        #expect(throws: ElementSetError.self) { try decodeText(cut, strict: true) }
    }

    @Test func htmlAndBinaryAreRefused() throws {
        let html = "<!DOCTYPE html>\n<html><head><title>Login</title></head><body>Please log in</body></html>\n"
        for format in [nil, ElementSetFormat.tle, .threeLine, .ommXML] {
            do {
                _ = try decodeText(html, format: format)
                Issue.record("HTML accepted as \(String(describing: format))")
            } catch {
                #expect(error.kind == .unrecognizedFormat)
                #expect(error.message.contains("HTML"))
            }
        }
        #expect(ElementSetDecoder.detectFormat(Array(html.utf8)) == nil)
        let binary: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 100)
        #expect(throws: ElementSetError.self) { try ElementSetDecoder().decode(binary) }
        #expect(throws: ElementSetError.self) { try ElementSetDecoder().decode(Array("just some words\nno elements\n".utf8)) }
        #expect(throws: ElementSetError.self) { try ElementSetDecoder().decode([]) }
        #expect(throws: ElementSetError.self) { try ElementSetDecoder().decode([0x1F, 0x8B, 0x08, 0x00, 0x01]) }
    }

    @Test func oneBadRecordAmongThousands() throws {
        // 300 real objects with one checksum broken in the middle.
        var lines = textLines(try Fixture.text("catalog-2023-10-head300.3le"))
        lines[451] = edit(lines[451], column: 69, "0", fixChecksum: false) == lines[451]
            ? edit(lines[451], column: 69, "1", fixChecksum: false) : edit(lines[451], column: 69, "0", fixChecksum: false)
        let r = try decodeText(lines.joined(separator: "\n"))
        #expect(r.elementSets.count == 299)
        try #require(r.problems.count == 1, "\(r.problems)")
        #expect(r.problems[0].recordIndex == 150 && r.problems[0].error.line == 452)
        #expect(r.problems[0].description.hasPrefix("record 151: line 452, column 69"))
        #expect(throws: ElementSetError.self) { try decodeText(lines.joined(separator: "\n"), strict: true) }
    }
}

@Suite struct TLEWriting {
    @Test func writesRealLinesBack() throws {
        let r = try Fixture.decode("catalog-2023-10-head300.3le")
        let written = textLines(try ElementSetEncoder(format: .threeLine).encode(r.elementSets))
        // The writer zero-pads catalog numbers; 72 of these objects are space-padded in the source ("1    29U").
        let original = textLines(try Fixture.text("catalog-2023-10-head300.3le")).map { line in
            line.count == 69 && (line.hasPrefix("1 ") || line.hasPrefix("2 "))
                ? String(line.prefix(2)) + String(line.dropFirst(2).prefix(5).map { $0 == " " ? "0" : $0 }) + String(line.dropFirst(7))
                : line
        }
        #expect(written.count == original.count)
        var differing: [String] = []
        // A zero exponent field may carry either sign (Space-Track writes " 00000-0", one object here " 00000+0").
        for (a, b) in zip(written, original) where a != b
            && String(a.prefix(68)) != String(b.prefix(68)).replacingFirst(" 00000+0", with: " 00000-0") {
            differing.append("\(a)\n\(b)")
        }
        #expect(differing.isEmpty, "\(differing.count): \(differing.prefix(6).joined(separator: "\n"))")
    }

    @Test func refusesWhatTLECannotCarry() throws {
        let base = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        for id in [340_000, 799_501_621] {
            var s = base
            s.catalogNumber = try #require(CatalogNumber(id))
            do {
                _ = try ElementSetEncoder(format: .tle).encode([base, s])
                Issue.record("wrote \(id)")
            } catch {
                #expect(error.kind == .notEncodable && error.field == "NORAD_CAT_ID" && error.recordIndex == 1)
                #expect(error.message.contains("339999"))
            }
            #expect(try ElementSetEncoder(format: .ommKVN).encode([s]).contains("= \(id)"))
        }
        var alpha = base
        alpha.catalogNumber = try #require(CatalogNumber(270_449))
        let lines = try alpha.tleLines()
        #expect(lines.line1.hasPrefix("1 T0449U") && lines.line2.hasPrefix("2 T0449 "))
        var old = base
        old.epoch = CivilTime(year: 1950, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0).instant
        #expect(throws: ElementSetError.self) { try old.tleLines() }
        var rev = base
        rev.revolutionNumberAtEpoch = 100_000
        #expect(throws: ElementSetError.self) { try rev.tleLines() }
    }

    @Test func roundsToColumns() throws {
        var s = try ElementSet(tleLine1: issLine1, tleLine2: issLine2)
        s.eccentricity = 0.00013734739
        s.bstarPerEarthRadii = 0.00039357478
        s.meanMotionDotRevPerDay2 = 0.00021639441
        s.meanMotionRevPerDay = 15.494532449
        s.inclinationDeg = 51.632516
        let (l1, l2) = try s.tleLines()
        #expect(l1 == issLine1)
        #expect(l2 == issLine2)
    }
}

@Test("a right-aligned piece in the international designator (archived Space-Track sets) reads the same")
func rightAlignedDesignatorPiece() throws {
    let shifted = issLine1.replacingOccurrences(of: "98067A  ", with: "98067  A")
    #expect(shifted != issLine1)
    let set = try ElementSet(tleLine1: shifted, tleLine2: issLine2)
    #expect(set.objectID == "1998-067A")
    let broken = issLine1.replacingOccurrences(of: "98067A  ", with: "98067A A")
    #expect(throws: ElementSetError.self) { try ElementSet(tleLine1: broken, tleLine2: issLine2) }
}
