import Foundation
import Testing

/// `perigee manoeuvres`, `decay` and `diff` reading their element sets from the store, on every backend: the same
/// reference expectations as the file forms (HistoryCommandTests), and the same answers as the file forms, since
/// the store keeps every field at full precision.
@Suite("Analytics from the store")
struct StoreAnalyticsTests {
    static let fixtures = "Tests/OrbitHistoryTests/Fixtures/"

    /// Ingests `files` into a fresh store, runs `body` with its `--database` value, and drops the store after.
    static func withStore(_ backend: CLIDatabase, _ files: [String], _ body: (String) throws -> Void) async throws {
        try await backend.withFresh { database in
            let ingest = try PerigeeBinary.run(["ingest"] + files.map { PerigeeBinary.path(fixtures + $0) }
                                               + ["--database", database])
            #expect(ingest.status == 0, "\(ingest.standardError)")
            try body(database)
        }
    }

    @Test(arguments: CLIDatabase.enabled)
    func manoeuvresFromTheStore(_ backend: CLIDatabase) async throws {
        let file = "maneuver-benchmark/Sentinel-3A.tle.xz"
        try await Self.withStore(backend, [file]) { database in
            let stored = try PerigeeBinary.run(["manoeuvres", "--catalog-number", "41335", "--format", "json", "--database", database])
            #expect(stored.status == 0, "\(stored.standardError)")
            #expect(stored.standardError.contains("data: newest epoch"))
            let items = try #require(JSONSerialization.jsonObject(with: Data(stored.standardOutput.utf8)) as? [[String: Any]])
            #expect(items.count > 40)
            #expect(items.allSatisfy { $0["catalog_number"] as? Int == 41335 })
            let fromFile = try PerigeeBinary.run(["manoeuvres", PerigeeBinary.path(Self.fixtures + file), "--format", "json"])
            #expect(stored.standardOutput == fromFile.standardOutput)

            let missing = try PerigeeBinary.run(["manoeuvres", "--catalog-number", "25544", "--database", database])
            #expect(missing.status == 2 && missing.standardError.contains("no element sets stored"))
            let neither = try PerigeeBinary.run(["manoeuvres", "--database", database])
            #expect(neither.status != 0 && neither.standardError.contains("--catalog-number"))
        }
    }

    @Test(arguments: CLIDatabase.enabled)
    func decayFromTheStore(_ backend: CLIDatabase) async throws {
        // NUTSAT (55124) re-entered on 2023-04-04 (GCAT); the prediction from its sets lands at the end of March.
        try await Self.withStore(backend, ["decay/NUTSAT.tle"]) { database in
            let stored = try PerigeeBinary.run(["decay", "--catalog-number", "55124", "--format", "json", "--database", database])
            #expect(stored.status == 0, "\(stored.standardError)")
            #expect(stored.standardError.contains("data: newest epoch 2023-03-31"))
            let object = try #require(JSONSerialization.jsonObject(with: Data(stored.standardOutput.utf8)) as? [String: Any])
            #expect(object["catalog_number"] as? Int == 55124)
            #expect((object["predicted_reentry"] as? String)?.hasPrefix("2023-03-3") == true)
            let fromFile = try PerigeeBinary.run(["decay", PerigeeBinary.path(Self.fixtures + "decay/NUTSAT.tle"), "--format", "json"])
            #expect(stored.standardOutput == fromFile.standardOutput)
            // The launch view carries the same forecast for the object still in orbit (no SATCAT decay date stored).
            let launch = try PerigeeBinary.run(["launch", "1998-067", "--format", "csv", "--database", database])
            #expect(launch.status == 0, "\(launch.standardError)")
            #expect(launch.lines.first?.contains(",verdict,decay_date,predicted_reentry,") == true)
            let row = try #require(launch.lines.dropFirst().first)
            #expect(row.hasPrefix("55124,1998-067UR,") && row.contains(",in orbit,,"))
            // The forecast, and no last manoeuvre (NUTSAT has no propulsion; its storm-time detections are weak).
            #expect(row.hasSuffix("," + String(describing: object["predicted_reentry"] ?? "") + ",,,"), "\(row)")
        }
    }

