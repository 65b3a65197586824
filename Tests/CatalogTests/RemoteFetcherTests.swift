@testable import Catalog
import ElementSets
import Foundation
import Testing

/// A CelesTrak/Space-Track stand-in: GP answers by FORMAT with an ETag, 304 on a matching If-None-Match, a
/// Space-Track login that sets a session cookie, and failures on request.
enum GPFixture {
    static let directory = Fixture.repository.appendingPathComponent("Tests/ElementSetsTests/Fixtures/omm-samples").path
    /// Real CelesTrak and gpconf-corpus answers in each format (see that folder's SOURCE.md), with their set counts.
    static let files: [String: (path: String, count: Int)] = [
        "tle": (directory + "/celestrak-orbcomm-2025-07-19/orbcomm.tle", 60),
        "xml": (directory + "/celestrak-orbcomm-2025-07-19/orbcomm_first15.xml", 15),
        "json": (directory + "/gpconf-derived/derived/corrupt-input/unedited-array.json", 3),
        "csv": (directory + "/gpconf-derived/derived/corrupt-input/unedited-rows.csv", 3),
    ]
    static let etag = "\"fixture-1\""
    static let cookie = "chocolatechip=fixture-session"

    static func body(format: String) -> [UInt8]? {
        guard let file = files[format.lowercased()] else { return nil }
        return FileManager.default.contents(atPath: file.path).map { [UInt8]($0) }
    }

    static func handle(_ request: FixtureHTTPServer.Request) -> FixtureHTTPServer.Response {
        switch request.path {
        case "/NORAD/elements/gp.php":
            guard let body = body(format: request.query["FORMAT"] ?? "") else {
                return .init(status: 404, body: Array("unknown FORMAT".utf8))
            }
            if request.headers["if-none-match"] == etag { return .init(status: 304) }
            return .init(status: 200, headers: [("ETag", etag), ("Last-Modified", "Sat, 19 Jul 2025 04:00:00 GMT")], body: body)
        case "/ajaxauth/login":
            let form = String(decoding: request.body, as: UTF8.self)
            guard request.method == "POST", form.contains("identity=fixture-user"), form.contains("password=fixture-pass") else {
                return .init(status: 401, body: Array("bad credentials".utf8))
            }
            return .init(status: 200, headers: [("Set-Cookie", cookie + "; path=/; HttpOnly")], body: Array("\"\"".utf8))
        case let path where path.hasPrefix("/basicspacedata/query/class/gp/"):
            guard request.headers["cookie"]?.contains(cookie) == true else {
                return .init(status: 401, body: Array("not logged in".utf8))
            }
            return .init(status: 200, body: body(format: "json") ?? [])
        case "/portal":
            return .init(status: 200, headers: [("Content-Type", "text/html")],
                         body: Array("\u{FEFF}\n  <!DOCTYPE HTML><html><head><title>Space-Track login</title></head></html>".utf8))
        case "/busy":
            return .init(status: 429, body: Array("rate limit".utf8))
        default:
            return .init(status: 503, body: Array("unavailable".utf8))
        }
    }
}

