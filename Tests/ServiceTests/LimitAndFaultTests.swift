import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// A request over a limit and the parameter the 400 must name.
struct LimitCase: CustomTestStringConvertible, Sendable {
    var uri: String
    var parameter: String
    var testDescription: String { uri }
}

let manyNumbers = (1...1_001).map(String.init).joined(separator: ",")
let limitCases: [LimitCase] = [
    LimitCase(uri: "/api/v1/objects/25544/track?start=2023-10-01T00:00:00Z&end=2023-10-11T00:00:01Z&step_s=600", parameter: "end"),
    LimitCase(uri: "/api/v1/objects/25544/track?start=2023-10-09T00:00:00Z&end=2023-10-10T00:00:00Z&step_s=1", parameter: "step_s"),
    LimitCase(uri: "/api/v1/positions?at=2023-10-09T12:00:00Z&catalog_number=\(manyNumbers)", parameter: "catalog_number"),
    LimitCase(uri: "/api/v1/passes?catalog_number=\(manyNumbers)&latitude=0&longitude=0", parameter: "catalog_number"),
    LimitCase(uri: "/api/v1/objects?q=a&limit=501", parameter: "limit"),
    LimitCase(uri: "/api/v1/passes?catalog_number=25544&latitude=0&longitude=0&start=2023-10-01T00:00:00Z&end=2023-10-12T00:00:00Z",
              parameter: "end"),
    LimitCase(uri: "/api/v1/passes?latitude=0&longitude=0&start=2023-10-09T00:00:00Z&end=2023-10-10T00:00:01Z", parameter: "end"),
    LimitCase(uri: "/api/v1/conjunctions?catalog_number=25544&start=2023-10-09T00:00:00Z&duration=11d", parameter: "duration"),
]

/// Malformed or hostile requests: each must answer a 4xx JSON error, never a 5xx.
let malformedURIs: [String] = [
    "/api/v1/objects/abc", "/api/v1/objects/-1", "/api/v1/objects/99999999999999999999", "/api/v1/objects/1e5",
    "/api/v1/objects/%00", "/api/v1/objects/25544/elements?format=pdf", "/api/v1/objects/25544/elements?format=tle&format=tle",
    "/api/v1/objects/12345", "/api/v1/objects/12345/track", "/api/v1/objects/25544/history?from=yesterday",
    "/api/v1/objects/25544/history?from=2023-05-01T00:00:00Z&to=2023-01-01T00:00:00Z",
    "/api/v1/objects", "/api/v1/objects?q=", "/api/v1/objects?limit=0&q=x", "/api/v1/objects?q=x&limit=ten",
    "/api/v1/objects?q=" + String(repeating: "x", count: 500),
    "/api/v1/positions?at=not-a-time", "/api/v1/positions?at=2023-13-45T99:99:99Z", "/api/v1/positions?at=99999-01-01T00:00:00Z",
    "/api/v1/positions?at=2023-10-09T12:00:00Z&catalog_number=x", "/api/v1/positions?catalog_number=,,,",
    "/api/v1/positions?catalog_number=1000000000", "/api/v1/positions?at=2023-10-09T12:00:00Z&at=2023-10-09T12:00:01Z",
    "/api/v1/objects/25544/track?start=2023-10-09T00:00:00Z&end=2023-10-08T00:00:00Z",
    "/api/v1/objects/25544/track?step_s=0", "/api/v1/objects/25544/track?step_s=-60", "/api/v1/objects/25544/track?step_s=nan",
    "/api/v1/objects/25544/track?step_s=inf", "/api/v1/objects/25544/track?step_s=1e308",
    "/api/v1/objects/25544/footprint?min_elevation=95", "/api/v1/objects/25544/footprint?min_elevation=NaN",
    "/api/v1/objects/25544/look", "/api/v1/objects/25544/look?latitude=91&longitude=0", "/api/v1/objects/25544/look?latitude=0",
    "/api/v1/objects/25544/look?latitude=0&longitude=0&height_m=1e9", "/api/v1/objects/25544/look?site=Atlantis",
    "/api/v1/objects/25544/look?latitude=0&longitude=0&frequency_mhz=-5",
    "/api/v1/objects/25544/look?latitude=0&longitude=0&at=2150-01-01T00:00:00Z",
    "/api/v1/passes", "/api/v1/passes?latitude=x&longitude=0", "/api/v1/passes?latitude=0&longitude=0&min_elevation=-30",
    "/api/v1/passes?catalog_number=25544&latitude=0&longitude=0&start=2023-10-09T00:00:00Z&end=2023-10-09T00:00:00Z",
    "/api/v1/above?latitude=0", "/api/v1/above?latitude=0&longitude=0&min_elevation=abc",
    "/api/v1/conjunctions", "/api/v1/conjunctions?catalog_number=25544&duration=0d", "/api/v1/conjunctions?catalog_number=25544&duration=1y",
    "/api/v1/conjunctions?catalog_number=25544&threshold_km=-1", "/api/v1/conjunctions?catalog_number=999",
    "/api/v1/objects/999/manoeuvres", "/api/v1/objects/999/decay", "/api/v1/objects/999/history/summary",
    "/api/v1/launches/banana", "/api/v1/launches/2099-999", "/api/v1/launches/%27%3B%20DROP%20TABLE%20object%3B--",
    "/api/v1/diff?from=2023-10-09T00:00:00Z&to=2023-10-01T00:00:00Z", "/api/v1/diff?from=garbage",
    "/api/v1/nothing-here", "/api/v2/objects", "/../../etc/passwd", "/api/v1/objects/25544/track?start=%ZZ",
]