    @Test(arguments: CLIDatabase.enabled)
    func launchShowsWhoIsAlive(_ backend: CLIDatabase) async throws {
        // 68611 (2026-073K) raised its orbit in the 2026-05 week; 49141 (2021-082M) held its station.
        try await Self.withStore(backend, ["sustained-raise/starlink_week_2026-05.tle"]) { database in
            let raising = try PerigeeBinary.run(["launch", "2026-073", "--format", "json", "--database", database])
            #expect(raising.status == 0, "\(raising.standardError)")
            let rows = try #require(JSONSerialization.jsonObject(with: Data(raising.standardOutput.utf8)) as? [[String: Any]])
            let row = try #require(rows.first { $0["catalog_number"] as? Int == 68_611 })
            let manoeuvre = try #require(row["last_manoeuvre"] as? [String: Any])
            // The same record as `perigee manoeuvres` and the HTTP service give, with the interval the sets bound.
            #expect(manoeuvre["catalog_number"] as? Int == 68_611)
            #expect(manoeuvre["kind"] as? String == "in-plane")
            #expect((manoeuvre["delta_v_m_s"] as? Double ?? 0) > 1)
            #expect((manoeuvre["time"] as? String)?.hasPrefix("2026-05") == true)
            // Its raise runs over the week: the sets show it until the end of the run.
            let time = try #require(manoeuvre["time"] as? String), until = try #require(manoeuvre["following_epoch"] as? String)
            #expect(until > time && (manoeuvre["preceding_epoch"] as? String ?? "") < time)
            let table = try PerigeeBinary.run(["launch", "2026-073", "--database", database])
            #expect(table.lines.contains { $0.contains(" 68611 ") && $0.contains("(last manoeuvre \(time.prefix(10)) … \(until.prefix(10)), ") })
            let holding = try PerigeeBinary.run(["launch", "2021-082", "--format", "csv", "--database", database])
            #expect(holding.status == 0, "\(holding.standardError)")
            #expect(holding.lines.first?.hasSuffix(",last_manoeuvre,last_manoeuvre_kind,last_manoeuvre_delta_v_m_s") == true)
            let line = try #require(holding.lines.first { $0.hasPrefix("49141,") })
            #expect(line.hasSuffix(",,,"), "\(line)")
        }
    }

    @Test(arguments: CLIDatabase.enabled)
    func diffBetweenTwoDatesOfTheStore(_ backend: CLIDatabase) async throws {
        // The two snapshots of catalog-diff/SOURCE.md: 4 raised Starlinks, 4 re-entered, 4 new objects.
        let old = "catalog-diff/old-2022-07-14.3le", new = "catalog-diff/new-2023-10-09.3le"
        try await Self.withStore(backend, [old, new]) { database in
            // Epochs reach 81 days before 2023-10-09 in the newer snapshot, hence 90 stale days.
            let stored = try PerigeeBinary.run(["diff", "--from", "2022-07-15", "--to", "2023-10-09", "--stale-days", "90",
                                                "--format", "json", "--database", database])
            #expect(stored.status == 0, "\(stored.standardError)")
            #expect(stored.standardError.contains("data: newest epoch"))
            let object = try #require(JSONSerialization.jsonObject(with: Data(stored.standardOutput.utf8)) as? [String: Any])
            let summary = try #require(object["summary"] as? [String: Int])
            #expect(summary["old_objects"] == 14 && summary["new_objects"] == 14)
            #expect(summary["new"] == 4 && summary["decayed"] == 4 && summary["manoeuvred"] == 4)
            let files = try PerigeeBinary.run(["diff", PerigeeBinary.path(Self.fixtures + old), PerigeeBinary.path(Self.fixtures + new),
                                               "--format", "json"])
            #expect(stored.standardOutput == files.standardOutput)

            // Before the older snapshot the store held nothing; mixing the two forms is refused.
            let early = try PerigeeBinary.run(["diff", "--from", "2020-01-01", "--to", "2023-10-09", "--database", database])
            #expect(early.status == 2 && early.standardError.contains("no element sets"))
            let mixed = try PerigeeBinary.run(["diff", PerigeeBinary.path(Self.fixtures + old), "--from", "2022-07-15",
                                               "--to", "2023-10-09", "--database", database])
            #expect(mixed.status != 0)
            let backwards = try PerigeeBinary.run(["diff", "--from", "2023-10-09", "--to", "2022-07-15", "--database", database])
            #expect(backwards.status == 2 && backwards.standardError.contains("--from must be before --to"))
            // Two dates in place of the files mean --from and --to.
            let positional = try PerigeeBinary.run(["diff", "2022-07-15", "2023-10-09", "--stale-days", "90",
                                                    "--format", "json", "--database", database])
            #expect(positional.status == 0, "\(positional.standardError)")
            #expect(positional.standardOutput == stored.standardOutput)
            // A date past the data is an error, not a catalog in which everything vanished.
            let late = try PerigeeBinary.run(["diff", "--from", "2023-10-09", "--to", "2030-01-01", "--database", database])
            #expect(late.status == 2 && late.standardError.contains("no element sets in the 30.0 days before 2030-01-01"),
                    "\(late.standardError)")
        }
    }
}
