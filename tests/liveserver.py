"""The web application served for real, by uvicorn on a free loopback port in a thread, for
the tests that need a browser or many clients at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

START_SECONDS = 30


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """The base URL (`http://localhost:PORT`) of `app` served until the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:  # uvicorn says so once it accepts connections
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield f"http://localhost:{port}"
    finally:
        server.should_exit = True
        thread.join()
        listener.close()
