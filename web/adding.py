"""Adding files from the web: uploads received into the archive, and URLs, added by the same
ingestion as `pdfarchive add` (its worker processes, limits and writer lock), one run at a
time per server so that uploads queue rather than crowd the machine."""

from __future__ import annotations

import threading
from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from archive import UsageError
from archive.ingest import AddResult
from archive.uploads import Upload, UploadFolder

from .access import ArchiveAccess
from .context import access, settings
from .multipart import receive_form

_ONE_RUN_AT_A_TIME = threading.Lock()


async def add_uploaded(request: Request) -> list[AddResult]:
    """Receive the files of a multipart form and add them; one result per file sent (refused
    ones failed, with the reason).

    Raises:
        UsageError: the request is not a form with files.
    """
    archive = access(request)
    folder = UploadFolder(archive.root)
    try:
        received = await receive_form(request, folder, settings(request).max_upload)
        if not received.uploads and not received.refused:
            raise UsageError("send one or more PDF files (multipart field `file`)")
        results = [AddResult(name, "failed", error=reason) for name, reason in received.refused]
        if received.uploads:
            results += await run_in_threadpool(_add_files, archive, received.uploads,
                                               request)
        return results
    finally:
        folder.remove()


def _add_files(archive: ArchiveAccess, uploads: list[Upload], request: Request
               ) -> list[AddResult]:
    with _ONE_RUN_AT_A_TIME, archive.writer() as writable:
        return list(writable.add_uploads(uploads, settings(request).add_options))


def add_url(request: Request, url: str, whole_page: bool) -> list[AddResult]:
    """Add the PDF at `url`, or (`whole_page`) every PDF the page at `url` links to."""
    options = settings(request).add_options
    if whole_page:
        options = replace(options, from_page=url)
    with _ONE_RUN_AT_A_TIME, access(request).writer() as writable:
        return list(writable.add([] if whole_page else [url], options))
