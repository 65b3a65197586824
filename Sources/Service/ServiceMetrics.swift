import Synchronization

/// Request counters and latency histograms, rendered in the Prometheus text exposition format at `/metrics`.
public final class ServiceMetrics: Sendable {
    /// Upper bounds of the latency histogram buckets, in seconds.
    static let bucketBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Histogram {
        var counts: [Int] = Array(repeating: 0, count: ServiceMetrics.bucketBounds.count)
        var count = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [Series: Int] = [:]
        var durations: [String: Histogram] = [:]
        var rateLimited = 0
        var snapshotLoads = 0
    }

    private let state = Mutex(State())

    /// Creates empty metrics.
    public init() {}

    /// Records one answered request.
    public func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[Series(route: route, method: method, status: status), default: 0] += 1
            var histogram = state.durations[route] ?? Histogram()
            for (k, bound) in Self.bucketBounds.enumerated() where seconds <= bound { histogram.counts[k] += 1 }
            histogram.count += 1
            histogram.sum += seconds
            state.durations[route] = histogram
        }
    }

    /// Records a request refused by the rate limit.
    public func recordRateLimited() {
        state.withLock { $0.rateLimited += 1 }
    }

    /// The metrics in Prometheus text format (version 0.0.4).
    public func prometheusText() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP perigee_http_requests_total HTTP requests answered, by route, method and status.\n"
        out += "# TYPE perigee_http_requests_total counter\n"
        for (series, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "perigee_http_requests_total{route=\(Self.label(series.route)),method=\(Self.label(series.method)),status=\"\(series.status)\"} \(count)\n"
        }
        out += "# HELP perigee_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE perigee_http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.durations.sorted(by: { $0.key < $1.key }) {
            for (k, bound) in Self.bucketBounds.enumerated() {
                out += "perigee_http_request_duration_seconds_bucket{route=\(Self.label(route)),le=\"\(bound)\"} \(histogram.counts[k])\n"
            }
            out += "perigee_http_request_duration_seconds_bucket{route=\(Self.label(route)),le=\"+Inf\"} \(histogram.count)\n"
            out += "perigee_http_request_duration_seconds_sum{route=\(Self.label(route))} \(histogram.sum)\n"
            out += "perigee_http_request_duration_seconds_count{route=\(Self.label(route))} \(histogram.count)\n"
        }
        out += "# HELP perigee_rate_limited_total Requests refused with 429.\n# TYPE perigee_rate_limited_total counter\n"
        out += "perigee_rate_limited_total \(snapshot.rateLimited)\n"
        return out
    }

    private static func label(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

/// A token bucket per client address: each client may make `burst` requests at once and `ratePerSecond` on
/// average after that.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let ratePerSecond: Double
    private let burst: Double

    /// Creates a limiter.
    public init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = max(ratePerSecond, 1e-6)
        self.burst = max(burst, 1)
    }

    /// Takes one token for `client` at `nowSeconds` (a monotonic clock); returns `nil` when allowed, otherwise
    /// the whole seconds to wait before the next request will be.
    public func acquire(client: String, nowSeconds: Double) -> Int? {
        buckets.withLock { buckets in
            if buckets.count > 100_000 {
                // Forget clients whose bucket has refilled completely; they lose nothing.
                buckets = buckets.filter { (nowSeconds - $0.value.updated) * ratePerSecond + $0.value.tokens < burst }
            }
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: nowSeconds)
            bucket.tokens = min(burst, bucket.tokens + max(0, nowSeconds - bucket.updated) * ratePerSecond)
            bucket.updated = nowSeconds
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[client] = bucket
                return nil
            }
            buckets[client] = bucket
            let wait = (1 - bucket.tokens) / ratePerSecond
            return max(1, Int(wait.rounded(.up)))
        }
    }
}
