#if canImport(Catalog)
import ArgumentParser
import Foundation
import Perigee

/// `perigee sync`: fetch current element sets from CelesTrak or Space-Track into the store, politely.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch current element sets from CelesTrak (GP queries) or Space-Track into the store.",
        discussion: """
            Answers are cached (XDG cache directory) and a cached answer younger than two hours (CelesTrak) or one \
            hour (Space-Track) is reused without asking again; older ones are revalidated with If-None-Match / \
            If-Modified-Since. Any answer other than 200 or 304 stops the sync. Space-Track credentials come from \
            SPACETRACK_USERNAME and SPACETRACK_PASSWORD. PERIGEE_CELESTRAK_URL and PERIGEE_SPACETRACK_URL override \
            the servers (tests use a local server).
            """
    )

    /// Remote sources.
    enum Source: String, ExpressibleByArgument, CaseIterable {
        case celestrak, spacetrack
    }

    /// CelesTrak GP output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, xml, csv, tle
    }

    @Option(help: "celestrak or spacetrack.")
    var source: Source = .celestrak

    @Option(help: "CelesTrak GROUP (for example active, stations, last-30-days).")
    var group: String?

    @Option(name: .customLong("catnr"), help: "CelesTrak CATNR: one catalog number (digits or Alpha-5).",
            transform: catalogNumberArgument)
    var catalogNumber: Int?

    @Option(name: .customLong("intdes"), help: "CelesTrak INTDES: an international designator such as 2023-091.")
    var internationalDesignator: String?

    @Option(help: "CelesTrak FORMAT: json, xml, csv or tle.")
    var format: Format = .json

    @OptionGroup var database: DatabaseOptions

    /// The CelesTrak GP query URL.
    func celestrakURL(base: String) -> String {
        var query: [(String, String)] = []
        if let group { query.append(("GROUP", group)) }
        if let catalogNumber { query.append(("CATNR", String(catalogNumber))) }
        if let internationalDesignator { query.append(("INTDES", internationalDesignator)) }
        if query.isEmpty { query.append(("GROUP", "active")) }
        query.append(("FORMAT", format == .tle ? "tle" : format.rawValue))
        return base + "?" + query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }
            .joined(separator: "&")
    }

    func run() async throws {
        try await reportingCatalogFailures {
            let environment = ProcessInfo.processInfo.environment
            let cache = RemoteFetcher.defaultCacheDirectory(environment: environment)
            let (store, _) = try await database.openStore(creating: true)
            var summary = IngestSummary()
            do {
                let ingester = CatalogIngester(store: store, progress: { ProgressBar(logBatches: false).update($0) })
                switch source {
                case .celestrak:
                    let base = environment["PERIGEE_CELESTRAK_URL"] ?? "https://celestrak.org/NORAD/elements/gp.php"
                    let url = celestrakURL(base: base)
                    let fetched = try await RemoteFetcher(cacheDirectory: cache, minimumAge: 7_200).fetch(url)
                    if fetched.fromCache { printToStandardError("note: \(url) unchanged or fetched less than two hours ago; using the cached copy") }
                    try await ingester.ingest(bytes: fetched.bytes, source: url, into: &summary)
                case .spacetrack:
                    guard let user = environment["SPACETRACK_USERNAME"], let password = environment["SPACETRACK_PASSWORD"] else {
                        throw CommandFailure(description: "set SPACETRACK_USERNAME and SPACETRACK_PASSWORD for --source spacetrack")
                    }
                    let base = environment["PERIGEE_SPACETRACK_URL"] ?? "https://www.space-track.org"
                    let query = base + "/basicspacedata/query/class/gp/decay_date/null-val/epoch/%3Enow-30/orderby/norad_cat_id/format/json"
                    // Space-Track asks for GP data at most once an hour: a fresh cached answer is used without logging in.
                    var fetcher = RemoteFetcher(cacheDirectory: cache, minimumAge: 3_600)
                    let fetched: RemoteFetcher.Fetched
                    if let cached = fetcher.cachedIfFresh(query) {
                        printToStandardError("note: Space-Track GP data fetched less than an hour ago; using the cached copy")
                        fetched = cached
                    } else {
                        var form = URLComponents()
                        form.queryItems = [URLQueryItem(name: "identity", value: user), URLQueryItem(name: "password", value: password)]
                        let login = try await fetcher.fetch(base + "/ajaxauth/login", method: "POST",
                                                            body: Array((form.percentEncodedQuery ?? "").utf8))
                        guard let cookie = login.cookie else {
                            throw CommandFailure(description: "Space-Track login answered without a session cookie; stopping")
                        }
                        fetcher.headers["Cookie"] = cookie
                        fetched = try await fetcher.fetch(query)
                    }
                    try await ingester.ingest(bytes: fetched.bytes, source: query, into: &summary)
                }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
            printSummary(summary)
        }
    }
}
#endif
