#!/usr/bin/env python3
"""Serves the site (the repository root) on localhost for development and tests.

Beyond Python's plain static server it sends the headers the page relies on: cross-origin
isolation (COOP/COEP: shared memory for the threaded module, and precise timers), the wasm MIME
type (for streaming compilation), and no caching (a rebuilt pkg/ is picked up at once).
Usage: serve.py [PORT] [--no-isolation]
  PORT            default 8080; 0 picks a free port and prints it
  --no-isolation  leave out COOP/COEP, as a plain static host would (the page runs on one core)
"""

import http.server
import socketserver
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    isolated = True

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def end_headers(self):
        if self.isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        pass  # quiet: tests read stdout for the URL only


def main():
    args = sys.argv[1:]
    SiteHandler.isolated = "--no-isolation" not in args
    ports = [arg for arg in args if arg != "--no-isolation"]
    port = int(ports[0]) if ports else 8080
    handler = partial(SiteHandler, directory=str(ROOT))
    socketserver.TCPServer.allow_reuse_address = True
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"http://localhost:{server.server_address[1]}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
