import Foundation
import Testing

/// `perigee manoeuvres`, `decay` and `diff` through the built binary.
@Suite struct HistoryCommandTests {
    static let fixtures = "Tests/OrbitHistoryTests/Fixtures/"

    @Test func manoeuvresJSON() throws {
        let out = try PerigeeBinary.run(["manoeuvres", PerigeeBinary.path(Self.fixtures + "maneuver-benchmark/Sentinel-3A.tle.xz"),
                                         "--format", "json"])
        #expect(out.status == 0, "\(out.standardError)")
        let items = try #require(JSONSerialization.jsonObject(with: Data(out.standardOutput.utf8)) as? [[String: Any]])
        #expect(items.count > 40)
        let first = try #require(items.first)
        #expect(first["catalog_number"] as? Int == 41335)
        #expect((first["time"] as? String)?.hasSuffix("Z") == true)
        #expect(["in-plane", "out-of-plane"].contains(first["kind"] as? String ?? ""))
        #expect((first["delta_v_m_s"] as? Double ?? -1) >= 0)
        let confidence = first["confidence"] as? Double ?? -1
        #expect(confidence >= 0 && confidence <= 1)
    }

    @Test func manoeuvresCSVAndStoreOption() throws {
        let file = PerigeeBinary.path(Self.fixtures + "maneuver-benchmark/Sentinel-3A.tle.xz")
        let csv = try PerigeeBinary.run(["manoeuvres", file, "--format", "csv"])
        #expect(csv.lines.first == "catalog_number,time,kind,delta_v_m_s,confidence")
        let store = try PerigeeBinary.run(["manoeuvres", file, "--catalog-number", "41335"])
        #expect(store.status != 0)
        #expect(store.standardError.contains("catalog store"))
    }

    @Test func decayJSON() throws {
        let out = try PerigeeBinary.run(["decay", PerigeeBinary.path(Self.fixtures + "decay/NUTSAT.tle"), "--format", "json"])
        #expect(out.status == 0, "\(out.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(out.standardOutput.utf8)) as? [String: Any])
        #expect(object["catalog_number"] as? Int == 55124)
        #expect((object["predicted_reentry"] as? String)?.hasPrefix("2023-03-3") == true)
        #expect(object["window_start"] is String && object["window_end"] is String)
        #expect((object["basis"] as? String)?.contains("element sets") == true)
        // The forecast of 2023 lies in the past: the answer says so (on standard error, the JSON is unchanged).
        #expect(out.standardError.contains("55124: the predicted re-entry 2023-03-31 is already past; the element sets end 2023-03-31"))
    }

    /// CSV: one row per prediction with the JSON's columns; a single object without a prediction is JSON null (and
    /// exit status 1), not an empty array.
    @Test func decayCSVAndNoPrediction() throws {
        let csv = try PerigeeBinary.run(["decay", PerigeeBinary.path(Self.fixtures + "decay/NUTSAT.tle"), "--format", "csv"])
        #expect(csv.status == 0, "\(csv.standardError)")
        #expect(csv.lines.first == "catalog_number,predicted_reentry,window_start,window_end,basis")
        #expect(csv.lines.count == 2 && csv.lines.last?.hasPrefix("55124,2023-03-3") == true)
        // A geostationary satellite's history (Fengyun-2E, 2011-2018): not decaying.
        let geostationary = PerigeeBinary.path(Self.fixtures + "maneuver-benchmark/Fengyun-2E.tle.xz")
        let none = try PerigeeBinary.run(["decay", geostationary, "--format", "json"])
        #expect(none.status == 1, "\(none.standardError)")
        #expect(none.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "null")
    }

    @Test func decayArrayForSeveralObjects() throws {
        let out = try PerigeeBinary.run(["decay", PerigeeBinary.path(Self.fixtures + "decay/starlink_disappeared_2026-05.tle"),
                                         "--format", "json"])
        let items = try #require(JSONSerialization.jsonObject(with: Data(out.standardOutput.utf8)) as? [[String: Any]])
        // All 14 vanished Starlinks: 12 from their trend, 2 from their single set's mean-motion derivative.
        #expect(items.count == 14)
        #expect(items.filter { ($0["basis"] as? String)?.contains("alone") == true }.count == 2)
    }

    @Test func diffJSONAndTable() throws {
        let old = PerigeeBinary.path(Self.fixtures + "catalog-diff/old-2022-07-14.3le")
        let new = PerigeeBinary.path(Self.fixtures + "catalog-diff/new-2023-10-09.3le")
        let json = try PerigeeBinary.run(["diff", old, new, "--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary["new"] == 4 && summary["decayed"] == 4 && summary["manoeuvred"] == 4)
        let table = try PerigeeBinary.run(["diff", old, new])
        #expect(table.lines.first?.hasPrefix("old 14 objects, new 14") == true)
        // A shorter list says how many rows it left out.
        let short = try PerigeeBinary.run(["diff", old, new, "--limit", "1"])
        #expect(short.lines.filter { $0 == "  … and 3 more" }.count == 3, "\(short.standardOutput)")
        // CSV: one row per change, the same changes as the JSON.
        let csv = try PerigeeBinary.run(["diff", old, new, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.standardError)")
        #expect(csv.lines.first == "change,catalog_number,name,epoch,perigee_altitude_km,delta_a_km,delta_i_deg")
        #expect(csv.lines.filter { $0.hasPrefix("new,") }.count == 4)
        #expect(csv.lines.filter { $0.hasPrefix("decayed,") }.count == 4)
        #expect(csv.lines.filter { $0.hasPrefix("manoeuvred,") }.count == 4)
    }
}