@Suite("HTTP limits and faults")
struct LimitAndFaultTests {
    @Test(arguments: limitCases)
    func limitsAnswer400NamingTheParameter(_ limit: LimitCase) async throws {
        let fixture = try await ServiceFixture.make(.sqlite)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            try await client.execute(uri: limit.uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(text(response))")
                let error = try #require(try json(response)["error"])
                #expect(error["parameter"]?.string == limit.parameter, "\(error)")
                #expect(error["status"]?.int == 400)
                #expect(error["limit"]?.string?.isEmpty == false, "no limit named: \(error)")
                let schema = try #require(OpenAPI.document["components"]?["schemas"]?["Error"])
                #expect(OpenAPI.validator.errors(try json(response), schema).isEmpty)
            }
        }
    }

    @Test(arguments: malformedURIs)
    func malformedInputNeverAnswers5xx(_ uri: String) async throws {
        let fixture = try await ServiceFixture.make(.sqlite)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect((400..<500).contains(Int(response.status.code)), "\(uri) answered \(response.status.code): \(text(response))")
                let body = try json(response)
                #expect(body["error"]?["message"]?.string?.isEmpty == false, "\(uri): \(text(response))")
            }
        }
    }

    @Test func methodsAndBodiesNeverAnswer5xx() async throws {
        let fixture = try await ServiceFixture.make(.sqlite)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            for (uri, method) in [("/api/v1/positions", HTTPRequest.Method.post), ("/api/v1/ingest", .get), ("/api/v1/objects/25544", .delete)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect((400..<500).contains(Int(response.status.code)), "\(method) \(uri): \(response.status)")
                }
            }
            for body in ["\u{0}\u{1}\u{2}garbage", "{\"not\": \"omm\"}", "<ndm><omm></omm></ndm>", String(repeating: "1 ", count: 10_000)] {
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: [HTTPField.Name("X-API-Key")!: Fixture.apiKey],
                                         body: ByteBuffer(string: body)) { response in
                    #expect(Int(response.status.code) < 500, "ingest of \(body.prefix(20)) answered \(response.status): \(text(response))")
                }
            }
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let fixture = try await ServiceFixture.make(.sqlite) { configuration in
            // One token per 20 s: the three allowed requests cannot earn a fourth however slowly a loaded
            // machine serves them.
            configuration.rateLimitPerSecond = 0.05
            configuration.rateBurst = 3
        }
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/sites", method: .get) { response in #expect(response.status == .ok) }
            }
            try await client.execute(uri: "/api/v1/sites", method: .get) { response in
                #expect(response.status == .tooManyRequests)
                let wait = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                #expect(wait >= 1 && wait <= 20)
                let answer = try json(response)
                #expect(answer["error"]?["status"]?.int == 429)
            }
            // /health and /metrics stay outside the limit (monitoring).
            try await client.execute(uri: "/health", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response).contains("perigee_rate_limited_total 1"))
                #expect(text(response).contains("perigee_http_requests_total{route=\"/api/v1/sites\",method=\"GET\",status=\"200\"} 3"))
            }
        }
    }

    @Test func rateLimiterRefillsAtTheConfiguredRate() {
        let limiter = RateLimiter(ratePerSecond: 2, burst: 2)
        #expect(limiter.acquire(client: "a", nowSeconds: 100) == nil)
        #expect(limiter.acquire(client: "a", nowSeconds: 100) == nil)
        #expect(limiter.acquire(client: "a", nowSeconds: 100) == 1)
        #expect(limiter.acquire(client: "b", nowSeconds: 100) == nil)  // buckets are per client
        #expect(limiter.acquire(client: "a", nowSeconds: 100.5) == nil)  // half a second refills one token
        #expect(limiter.acquire(client: "a", nowSeconds: 100.5) == 1)
    }

    @Test func theValidatorRejectsWrongShapes() throws {
        let schema = try #require(OpenAPI.validator.responseSchema(path: "/api/v1/objects/{catalog_number}/look", method: "get", status: 200))
        let good = try JSON.parse("""
            {"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":1.5,"elevation_deg":-3,
             "range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,
             "element_sets":[{"catalog_number":25544,"epoch":"2023-10-09T11:28:04.557Z","age_days":0.02}]}
            """)
        #expect(OpenAPI.validator.errors(good, schema).isEmpty, "\(OpenAPI.validator.errors(good, schema))")
        let wrong: [String] = [
            // a number as a string
            #"{"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":"1.5","elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[]}"#,
            // a required property missing
            #"{"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[]}"#,
            // an undeclared property
            #"{"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":1.5,"elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[],"extra":1}"#,
            // not a date-time
            #"{"catalog_number":25544,"name":"ISS","at":"yesterday","azimuth_deg":1.5,"elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[]}"#,
            // an integer that is not whole
            #"{"catalog_number":25544.5,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":1.5,"elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[]}"#,
            // a bad array item
            #"{"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":1.5,"elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[{"catalog_number":1}]}"#,
            // null where null is not allowed
            #"{"catalog_number":25544,"name":"ISS","at":"2023-10-09T12:00:00.000Z","azimuth_deg":null,"elevation_deg":-3,"range_km":1000,"range_rate_km_s":-1.2,"doppler_hz":null,"element_sets":[]}"#,
        ]
        for text in wrong {
            #expect(!OpenAPI.validator.errors(try JSON.parse(text), schema).isEmpty, "accepted: \(text)")
        }
        // enum and oneOf
        let launch = try #require(OpenAPI.validator.responseSchema(path: "/api/v1/launches/{designator}", method: "get", status: 200))
        let badVerdict = try JSON.parse(#"{"launch":"2023-091","element_sets":[],"objects":[{"catalog_number":1,"name":null,"international_designator":null,"object_type":null,"owner":null,"launch_date":null,"decay_date":null,"verdict":"lost in space","first_epoch":null,"latest_epoch":null,"perigee_km":null,"apogee_km":null,"decayed_at":null,"predicted_reentry":null,"last_manoeuvre":null}]}"#)
        #expect(!OpenAPI.validator.errors(badVerdict, launch).isEmpty)
        #expect(throws: (any Error).self) { try JSON.parse("{\"a\": NaN}") }
    }

    @Test func everyPathInTheDocumentIsServed() async throws {
        // Each documented path is routed (answers something other than 404 for a well-formed request).
        guard case .object(let paths)? = OpenAPI.document["paths"] else { Issue.record("no paths"); return }
        let fixture = try await ServiceFixture.make(.sqlite)
        defer { Task { await fixture.cleanUp() } }
        try await fixture.test { client in
            for (path, operations) in paths {
                let uri = path.replacingOccurrences(of: "{catalog_number}", with: "25544")
                    .replacingOccurrences(of: "{designator}", with: "1998-067")
                let method: HTTPRequest.Method = operations["get"] != nil ? .get : .post
                let query = path == "/api/v1/passes" || path.hasSuffix("/look") || path == "/api/v1/above"
                    ? "?latitude=10&longitude=10&start=\(Fixture.at)&at=\(Fixture.at)" : (path == "/api/v1/objects" ? "?q=iss" : "")
                let finalQuery = path == "/api/v1/conjunctions" ? "?catalog_number=25544&start=\(Fixture.at)&duration=1h" : query
                try await client.execute(uri: uri + finalQuery, method: method) { response in
                    #expect(response.status != .notFound, "\(path) is documented but not served: \(text(response))")
                    #expect(Int(response.status.code) < 500, "\(path): \(text(response))")
                }
            }
        }
    }
}
