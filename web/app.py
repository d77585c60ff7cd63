"""The web application: pages and API over one archive, behind the guard of `security`."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from archive import ArchiveError
from indexer import IndexerError

from . import api, pages
from .access import ArchiveAccess
from .context import ServerSettings
from .errors import status_of
from .security import Guard

STATIC = Path(__file__).parent / "static"
# How `serve` tells the server processes it starts what to serve (see `for_processes`).
ENVIRONMENT = "PDFARCHIVE_SERVE"


def create_app(root: Path, settings: ServerSettings | None = None,
               check_host: bool = True) -> Starlette:
    """The application serving the archive at `root` (which must exist); `check_host`
    refuses requests that do not name localhost (for a server listening on loopback)."""
    settings = settings or ServerSettings()
    access = ArchiveAccess(root, settings.lock_timeout)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        access.close()

    app = Starlette(
        routes=[*api.ROUTES, *pages.ROUTES,
                Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard, token=settings.token, check_host=check_host)],
        exception_handlers={ArchiveError: _failed, IndexerError: _failed},
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.settings = settings
    return app


def for_processes(root: Path, settings: ServerSettings, check_host: bool) -> dict[str, str]:
    """The environment that makes `from_environment` build this application in each server
    process (a process serving requests starts with nothing but the environment)."""
    plain = {name: value for name, value in asdict(settings).items() if name != "add_options"}
    return {ENVIRONMENT: json.dumps({"root": str(root), "check_host": check_host, **plain})}


def from_environment() -> Starlette:
    """The application `for_processes` described: the factory each server process calls."""
    given = json.loads(os.environ[ENVIRONMENT])
    root, check_host = Path(given.pop("root")), given.pop("check_host")
    return create_app(root, ServerSettings(**given), check_host)


def _failed(request: Request, error: Exception) -> Response:
    """A library error as the answer: `{"error": …}` for the API, the error page otherwise."""
    status = status_of(error)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(error)}, status_code=status)
    return pages.render_error(request, str(error), status)
