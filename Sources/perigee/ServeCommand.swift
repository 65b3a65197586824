#if canImport(Catalog) && canImport(Service)
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Perigee
import Service

/// `perigee serve`: the HTTP API over the element-set store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the read-only JSON API, the OpenAPI document and the web page over the element-set store.",
        discussion: """
            Read endpoints are public; POST /api/v1/ingest and /api/v1/sync need an X-API-Key header whose SHA-256 \
            digest is listed in --api-keys-file (make a line with --hash-api-key KEY). Several servers can share one \
            PostgreSQL database: each keeps only caches. GET /openapi.json describes every endpoint.
            """
    )

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port.")
    var port: Int = 8080

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("api-keys-file"), help: "File of SHA-256 hex digests of the API keys allowed to write, one per line.")
    var apiKeysFile: String?

    @Option(name: .customLong("hash-api-key"), help: "Print the digest line for this key (for --api-keys-file) and exit.")
    var keyToHash: String?

    @Option(name: .customLong("rate-limit-per-second"), help: "Requests per second allowed per client address (average).")
    var rateLimitPerSecond: Double = 50

    @Option(name: .customLong("rate-burst"), help: "Requests a client may make at once before the rate limit applies.")
    var rateBurst: Double = 100

    @Option(help: "Worker threads for whole-catalog computations.")
    var threads: Int = 2

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be 1 … 65535") }
        guard rateLimitPerSecond > 0, rateLimitPerSecond.isFinite else { throw ValidationError("--rate-limit-per-second must be positive") }
        guard rateBurst >= 1, rateBurst.isFinite else { throw ValidationError("--rate-burst must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        if let keyToHash {
            print(APIKeys.digestHex(of: keyToHash))
            return
        }
        try await reportingCatalogFailures {
            var settings = ServiceConfiguration()
            settings.host = host
            settings.port = port
            settings.rateLimitPerSecond = rateLimitPerSecond
            settings.rateBurst = rateBurst
            settings.threads = threads
            if let apiKeysFile {
                guard let text = try? String(contentsOfFile: apiKeysFile, encoding: .utf8) else {
                    throw CommandFailure(description: "--api-keys-file: cannot read \(apiKeysFile)")
                }
                do {
                    settings.apiKeyDigests = try APIKeys.readDigests(fileContents: text, path: apiKeysFile)
                } catch {
                    throw CommandFailure(description: "--api-keys-file: \(error)")
                }
            }
            if let url = ProcessInfo.processInfo.environment["PERIGEE_CELESTRAK_URL"], !url.isEmpty {
                settings.celestrakURL = url
            }
            let (opened, _) = try await database.openStore(creating: true)
            let environment = ProcessInfo.processInfo.environment
            let (location, _) = StoreLocation.resolve(database.database, environment: environment)
            let backend: String
            if case .postgres = location { backend = "postgresql" } else { backend = "sqlite" }
            let handle = StoreHandle(store: opened, backend: backend, reopen: { () throws(CatalogError) in try await location.open() })
            let service = PerigeeService(configuration: settings, store: handle)
            if service.resourcesDirectory == nil {
                printToStandardError("warning: the web page and /openapi.json are not installed beside the executable (set PERIGEE_RESOURCES_DIR)")
            }
            printToStandardError("perigee serve: http://\(host):\(port) over \(opened.locationDescription)")
            var logger = Logger(label: "perigee.serve")
            logger.logLevel = .warning
            try await service.buildApplication(logger: logger).runService()
            await handle.close()
        }
    }
}
#endif

#if canImport(Service)
/// `perigee serve`, in builds with the HTTP service.
var serveCommands: [any ParsableCommand.Type] { [ServeCommand.self] }
#else
import ArgumentParser
/// No `serve` in builds without the HTTP service.
var serveCommands: [any ParsableCommand.Type] { [] }
#endif
