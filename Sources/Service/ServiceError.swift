import HTTPTypes
public import Hummingbird

/// An error answered to the client as `{"error": {"status", "parameter", "message", "limit"}}`.
///
/// Every failure a request can cause is one of these; the service never answers 500 for bad input.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// The query or path parameter at fault, if one is.
    public var parameter: String?
    /// What was wrong and what was expected.
    public var message: String
    /// The limit that was exceeded, if any (for example "10 days").
    public var limit: String?
    /// Seconds the client should wait (429 only).
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(status: Int, parameter: String? = nil, _ message: String, limit: String? = nil,
                retryAfterSeconds: Int? = nil) {
        self.status = status
        self.parameter = parameter
        self.message = message
        self.limit = limit
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// A 400 naming the parameter.
    public static func badParameter(_ name: String, _ message: String, limit: String? = nil) -> ServiceError {
        ServiceError(status: 400, parameter: name, message, limit: limit)
    }

    /// A 404.
    public static func notFound(_ message: String, parameter: String? = nil) -> ServiceError {
        ServiceError(status: 404, parameter: parameter, message)
    }

    /// A 503 for a database that cannot answer.
    public static func unavailable(_ message: String) -> ServiceError {
        ServiceError(status: 503, "the database cannot answer: \(message)")
    }

    /// "status 400 (parameter end): message".
    public var description: String {
        "status \(status)" + (parameter.map { " (parameter \($0))" } ?? "") + ": \(message)"
            + (limit.map { " (limit \($0))" } ?? "")
    }

    /// The JSON body.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("status", .int(status))]
        members.append(("parameter", .optional(parameter)))
        members.append(("message", .string(message)))
        if let limit { members.append(("limit", .string(limit))) }
        return .object([("error", .object(members))])
    }

    /// The HTTP response.
    public func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: .init(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json.text)))
    }
}
