"""What every request handler reaches through the application: the archive and the settings
the server was started with."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from archive import AddOptions
from archive.fetch import DEFAULT_MAX_SIZE
from archive.lock import DEFAULT_TIMEOUT

from .access import ArchiveAccess


@dataclass(frozen=True)
class ServerSettings:
    """How the server was started: its token (None: loopback only, no login), the largest
    file it takes, how it adds files (the limits of `add`), and how long a change waits for
    another writer (`--wait`)."""

    token: str | None = None
    max_upload: int = DEFAULT_MAX_SIZE
    add_options: AddOptions = AddOptions()
    lock_timeout: float = DEFAULT_TIMEOUT


def access(request: Request) -> ArchiveAccess:
    """The archive the server serves."""
    found: ArchiveAccess = request.app.state.access
    return found


def settings(request: Request) -> ServerSettings:
    """The server's settings."""
    found: ServerSettings = request.app.state.settings
    return found
