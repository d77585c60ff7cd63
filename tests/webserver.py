"""A real HTTP server on 127.0.0.1 for the tests, serving what a test puts in `routes`."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers for one path (with its query string)."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/pdf"
    redirect: str | None = None  # a Location to send with status 302
    delay: float = 0.0  # seconds to wait before answering


@dataclass
class WebServer:
    """The server's address, its routes (changeable while it runs) and the paths asked for."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serving() -> Iterator[WebServer]:
    """A server on a free port of 127.0.0.1 (never another address), stopped afterwards."""
    server_state = WebServer("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            server_state.requests.append(self.path)
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            time.sleep(route.delay)
            if route.redirect is not None:
                self.send_response(302)
                self.send_header("Location", route.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            # The client may give up, as it should for a file too large.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
