import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback-only HTTP/1.1 server running on its own thread inside the test process, standing in for CelesTrak
/// and Space-Track in offline tests.
///
/// It replaces a python subprocess fixture that hung `swift test`: every test target is linked into one test
/// process, and a child spawned while another test's `Pipe` was open inherited that pipe's write end, so the
/// other test's `readDataToEndOfFile()` never saw end-of-file while the fixture server lived, and the blocked
/// tests held the few cooperative threads the fetch needed to finish. An in-process server spawns nothing, its
/// sockets are close-on-exec, and each connection is answered and closed (`Connection: close`).
final class FixtureHTTPServer: @unchecked Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        /// The path with its query, as sent ("/NORAD/elements/gp.php?GROUP=test&FORMAT=tle").
        var target: String
        /// Header names in lower case.
        var headers: [String: String]
        var body: [UInt8]

        /// The path without the query.
        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

        /// The decoded query items.
        var query: [String: String] {
            var items: [String: String] = [:]
            for item in URLComponents(string: "http://x" + target)?.queryItems ?? [] { items[item.name] = item.value ?? "" }
            return items
        }
    }

    /// One response.
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The port the server listens on (127.0.0.1).
    let port: Int
    /// "http://127.0.0.1:<port>".
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let lock = NSLock()
    private var received: [Request] = []
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// Starts listening on an ephemeral loopback port and serving on a new thread.
    init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw StartFailure(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw StartFailure(description: "bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "fixture-http-\(port)"
        thread.start()
    }

    /// Every request answered so far, in order.
    var requests: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    /// Stops accepting, closes the listening socket and waits for the serving thread to end.
    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        _ = finished.wait(timeout: .now() + 10)
        close(listener)
    }

    deinit { stop() }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        while !isStopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if let request = readRequest(client) {
                lock.lock()
                received.append(request)
                lock.unlock()
                write(handler(request), to: client)
            }
            close(client)
        }
    }

    /// Reads one request (headers, then a `Content-Length` body), or `nil` on a malformed or cut request.
    private func readRequest(_ client: Int32) -> Request? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            bytes += chunk[0..<count]
            if bytes.count >= 4 {
                for index in max(0, bytes.count - count - 3)...(bytes.count - 4) where Array(bytes[index..<index + 4]) == separator {
                    headerEnd = index
                    break
                }
            }
            if bytes.count > 1 << 20 { return nil }
        }
        guard let headerEnd else { return nil }
        let lines = String(decoding: bytes[0..<headerEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(headerEnd + 4)...])
        let wanted = headers["content-length"].flatMap(Int.init) ?? 0
        while body.count < wanted {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            body += chunk[0..<count]
        }
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func write(_ response: Response, to client: Int32) {
        let reasons = [200: "OK", 304: "Not Modified", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests",
                       500: "Internal Server Error", 503: "Service Unavailable"]
        var head = "HTTP/1.1 \(response.status) \(reasons[response.status] ?? "Status")\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if response.status != 304 { head += "Content-Length: \(response.body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        var output = Array(head.utf8)
        if response.status != 304 { output += response.body }
        var sent = 0
        while sent < output.count {
            let count = output[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }
}
