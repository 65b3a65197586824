#!/usr/bin/env python3
"""A loopback-only stand-in for a GP element-set server, for offline tests of the remote fetcher.

GET /gp.php?...      -> the file named by argv[1] (200, with an ETag and Last-Modified), or 304 when the
                        request's If-None-Match matches.
GET /fail            -> 503.
GET /count           -> how many /gp.php requests were answered so far.
Prints the chosen port on the first line of stdout, then serves until killed.
"""
import http.server
import sys

BODY = open(sys.argv[1], "rb").read()
ETAG = '"fixture-1"'
COUNT = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        global COUNT
        if self.path.startswith("/gp.php"):
            COUNT += 1
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", ETAG)
            self.send_header("Last-Modified", "Mon, 09 Oct 2023 12:00:00 GMT")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)
        elif self.path == "/count":
            text = str(COUNT).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
        else:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
