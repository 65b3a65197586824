import Astrodynamics
import Catalog
import ElementSets
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Observation
import Propagation
import Service
import Testing

/// One happy-path request: the URI and the OpenAPI path template it must conform to.
struct Endpoint: CustomTestStringConvertible, Sendable {
    var uri: String
    var template: String
    var testDescription: String { uri }
}

let site = "latitude=37.5665&longitude=126.978&height_m=38"
let endpoints: [Endpoint] = [
    Endpoint(uri: "/health", template: "/health"),
    Endpoint(uri: "/api/v1/sites", template: "/api/v1/sites"),
    Endpoint(uri: "/api/v1/objects?q=iss", template: "/api/v1/objects"),
    Endpoint(uri: "/api/v1/objects?q=25544", template: "/api/v1/objects"),
    Endpoint(uri: "/api/v1/objects?q=1998-067&limit=5", template: "/api/v1/objects"),
    Endpoint(uri: "/api/v1/objects/25544", template: "/api/v1/objects/{catalog_number}"),
    Endpoint(uri: "/api/v1/objects/25544/history/summary", template: "/api/v1/objects/{catalog_number}/history/summary"),
    Endpoint(uri: "/api/v1/objects/55124/history/summary", template: "/api/v1/objects/{catalog_number}/history/summary"),
    Endpoint(uri: "/api/v1/positions?at=\(Fixture.at)", template: "/api/v1/positions"),
    Endpoint(uri: "/api/v1/positions?at=\(Fixture.at)&catalog_number=25544&catalog_number=20580,7530", template: "/api/v1/positions"),
    Endpoint(uri: "/api/v1/objects/25544/track?start=\(Fixture.at)&end=2023-10-09T13:00:00Z&step_s=120",
             template: "/api/v1/objects/{catalog_number}/track"),
    Endpoint(uri: "/api/v1/objects/25544/footprint?at=\(Fixture.at)&min_elevation=10", template: "/api/v1/objects/{catalog_number}/footprint"),
    Endpoint(uri: "/api/v1/objects/25544/look?\(site)&at=\(Fixture.at)&frequency_mhz=145.8", template: "/api/v1/objects/{catalog_number}/look"),
    Endpoint(uri: "/api/v1/objects/25544/look?site=London&at=\(Fixture.at)", template: "/api/v1/objects/{catalog_number}/look"),
    Endpoint(uri: "/api/v1/passes?catalog_number=25544&\(site)&start=2023-10-09T00:00:00Z&end=2023-10-10T00:00:00Z",
             template: "/api/v1/passes"),
    Endpoint(uri: "/api/v1/passes?\(site)&start=2023-10-09T00:00:00Z&end=2023-10-09T12:00:00Z&min_elevation=20", template: "/api/v1/passes"),
    Endpoint(uri: "/api/v1/above?\(site)&at=\(Fixture.at)&min_elevation=-5", template: "/api/v1/above"),
    Endpoint(uri: "/api/v1/conjunctions?catalog_number=25544&start=\(Fixture.at)&duration=2h&threshold_km=50",
             template: "/api/v1/conjunctions"),
    Endpoint(uri: "/api/v1/objects/25544/manoeuvres", template: "/api/v1/objects/{catalog_number}/manoeuvres"),
    Endpoint(uri: "/api/v1/objects/55124/decay", template: "/api/v1/objects/{catalog_number}/decay"),
    Endpoint(uri: "/api/v1/objects/25544/decay", template: "/api/v1/objects/{catalog_number}/decay"),
    Endpoint(uri: "/api/v1/launches/1998-067", template: "/api/v1/launches/{designator}"),
    Endpoint(uri: "/api/v1/launches/74089", template: "/api/v1/launches/{designator}"),
    Endpoint(uri: "/api/v1/diff?from=2023-03-01T00:00:00Z&to=2023-10-09T23:00:00Z", template: "/api/v1/diff"),
]

