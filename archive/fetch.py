"""Downloading PDFs and web pages over HTTP(S), within limits.

requests does the HTTP: redirects (counted and capped), connection reuse, proxies from the
environment, and the text encoding of a response. A download is streamed to a temporary file,
so memory stays flat for a file of any size, and is checked to be a PDF by its first bytes,
whatever the server says its type is.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.sniff import HEADER_WINDOW, looks_like_pdf

from .errors import FetchError
from .records import now_utc
from .units import human_size

DEFAULT_MAX_SIZE = 200 << 20  # 200 MB
DEFAULT_TIMEOUT = 60.0  # seconds for a whole download
MAX_REDIRECTS = 5
MAX_PAGE_BYTES = 20 << 20  # an HTML page larger than this is not a page of links
CHUNK = 1 << 16
SCHEMES = ("http", "https")
USER_AGENT = "pdfarchive (+https://pypi.org/project/pdfarchive/)"


@dataclass(frozen=True)
class WebLimits:
    """The most one download may cost."""

    max_size: int = DEFAULT_MAX_SIZE
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Download:
    """A PDF fetched to a temporary file; the caller removes `path`."""

    url: str  # as asked for
    final_url: str  # after redirects
    path: Path
    size: int
    retrieved_at: str  # ISO 8601, UTC

    @property
    def name(self) -> str:
        """A file name for the document: the last part of the URL's path."""
        return file_name(self.final_url)


@dataclass(frozen=True)
class Page:
    """A fetched web page: its final URL and its bytes, with the encoding the server named."""

    url: str
    content: bytes
    encoding: str | None


def is_url(text: str) -> bool:
    """Whether an argument names a URL (of any scheme) rather than a file."""
    return "://" in text and urlsplit(text).scheme.isalpha()


def file_name(url: str) -> str:
    """The last part of a URL's path, decoded (`Positionspapier.pdf`), or `download.pdf`."""
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return name or "download.pdf"


def fetch_pdf(url: str, limits: WebLimits | None = None) -> Download:
    """Download a PDF to a temporary file.

    Raises:
        FetchError: the scheme is not http(s), the server failed (status), it took too long,
            redirected too often, sent more than `limits.max_size`, or sent something that is
            not a PDF.
    """
    limits = limits or WebLimits()
    started = time.monotonic()
    with _get(url, limits) as response:
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > limits.max_size:
            raise FetchError(url, f"too large ({human_size(declared)}; the limit is "
                             f"{human_size(limits.max_size)})")
        handle, name = tempfile.mkstemp(prefix="pdfarchive-", suffix=".pdf")
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as out:
                size = _stream(response, out, url, limits, started)
            with path.open("rb") as check:
                if not looks_like_pdf(check.read(HEADER_WINDOW)):
                    raise FetchError(url, f"not a PDF (the server sent "
                                     f"{response.headers.get('Content-Type') or 'no type'})")
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return Download(url, response.url, path, size, now_utc())


def fetch_page(url: str, limits: WebLimits | None = None) -> Page:
    """Download a web page.

    Raises:
        FetchError: as for `fetch_pdf`, or the page is larger than MAX_PAGE_BYTES.
    """
    limits = limits or WebLimits()
    started = time.monotonic()
    with _get(url, limits) as response:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > MAX_PAGE_BYTES:
                raise FetchError(url, f"the page is larger than {human_size(MAX_PAGE_BYTES)}")
            if time.monotonic() - started > limits.timeout:
                raise FetchError(url, f"timed out after {limits.timeout:g} s")
            chunks.append(chunk)
        encoding = response.encoding if "charset" in response.headers.get(
            "Content-Type", "").lower() else None
        return Page(response.url, b"".join(chunks), encoding)


def _get(url: str, limits: WebLimits):  # type: ignore[no-untyped-def]
    """An open streaming response with status 2xx, or a FetchError saying why not."""
    import requests

    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError(url, f"only http and https URLs can be fetched, not {scheme}")
    session = requests.Session()
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = USER_AGENT
    try:
        response = session.get(url, stream=True, timeout=limits.timeout)
    except requests.TooManyRedirects as error:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from error
    except requests.Timeout as error:
        raise FetchError(url, f"timed out after {limits.timeout:g} s") from error
    except requests.RequestException as error:
        raise FetchError(url, f"{_reason(error)}") from error
    if urlsplit(response.url).scheme.lower() not in SCHEMES:
        response.close()
        raise FetchError(url, "redirected to a URL that is not http(s)")
    if not response.ok:
        response.close()
        raise FetchError(url, f"HTTP {response.status_code} {response.reason or ''}".rstrip())
    return response


def _stream(response, out, url: str, limits: WebLimits,  # type: ignore[no-untyped-def]
            started: float) -> int:
    """Copy the response body to `out`, within the size and time limits; the bytes copied."""
    import requests

    size = 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > limits.max_size:
                raise FetchError(url, f"too large (more than {human_size(limits.max_size)})")
            if time.monotonic() - started > limits.timeout:
                raise FetchError(url, f"timed out after {limits.timeout:g} s")
            out.write(chunk)
    except requests.RequestException as error:
        raise FetchError(url, f"{_reason(error)}") from error
    return size


def _reason(error: Exception) -> str:
    """A one-line reason for a connection error, without requests' nested reprs."""
    text = str(error)
    for marker in ("Connection refused", "Name or service not known", "timed out",
                   "Connection reset", "certificate verify failed"):
        if marker in text:
            return marker.lower() if marker != "timed out" else "timed out"
    return text.splitlines()[0][:200] if text else type(error).__name__
