/// Settings of the HTTP service: where it listens, request limits, the rate limit and the API keys.
public struct ServiceConfiguration: Sendable {
    /// The address to bind.
    public var host: String = "127.0.0.1"
    /// The TCP port.
    public var port: Int = 8080
    /// The longest time span one request may cover.
    public var maximumSpanDays: Double = 10
    /// The longest span of a whole-catalog pass search.
    public var maximumWholeCatalogPassSpanDays: Double = 1
    /// The most time steps one request may ask for.
    public var maximumSteps: Int = 10_000
    /// The most catalog numbers one request may list.
    public var maximumCatalogNumbers: Int = 1_000
    /// The largest `limit` of a search.
    public var maximumSearchLimit: Int = 500
    /// The largest upload accepted by `POST /api/v1/ingest`, in bytes.
    public var maximumUploadBytes: Int = 64 * 1024 * 1024
    /// Requests per second each client address may make on average (token refill rate).
    public var rateLimitPerSecond: Double = 50
    /// How many requests a client may make at once before the rate limit applies (bucket size).
    public var rateBurst: Double = 100
    /// SHA-256 digests of the API keys that may write (ingest, sync); empty: writes are refused with 403.
    public var apiKeyDigests: [[UInt8]] = []
    /// How often the cached whole-catalog data is checked against the store.
    public var catalogRefreshSeconds: Double = 5
    /// The directory holding `openapi.json` and `web/` (``ServiceResources/directory(environment:)`` finds it).
    public var resourcesDirectory: String?
    /// The CelesTrak GP query endpoint `POST /api/v1/sync` fetches from.
    public var celestrakURL: String = "https://celestrak.org/NORAD/elements/gp.php"
    /// The cache directory for fetched answers (`nil`: the default XDG cache directory).
    public var fetchCacheDirectory: String?
    /// Worker threads for whole-catalog computations.
    public var threads: Int = 2

    /// Creates the default configuration.
    public init() {}
}