@Suite("HTTP routes")
struct RouteTests {
    @Test(arguments: Backend.enabled)
    func everyEndpointAnswersWhatTheOpenAPIDocumentDescribes(_ backend: Backend) async throws {
        let fixture = try await ServiceFixture.make(backend)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            for endpoint in endpoints {
                try await client.execute(uri: endpoint.uri, method: .get) { response in
                    #expect(response.status == .ok, "\(endpoint.uri): \(text(response))")
                    #expect(response.headers[.eTag] != nil, "\(endpoint.uri) has no ETag")
                    #expect(response.headers[.cacheControl] != nil, "\(endpoint.uri) has no Cache-Control")
                    let body = try json(response)
                    let schema = try #require(OpenAPI.validator.responseSchema(path: endpoint.template, method: "get", status: 200),
                                              "no schema for \(endpoint.template)")
                    let problems = OpenAPI.validator.errors(body, schema)
                    #expect(problems.isEmpty, "\(endpoint.uri): \(problems.prefix(5))")
                    if endpoint.template != "/health", endpoint.template != "/api/v1/sites", endpoint.template != "/api/v1/objects",
                       endpoint.template != "/api/v1/diff" {
                        #expect(body["element_sets"] != nil || body["data"] != nil, "\(endpoint.uri) names no element sets")
                    }
                }
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func elementFormatsAndHistory(_ backend: Backend) async throws {
        let fixture = try await ServiceFixture.make(backend)
        defer { Task { await fixture.cleanUp() } }
        let sample = try Fixture.sets(Fixture.sample)
        let iss = try #require(sample.first { $0.catalogNumber.rawValue == 25544 })
        try await fixture.test { client in
            for (format, type) in [("omm-json", "application/json"), ("omm-xml", "application/xml"), ("omm-kvn", "text/plain"),
                                   ("omm-csv", "text/csv"), ("tle", "text/plain")] {
                try await client.execute(uri: "/api/v1/objects/25544/elements?format=\(format)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true)
                    #expect(response.headers[HTTPField.Name("X-Perigee-Newest-Epoch")!] == "2023-10-09T11:28:04.557Z"
                            || response.headers[HTTPField.Name("X-Perigee-Newest-Epoch")!] != nil)
                    // The body decodes back to the stored set: the latest ISS set is the sample's.
                    let decoded = try ElementSetDecoder().decode(Array(text(response).utf8)).elementSets
                    try #require(decoded.count == 1, "\(format)")
                    #expect(decoded[0].catalogNumber == iss.catalogNumber)
                    #expect(abs(decoded[0].epoch.seconds(since: iss.epoch)) < 1e-3)
                    #expect(abs(decoded[0].meanMotionRevPerDay - iss.meanMotionRevPerDay) < 1e-8)
                }
            }
            // History between two instants: exactly the stored sets with epochs in range.
            let history = try Fixture.sets(Fixture.issHistory)
            let from = try Instant(iso8601: "2023-02-01T00:00:00Z"), to = try Instant(iso8601: "2023-03-01T00:00:00Z")
            let expected = Set(history.filter { $0.epoch >= from && $0.epoch <= to }.map { $0.epoch.iso8601(fractionDigits: 3) })
            try await client.execute(uri: "/api/v1/objects/25544/history?format=omm-json&from=2023-02-01T00:00:00Z&to=2023-03-01T00:00:00Z",
                                     method: .get) { response in
                #expect(response.status == .ok)
                let decoded = try ElementSetDecoder().decode(Array(text(response).utf8)).elementSets
                #expect(Set(decoded.map { $0.epoch.iso8601(fractionDigits: 3) }) == expected)
                #expect(!expected.isEmpty)
            }
        }
    }

