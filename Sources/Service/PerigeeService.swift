public import Astrodynamics
public import Catalog
import HTTPTypes
public import Hummingbird
import Crypto
import Foundation
public import Logging
import NIOCore

/// The request context: Hummingbird's core storage plus the client address (for the rate limit).
public struct ServiceRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, when the connection has one.
    public let clientAddress: String?

    /// Creates the context of one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Uploads up to 64 MiB (a whole catalog in OMM XML); `POST /api/v1/ingest` applies the configured limit.
    public var maxUploadSize: Int { 64 * 1024 * 1024 }
}

/// The Perigee HTTP service: read-only JSON endpoints over an element-set store, two authenticated writes, the
/// OpenAPI document and the static web page.
public struct PerigeeService: Sendable {
    /// The settings.
    public let configuration: ServiceConfiguration
    /// The store.
    public let store: StoreHandle
    /// The whole-catalog cache.
    public let cache: SnapshotCache
    /// Request metrics.
    public let metrics: ServiceMetrics
    /// The per-client rate limit.
    public let rateLimiter: RateLimiter
    /// The resources directory (`openapi.json`, `web/`), if found.
    public let resourcesDirectory: String?
    /// The current time (injected so tests can fix it).
    public let clock: @Sendable () -> Instant

    /// Creates the service over a store.
    public init(configuration: ServiceConfiguration, store: StoreHandle,
                clock: @escaping @Sendable () -> Instant = { CatalogIngester.now() }) {
        self.configuration = configuration
        self.store = store
        self.cache = SnapshotCache(refreshSeconds: configuration.catalogRefreshSeconds)
        self.metrics = ServiceMetrics()
        self.rateLimiter = RateLimiter(ratePerSecond: configuration.rateLimitPerSecond, burst: configuration.rateBurst)
        self.resourcesDirectory = configuration.resourcesDirectory
            ?? ServiceResources.directory(environment: ProcessInfo.processInfo.environment)
        self.clock = clock
    }

    /// The router with every endpoint and the middleware (errors as JSON, rate limit, metrics, static files).
    public func buildRouter() -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: ServiceMiddleware(service: self))
        if let web = resourcesDirectory.map({ $0 + "/web" }) {
            router.add(middleware: FileMiddleware(web, cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(300)])]),
                                                  searchForIndexHtml: true, logger: Logger(label: "perigee.web")))
        }
        addRoutes(to: router)
        return router
    }

    /// The application, listening on the configured host and port.
    public func buildApplication(logger: Logger? = nil) -> some ApplicationProtocol {
        Application(router: buildRouter(),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                         serverName: "perigee"),
                    logger: logger ?? Logger(label: "perigee.serve"))
    }

    // MARK: - Responses

    /// A response whose `ETag` is the SHA-256 of its body, or 304 when the request's `If-None-Match` names it.
    func respond(_ request: Request, body: String, contentType: String = "application/json; charset=utf-8",
                 cacheSeconds: Int = 60, extraHeaders: HTTPFields = [:]) -> Response {
        let bytes = Array(body.utf8)
        let digest = SHA256.hash(data: bytes)
        var tag = "\""
        for byte in digest.prefix(16) {
            tag += byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        tag += "\""
        var headers = extraHeaders
        headers[.eTag] = tag
        headers[.cacheControl] = cacheSeconds > 0 ? "public, max-age=\(cacheSeconds)" : "no-cache"
        if let condition = request.headers[.ifNoneMatch], Self.matches(condition, tag: tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON response.
    func respond(_ request: Request, json: JSONValue, cacheSeconds: Int = 60) -> Response {
        respond(request, body: json.text, cacheSeconds: cacheSeconds)
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison, as RFC 9110 asks for this header).
    static func matches(_ condition: String, tag: String) -> Bool {
        let bare = tag
        for part in condition.split(separator: ",") {
            var candidate = part.trimmingCharacters(in: .whitespaces)
            if candidate == "*" { return true }
            if candidate.hasPrefix("W/") { candidate = String(candidate.dropFirst(2)) }
            if candidate == bare { return true }
        }
        return false
    }
}

/// Finds the service's resources (`openapi.json`, `web/`) beside the executable or in `PERIGEE_RESOURCES_DIR`.
public enum ServiceResources {
    /// The directory holding `openapi.json`, if found.
    public static func directory(environment: [String: String]) -> String? {
        let candidates = ResourceBundle.candidateDirectories(module: "Service", override: "PERIGEE_RESOURCES_DIR",
                                                             environment: environment)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/openapi.json") }
    }
}

/// Answers every error as JSON, applies the rate limit to `/api/` and records metrics.
struct ServiceMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let service: PerigeeService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let path = request.uri.path
        var response: Response
        if path.hasPrefix("/api/"),
           let wait = service.rateLimiter.acquire(client: context.clientAddress ?? "local",
                                                  nowSeconds: Double(started) / 1e9) {
            service.metrics.recordRateLimited()
            response = ServiceError(status: 429, "too many requests from this address; retry after \(wait) s",
                                    limit: "\(QueryParameters.plain(service.configuration.rateLimitPerSecond)) requests/s, burst \(QueryParameters.plain(service.configuration.rateBurst))",
                                    retryAfterSeconds: wait).response()
        } else {
            do {
                response = try await next(request, context)
            } catch let error as ServiceError {
                response = error.response()
            } catch let error as CatalogError {
                response = ServiceError.unavailable(error.description).response()
            } catch let error as any HTTPResponseError {
                let status = Int(error.status.code)
                let message: String
                switch status {
                case 404: message = "no such resource: \(path)"
                case 405: message = "method \(request.method) is not allowed on \(path)"
                case 413: message = "the request body is too large"
                default: message = "\(error)"
                }
                response = ServiceError(status: status, message).response()
            } catch {
                response = ServiceError(status: 500, "internal error: \(error)").response()
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let route = context.endpointPath ?? (response.status.code == 404 ? "unmatched" : "static")
        service.metrics.record(route: route, method: request.method.rawValue, status: Int(response.status.code), seconds: seconds)
        return response
    }
}
