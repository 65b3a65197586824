import Testing
@testable import ElementSets

@Suite struct Numbers {
    func parse(_ s: String) -> Double? { DecimalParser.parse(s) }

    @Test func decimalForms() {
        #expect(parse(".0004913") == 0.0004913)
        #expect(parse("-.3657E-4") == -0.3657e-4)
        #expect(parse("1.15630e-5") == 1.1563e-5)
        #expect(parse("+25544") == 25544)
        #expect(parse("051.6416") == 51.6416)
        #expect(parse("-0.00216660000000") == -0.0021666)
        #expect(parse("5E-324") == Double.leastNonzeroMagnitude)
        #expect(parse("1.7976931348623157E+308") == .greatestFiniteMagnitude)
        for bad in ["", "-", ".", "1.2.3", "1e", "1e+", "abc", "1 2", "0x10", "inf", "nan", "1e999", "--1", "1,5"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test func exactAgainstStandardLibraryOnRandomDecimals() {
        var g = SeededGenerator(seed: 42)
        let digits = Array("0123456789")
        for _ in 0 ..< 200_000 {
            let intDigits = Int.random(in: 0 ... 12, using: &g)
            let fracDigits = Int.random(in: intDigits == 0 ? 1 ... 24 : 0 ... 24, using: &g)
            var s = Bool.random(using: &g) ? "-" : ""
            s += String((0 ..< intDigits).map { _ in digits.randomElement(using: &g) ?? "0" })
            if fracDigits > 0 { s += "." + String((0 ..< fracDigits).map { _ in digits.randomElement(using: &g) ?? "0" }) }
            if Int.random(in: 0 ..< 4, using: &g) == 0 { s += "e\(Int.random(in: -40 ... 40, using: &g))" }
            let mine = parse(s)
            let reference = Double(s)
            #expect(mine == reference, "\(s)")
            if mine != reference { break }
        }
    }

    @Test func decimalDigitsAndFormatting() throws {
        #expect(DecimalDigits(1e-05)?.shortestText == "0.00001")
        #expect(DecimalDigits(-0.0021666)?.shortestText == "-0.0021666")
        #expect(DecimalDigits(15.0)?.shortestText == "15.0")
        let smallest = DecimalDigits(Double.leastNonzeroMagnitude)?.shortestText
        #expect(smallest == "4.9E-324" || smallest == "5.0E-324")
        #expect(DecimalDigits(0.0)?.shortestText == "0.0")
        let d = try #require(DecimalDigits(0.99999996))
        #expect(d.rounded(fractionDigits: 7).fixed(fractionDigits: 7) == "1.0000000")
        #expect(DecimalDigits(51.63251)?.rounded(fractionDigits: 4).fixed(fractionDigits: 4) == "51.6325")
        #expect(DecimalDigits(0.00039357478)?.rounded(significantDigits: 5).digits == [3, 9, 3, 5, 7])
        var g = SeededGenerator(seed: 7)
        for _ in 0 ..< 50_000 {
            let x = Double(bitPattern: g.next())
            guard x.isFinite, let t = DecimalDigits(x)?.shortestText else { continue }
            #expect(parse(t) == x, "\(x) → \(t)")
        }
    }

    @Test func tleExponentWriter() throws {
        #expect(try TLEWriter.exponentText(0, "BSTAR", recordIndex: nil) == " 00000-0")
        #expect(try TLEWriter.exponentText(-0.11606e-4, "BSTAR", recordIndex: nil) == "-11606-4")
        #expect(try TLEWriter.exponentText(1.2345, "BSTAR", recordIndex: nil) == " 12345+1")
        #expect(try TLEWriter.exponentText(0.99999999e-3, "BSTAR", recordIndex: nil) == " 10000-2")
        #expect(throws: ElementSetError.self) { try TLEWriter.exponentText(.nan, "BSTAR", recordIndex: nil) }
        #expect(throws: ElementSetError.self) { try TLEWriter.exponentText(1e12, "BSTAR", recordIndex: nil) }
    }
}

@Suite struct CatalogNumbers {
    @Test func alpha5Vectors() throws {
        let v = try jsonObject(gpconf + "../vectors/alpha5.json")
        var pairs: [(Int, String)] = []
        for key in ["official_examples", "boundaries", "skip_boundaries", "below_100000"] {
            for item in try #require(v[key] as? [[String: Any]]) {
                pairs.append((try #require(item["norad_cat_id"] as? Int), try #require(item["field"] as? String)))
            }
        }
        #expect(pairs.count > 60)
        for (number, field) in pairs {
            #expect(CatalogNumber(tleField: Substring(field))?.rawValue == number, "\(field)")
            #expect(CatalogNumber(number)?.tleField == field, "\(number)")
        }
        for item in try #require(v["decode_invalid"] as? [[String: Any]]) {
            let field = try #require(item["field"] as? String)
            #expect(CatalogNumber(tleField: Substring(field)) == nil, "\(field)")
        }
        for item in try #require(v["encode_unrepresentable"] as? [[String: Any]]) {
            let number = try #require(item["norad_cat_id"] as? Int)
            #expect(CatalogNumber(number)?.tleField == nil, "\(number)")
        }
        #expect(CatalogNumber(tleField: "    5")?.rawValue == 5)
        #expect(CatalogNumber(tleField: "5    ") == nil)
    }

    /// A catalog number as a person types it: every Alpha-5 field of the vectors reads as its value, in either case,
    /// and so do plain decimals; other text does not.
    @Test func commandLineText() throws {
        let v = try jsonObject(gpconf + "../vectors/alpha5.json")
        for key in ["official_examples", "boundaries", "skip_boundaries", "below_100000"] {
            for item in try #require(v[key] as? [[String: Any]]) {
                let number = try #require(item["norad_cat_id"] as? Int), field = try #require(item["field"] as? String)
                #expect(CatalogNumber(text: field)?.rawValue == number, "\(field)")
                #expect(CatalogNumber(text: field.lowercased())?.rawValue == number, "\(field)")
                #expect(CatalogNumber(text: String(number))?.rawValue == number, "\(number)")
            }
        }
        #expect(CatalogNumber(text: "999999999")?.rawValue == 999_999_999)
        #expect(CatalogNumber(text: "000025544")?.rawValue == 25544)
        #expect(CatalogNumber(text: "0")?.rawValue == 0)
        for bad in ["", "1000000000", "-5", "+5", " 5", "I0000", "o0000", "T000", "T00000", "TT000", "25544.0", "0x10"] {
            #expect(CatalogNumber(text: bad) == nil, "\(bad)")
        }
    }

    @Test func ommCatalogText() throws {
        let v = try jsonObject(gpconf + "../vectors/norad-cat-id-text.json")
        for item in try #require(v["valid"] as? [[String: Any]]) {
            let text = try #require(item["text"] as? String)
            #expect(CatalogNumber(ommText: text)?.rawValue == item["value"] as? Int, "\(text)")
        }
        for item in try #require(v["invalid_in_omm"] as? [[String: Any]]) {
            let text = try #require(item["text"] as? String)
            #expect(CatalogNumber(ommText: text) == nil, "\(text)")
        }
    }
}