    /// The detailed position equals SGP4Propagator's TEME state, and the geodetic point the TEME → ITRS → WGS 84
    /// conversion of it; the look angles equal Site.lookAngles; track points equal GroundTrack's.
    @Test(arguments: Backend.enabled)
    func answersMatchTheLibrary(_ backend: Backend) async throws {
        let fixture = try await ServiceFixture.make(backend)
        defer { Task { await fixture.cleanUp() } }
        let sample = try Fixture.sets(Fixture.sample)
        let propagator = try SGP4Propagator(try #require(sample.first { $0.catalogNumber.rawValue == 25544 }))
        let at = try Instant(iso8601: Fixture.at)
        let state = try propagator.state(at: at)
        let point = GroundTrack.subsatellitePoint(of: state, at: at)
        let seoul = try Site(latitudeDeg: 37.5665, longitudeDeg: 126.978, heightMeters: 38)
        let look = seoul.lookAngles(to: state, at: at)
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/positions?at=\(Fixture.at)&catalog_number=25544", method: .get) { response in
                let p = try #require(try json(response)["positions"]?[0])
                #expect(abs(try #require(p["x_km"]?.double) - state.positionKm.x) < 1e-6)
                #expect(abs(try #require(p["y_km"]?.double) - state.positionKm.y) < 1e-6)
                #expect(abs(try #require(p["z_km"]?.double) - state.positionKm.z) < 1e-6)
                #expect(abs(try #require(p["vx_km_s"]?.double) - state.velocityKmPerS.x) < 1e-9)
                #expect(abs(try #require(p["latitude_deg"]?.double) - point.latitudeDeg) < 1e-6)
                #expect(abs(try #require(p["longitude_deg"]?.double) - point.longitudeDeg) < 1e-6)
                #expect(abs(try #require(p["height_km"]?.double) - point.heightKm) < 1e-6)
                let reference = try #require(try json(response)["element_sets"]?[0])
                #expect(reference["catalog_number"]?.int == 25544)
                #expect(reference["epoch"]?.string == propagator.elementSet.epoch.iso8601(fractionDigits: 3))
                let age = at.seconds(since: propagator.elementSet.epoch) / 86_400
                #expect(abs(try #require(reference["age_days"]?.double) - age) < 1e-4)
            }
            // The whole-catalog map holds the same point for the same object.
            try await client.execute(uri: "/api/v1/positions?at=\(Fixture.at)", method: .get) { response in
                let body = try json(response)
                let numbers = try #require(body["catalog_numbers"]?.array)
                let k = try #require(numbers.firstIndex(of: .number(25544, isInteger: true)))
                #expect(abs(try #require(body["latitudes_deg"]?[k]?.double) - point.latitudeDeg) < 1e-4)
                #expect(body["count"]?.int == numbers.count)
                // The snapshot holds one latest set per stored object: the sample's 16 plus NUTSAT (decayed, so it
                // has no position and is left out of the columns, but its set is still the object's latest).
                let objects = Set(try [Fixture.sample, Fixture.issHistory, Fixture.nutsat]
                    .flatMap { try Fixture.sets($0) }.map(\.catalogNumber))
                #expect(body["data"]?["element_set_count"]?.int == objects.count)
                #expect(!numbers.contains(.number(55124, isInteger: true)))
            }
            try await client.execute(uri: "/api/v1/objects/25544/look?\(site)&at=\(Fixture.at)&frequency_mhz=437", method: .get) { response in
                let body = try json(response)
                #expect(abs(try #require(body["azimuth_deg"]?.double) - look.azimuthDeg) < 1e-6)
                #expect(abs(try #require(body["elevation_deg"]?.double) - look.elevationDeg) < 1e-6)
                #expect(abs(try #require(body["range_km"]?.double) - look.rangeKm) < 1e-6)
                #expect(abs(try #require(body["range_rate_km_s"]?.double) - look.rangeRateKmPerS) < 1e-9)
                // First-order Doppler: -f·ṙ/c.
                let doppler = -437e6 * look.rangeRateKmPerS / 299_792.458
                #expect(abs(try #require(body["doppler_hz"]?.double) - doppler) < 1e-3)
            }
            let end = try Instant(iso8601: "2023-10-09T13:00:00Z")
            let track = try GroundTrack.points(for: propagator, from: at, to: end, stepSeconds: 120)
            try await client.execute(uri: "/api/v1/objects/25544/track?start=\(Fixture.at)&end=2023-10-09T13:00:00Z&step_s=120",
                                     method: .get) { response in
                let points = try #require(try json(response)["points"]?.array)
                #expect(points.count == track.count)
                for (p, q) in zip(points, track) {
                    #expect(abs(try #require(p["latitude_deg"]?.double) - q.latitudeDeg) < 1e-5)
                    #expect(abs(try #require(p["longitude_deg"]?.double) - q.longitudeDeg) < 1e-5)
                }
            }
            // Passes equal PassFinder's for the same site and window.
            let start = try Instant(iso8601: "2023-10-09T00:00:00Z"), stop = try Instant(iso8601: "2023-10-10T00:00:00Z")
            let passes = try PassFinder(site: seoul, minimumElevationDeg: 10).passes(for: propagator, from: start, to: stop)
            try await client.execute(uri: "/api/v1/passes?catalog_number=25544&\(site)&start=2023-10-09T00:00:00Z&end=2023-10-10T00:00:00Z",
                                     method: .get) { response in
                let list = try #require(try json(response)["passes"]?.array)
                #expect(list.count == passes.count)
                #expect(!passes.isEmpty)
                for (p, q) in zip(list, passes) {
                    #expect(p["culmination"]?["time"]?.string == q.culmination.instant.iso8601(fractionDigits: 3))
                    #expect(abs(try #require(p["culmination"]?["elevation_deg"]?.double) - q.culmination.elevationDeg) < 1e-5)
                }
            }
            // Search: by number, designator prefix and name.
            try await client.execute(uri: "/api/v1/objects?q=zarya", method: .get) { response in
                let objects = try #require(try json(response)["objects"]?.array)
                #expect(objects.contains { $0["catalog_number"]?.int == 25544 })
            }
            // The history summary has one point per stored set and finds ISS reboosts.
            try await client.execute(uri: "/api/v1/objects/25544/history/summary", method: .get) { response in
                let body = try json(response)
                let stored = try await fixture.store.history(of: try #require(CatalogNumber(25544))).count
                #expect(body["points"]?.array?.count == stored)
                #expect((body["manoeuvres"]?.array?.count ?? 0) > 0)
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func etagAndConditionalRequests(_ backend: Backend) async throws {
        let fixture = try await ServiceFixture.make(backend)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            let uri = "/api/v1/positions?at=\(Fixture.at)&catalog_number=25544"
            var tag = ""
            try await client.execute(uri: uri, method: .get) { response in
                tag = try #require(response.headers[.eTag])
                #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
                #expect(response.headers[.cacheControl]?.contains("max-age") == true)
            }
            let etag = tag
            try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"something-else\""]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == etag)
            }
            // A different question has a different tag.
            try await client.execute(uri: "/api/v1/positions?at=2023-10-09T12:00:01Z&catalog_number=25544", method: .get) { response in
                #expect(response.headers[.eTag] != etag)
            }
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = try json(response)
                #expect(document["openapi"]?.string == "3.1.0")
                let tag = try #require(response.headers[.eTag])
                try await client.execute(uri: "/openapi.json", method: .get, headers: [.ifNoneMatch: tag]) { second in
                    #expect(second.status == .notModified)
                }
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func writesNeedAnAPIKey(_ backend: Backend) async throws {
        let fixture = try await ServiceFixture.make(backend)
        defer { Task { await fixture.cleanUp() } }
        let upload = try String(contentsOfFile: Fixture.testsRoot.appendingPathComponent("ElementSetsTests/Fixtures/history/TESS.tle").path,
                                encoding: .utf8)
        try await fixture.test { client in
            for path in ["/api/v1/ingest", "/api/v1/sync"] {
                try await client.execute(uri: path, method: .post, body: ByteBuffer(string: upload)) { response in
                    #expect(response.status == .unauthorized)
                    let answer = try json(response)
                    #expect(answer["error"]?["parameter"]?.string == "X-API-Key")
                }
                try await client.execute(uri: path, method: .post, headers: [HTTPField.Name("X-API-Key")!: "wrong"],
                                         body: ByteBuffer(string: upload)) { response in
                    #expect(response.status == .forbidden)
                }
                // A key in the URL is not a key.
                try await client.execute(uri: path + "?api_key=\(Fixture.apiKey)", method: .post, body: ByteBuffer(string: upload)) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            let before = try await fixture.store.elementSetCount()
            try await client.execute(uri: "/api/v1/ingest", method: .post, headers: [HTTPField.Name("X-API-Key")!: Fixture.apiKey],
                                     body: ByteBuffer(string: upload)) { response in
                #expect(response.status == .ok, "\(text(response))")
                let summary = try #require(try json(response)["ingest"])
                let read = try Fixture.sets(Fixture.testsRoot.appendingPathComponent("ElementSetsTests/Fixtures/history/TESS.tle").path).count
                #expect(summary["element_sets_read"]?.int == read)
                let schema = try #require(OpenAPI.validator.responseSchema(path: "/api/v1/ingest", method: "post", status: 200))
                #expect(OpenAPI.validator.errors(try json(response), schema).isEmpty)
            }
            let after = try await fixture.store.elementSetCount()
            #expect(after > before)
            // Garbage is a 400 naming the body, never a 500.
            try await client.execute(uri: "/api/v1/ingest", method: .post, headers: [HTTPField.Name("X-API-Key")!: Fixture.apiKey],
                                     body: ByteBuffer(string: "")) { response in
                #expect(response.status == .badRequest)
                let answer = try json(response)
                #expect(answer["error"]?["parameter"]?.string == "body")
            }
            // The sync source is unreachable in tests: a 502, not a 500.
            try await client.execute(uri: "/api/v1/sync?group=stations", method: .post,
                                     headers: [HTTPField.Name("X-API-Key")!: Fixture.apiKey]) { response in
                #expect(response.status == .badGateway, "\(text(response))")
            }
        }
    }

    @Test func apiKeyDigestsAndConstantTimeComparison() throws {
        // FIPS 180-2 example: SHA-256("abc").
        #expect(APIKeys.digestHex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let digests = try APIKeys.readDigests(fileContents: "# keys\n\n" + APIKeys.digestHex(of: "one") + "\n" + APIKeys.digestHex(of: "two") + "\n",
                                              path: "keys")
        #expect(digests.count == 2)
        #expect(APIKeys.isValid("one", digests: digests))
        #expect(APIKeys.isValid("two", digests: digests))
        #expect(!APIKeys.isValid("three", digests: digests))
        #expect(!APIKeys.isValid("one", digests: []))
        // CRLF line ends read the same.
        let crlf = "# keys\r\n" + APIKeys.digestHex(of: "one") + "\r\n" + APIKeys.digestHex(of: "two") + "\r\n"
        #expect(try APIKeys.readDigests(fileContents: crlf, path: "keys") == digests)
        #expect(throws: APIKeyFileError.self) { try APIKeys.readDigests(fileContents: "not-a-digest\n", path: "keys") }
        do {
            _ = try APIKeys.readDigests(fileContents: APIKeys.digestHex(of: "a") + "\nzz\n", path: "keys")
            Issue.record("a bad line was accepted")
        } catch {
            #expect(error.line == 2)
        }
    }
}