/// The remote fetcher against an in-process fixture server (loopback only, no subprocess).
@Suite("Remote fetcher", .serialized, .timeLimit(.minutes(10)))
struct RemoteFetcherTests {
    static func temporaryDirectory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("perigee-\(name)-\(UUID().uuidString)").path
    }

    @Test func cachesRevalidatesAndStopsOnAnyOtherStatus() async throws {
        let server = try FixtureHTTPServer(handler: { GPFixture.handle($0) })
        defer { server.stop() }
        let cache = Self.temporaryDirectory("http")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let url = server.baseURL + "/NORAD/elements/gp.php?GROUP=test&FORMAT=tle"
        let eager = RemoteFetcher(cacheDirectory: cache, minimumAge: 0, timeoutSeconds: 20)

        let first = try await eager.fetch(url)
        #expect(!first.fromCache)
        #expect(first.bytes == GPFixture.body(format: "tle"))
        #expect(server.requests.count == 1)
        #expect(server.requests[0].headers["if-none-match"] == nil)

        // Revalidation: the validators go back and the server's 304 means the cached body is used.
        let second = try await eager.fetch(url)
        #expect(second.fromCache && second.bytes == first.bytes)
        #expect(server.requests.count == 2)
        #expect(server.requests[1].headers["if-none-match"] == GPFixture.etag)
        #expect(server.requests[1].headers["if-modified-since"] == "Sat, 19 Jul 2025 04:00:00 GMT")

        // Within the minimum age no request is made at all.
        let polite = RemoteFetcher(cacheDirectory: cache, minimumAge: 7_200, timeoutSeconds: 20)
        let third = try await polite.fetch(url)
        #expect(third.fromCache && third.bytes == first.bytes)
        #expect(polite.cachedIfFresh(url)?.bytes == first.bytes)
        #expect(server.requests.count == 2)

        // Any other status stops with a typed error naming it, and nothing is cached.
        for (path, status) in [("/fail", "503"), ("/busy", "429"), ("/NORAD/elements/gp.php?FORMAT=nonsense", "404")] {
            do {
                _ = try await eager.fetch(server.baseURL + path)
                Issue.record("status \(status) did not stop the fetch")
            } catch {
                #expect("\(error)".contains("HTTP status \(status)"), "\(error)")
                #expect(polite.cachedIfFresh(server.baseURL + path) == nil)
            }
        }
        // A page served with 200 (a login page or a portal) is refused, naming it, and is not cached either.
        do {
            _ = try await eager.fetch(server.baseURL + "/portal")
            Issue.record("an HTML page was taken as data")
        } catch {
            #expect("\(error)".contains("an HTML page instead of data") && "\(error)".contains("Space-Track login"),
                    "\(error)")
            #expect(polite.cachedIfFresh(server.baseURL + "/portal") == nil)
        }
        // A transport failure (nothing listening) is a typed error too.
        server.stop()
        await #expect(throws: CatalogError.self) { _ = try await eager.fetch(url + "&other=1") }
    }

    /// HTML pages are told from data: every fixture answer (TLE, OMM XML, JSON, CSV) is data; pages are pages.
    @Test func htmlPagesAreToldFromData() {
        for format in ["tle", "xml", "json", "csv"] {
            #expect(GPFixture.body(format: format).map { !RemoteFetcher.isHTMLPage(Data($0)) } == true, "\(format)")
        }
        for page in ["<!DOCTYPE html><html></html>", "\r\n<HTML lang=en>", "\u{FEFF}<head><title>x</title>", "<body>"] {
            #expect(RemoteFetcher.isHTMLPage(Data(page.utf8)), "\(page)")
        }
        for text in ["", "<?xml version=\"1.0\"?><ndm>", "No GP data found", "<htm"] {
            #expect(!RemoteFetcher.isHTMLPage(Data(text.utf8)), "\(text)")
        }
    }

    /// An error page is quoted as one line of its text, markup removed, at most 200 characters.
    @Test func errorPagesAreQuotedAsText() {
        let page = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body>\n  <h1>Not Found</h1>\n"
            + "  <p>The requested URL was not found on this server.</p>\n" + String(repeating: "<p>padding</p>\n", count: 100)
            + "</body></html>"
        let excerpt = RemoteFetcher.readableExcerpt(of: Data(page.utf8))
        #expect(excerpt.hasPrefix("404 Not Found Not Found The requested URL was not found on this server. padding"))
        #expect(!excerpt.contains("<") && !excerpt.contains("\n") && excerpt.count == 201 && excerpt.hasSuffix("…"))
        #expect(RemoteFetcher.readableExcerpt(of: Data("Too many requests".utf8)) == "Too many requests")
    }

    @Test(arguments: Backend.enabled)
    func fetchedAnswersIngestInEveryFormat(_ backend: Backend) async throws {
        let server = try FixtureHTTPServer(handler: { GPFixture.handle($0) })
        defer { server.stop() }
        let cache = Self.temporaryDirectory("http")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let test = try await backend.makeStore()
        let fetcher = RemoteFetcher(cacheDirectory: cache, minimumAge: 0, timeoutSeconds: 20)
        for format in ["tle", "xml", "json", "csv"] {
            let url = server.baseURL + "/NORAD/elements/gp.php?GROUP=test&FORMAT=\(format)"
            let fetched = try await fetcher.fetch(url)
            var summary = IngestSummary()
            try await CatalogIngester(store: test.store).ingest(bytes: fetched.bytes, source: url, into: &summary)
            #expect(summary.elementSetsRead == GPFixture.files[format]?.count, "\(format)")
            #expect(summary.rejected.isEmpty, "\(format): \(summary.rejected)")
        }
        let iss = try await test.store.history(of: try #require(CatalogNumber(25544)))
        #expect(iss.first?.source.hasSuffix("FORMAT=json") == true)
        await test.cleanUp()
    }
}
