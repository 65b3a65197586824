import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads element sets politely: a local cache, conditional requests (`If-None-Match` /
/// `If-Modified-Since`), a minimum age before the same URL is asked again, and a stop on any answer other than
/// 200 (or 304 for a cached copy).
public struct RemoteFetcher: Sendable {
    /// One download's outcome.
    public struct Fetched: Sendable {
        /// The body (from the network or the cache).
        public var bytes: [UInt8]
        /// Whether the bytes came from the cache (fresh enough, or a 304 answer).
        public var fromCache: Bool
        /// The `name=value` part of the answer's `Set-Cookie` header (a login's session cookie), if any.
        public var cookie: String? = nil
    }

    /// Where responses and their validators are kept.
    public var cacheDirectory: String
    /// A cached copy younger than this is used without asking the server (CelesTrak updates GP data every
    /// two hours and asks clients not to download the same data more often).
    public var minimumAge: Double
    /// Extra headers (for example a session cookie).
    public var headers: [String: String]
    /// Seconds without progress after which a request fails.
    public var timeoutSeconds: Double

    /// Creates a fetcher.
    ///
    /// - Parameters:
    ///   - cacheDirectory: Where answers and their validators are kept.
    ///   - minimumAge: Seconds during which a cached answer is used without asking the server again.
    ///   - headers: Extra request headers.
    ///   - timeoutSeconds: Seconds without progress after which a request fails.
    public init(cacheDirectory: String, minimumAge: Double = 7_200, headers: [String: String] = [:],
                timeoutSeconds: Double = 60) {
        self.cacheDirectory = cacheDirectory
        self.minimumAge = minimumAge
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
    }

    /// `$XDG_CACHE_HOME/perigee/http` or `~/.cache/perigee/http`.
    public static func defaultCacheDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/perigee/http" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/perigee/http"
    }

    private func cachePaths(_ url: String) -> (body: String, meta: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let base = cacheDirectory + "/" + String(hash, radix: 16)
        return (base + ".body", base + ".meta")
    }

    /// The cached answer for `url` if it is younger than ``minimumAge`` (no request is made either way).
    public func cachedIfFresh(_ url: String) -> Fetched? {
        let paths = cachePaths(url)
        guard let meta = FileManager.default.contents(atPath: paths.meta),
              let decoded = try? JSONDecoder().decode([String: String].self, from: meta),
              let fetchedAt = decoded["fetched-at"].flatMap(Double.init),
              Date().timeIntervalSince1970 - fetchedAt < minimumAge,
              let cached = FileManager.default.contents(atPath: paths.body) else { return nil }
        return Fetched(bytes: [UInt8](cached), fromCache: true)
    }

    /// Fetches `url` (GET), or returns the cached copy when it is fresh or the server says it is unchanged.
    ///
    /// - Throws: ``CatalogError`` of kind `remote` for a transport failure or any status other than 200/304.
    public func fetch(_ url: String) async throws(CatalogError) -> Fetched {
        try await fetch(url, method: "GET", body: nil)
    }

    /// Fetches with an explicit method and body (a `POST` login form, for example), caching only GET answers.
    public func fetch(_ url: String, method: String, body: [UInt8]?) async throws(CatalogError) -> Fetched {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw CatalogError(.remote, location: url, "not an http(s) URL")
        }
        let paths = cachePaths(url)
        let manager = FileManager.default
        var validators: [String: String] = [:]
        let cacheable = method == "GET"
        if cacheable, let meta = manager.contents(atPath: paths.meta),
           let decoded = try? JSONDecoder().decode([String: String].self, from: meta),
           let cached = manager.contents(atPath: paths.body) {
            validators = decoded
            if let fetchedAt = decoded["fetched-at"].flatMap(Double.init),
               Date().timeIntervalSince1970 - fetchedAt < minimumAge {
                return Fetched(bytes: [UInt8](cached), fromCache: true)
            }
        }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        request.httpBody = body.map { Data($0) }
        if body != nil, headers["Content-Type"] == nil {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        request.setValue("perigee (element-set store)", forHTTPHeaderField: "User-Agent")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let etag = validators["etag"] { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let modified = validators["last-modified"] { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }
        let data: Data
        let response: URLResponse
        // A session of our own without cookie storage or URL cache: what is sent is exactly what is set here.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.timeoutIntervalForRequest = timeoutSeconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CatalogError(.remote, location: url, "request failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw CatalogError(.remote, location: url, "not an HTTP response")
        }
        if http.statusCode == 304, cacheable, let cached = manager.contents(atPath: paths.body) {
            validators["fetched-at"] = String(Date().timeIntervalSince1970)
            try? JSONEncoder().encode(validators).write(to: URL(fileURLWithPath: paths.meta))
            return Fetched(bytes: [UInt8](cached), fromCache: true)
        }
        guard http.statusCode == 200 else {
            throw CatalogError(.remote, location: url,
                               "HTTP status \(http.statusCode), stopping: \(Self.readableExcerpt(of: data))")
        }
        // A login page, a portal or an error page served with 200 is not data: it is refused and not cached (a
        // cached copy would be served again, and revalidated, for hours).
        guard !Self.isHTMLPage(data) else {
            throw CatalogError(.remote, location: url,
                               "HTTP status 200 but an HTML page instead of data, stopping: \(Self.readableExcerpt(of: data))")
        }
        if cacheable {
            var meta: [String: String] = ["fetched-at": String(Date().timeIntervalSince1970)]
            if let etag = http.value(forHTTPHeaderField: "ETag") { meta["etag"] = etag }
            if let modified = http.value(forHTTPHeaderField: "Last-Modified") { meta["last-modified"] = modified }
            try? manager.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            try? data.write(to: URL(fileURLWithPath: paths.body))
            try? JSONEncoder().encode(meta).write(to: URL(fileURLWithPath: paths.meta))
        }
        let cookie = http.value(forHTTPHeaderField: "Set-Cookie")
            .flatMap { $0.split(separator: ";", maxSplits: 1).first.map(String.init) }
        return Fetched(bytes: [UInt8](data), fromCache: false, cookie: cookie)
    }

    /// Whether `data` is an HTML page: after white space and a byte-order mark it opens with `<!DOCTYPE html`,
    /// `<html`, `<head` or `<body` (any letter case). No element-set format Perigee reads starts so (OMM XML opens
    /// with `<?xml` or `<ndm`/`<omm`).
    static func isHTMLPage(_ data: Data) -> Bool {
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        let opening = String(decoding: data[start..<min(data.endIndex, start + 14)], as: UTF8.self).lowercased()
        return ["<!doctype html", "<html", "<head", "<body"].contains { opening.hasPrefix($0) }
    }

    /// The start of an error answer as one line of text: markup removed and white space collapsed, at most 200
    /// characters (servers answer errors with whole HTML pages).
    static func readableExcerpt(of data: Data) -> String {
        var text = "", inTag = false
        for character in String(decoding: data.prefix(20_000), as: UTF8.self) {
            if character == "<" { inTag = true; text.append(" "); continue }
            if character == ">", inTag { inTag = false; continue }
            if !inTag { text.append(character.isWhitespace ? " " : character) }
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return words.count > 200 ? String(words.prefix(200)) + "…" : words
    }
}
