"""The JSON API: the CLI's `--json` records, over HTTP, made by the same library calls.

Every answer is JSON but the PDF and its pictures; an error is `{"error": "…"}` with a status
that fits it (see `errors.status_of`). Parameters have the CLI's names (see `params`).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from archive import UsageError

from . import params
from .adding import add_uploaded
from .context import access, settings
from .openapi import description


def search(request: Request) -> JSONResponse:
    """`search --json`: the hits of a query, a page of them, with how many matched."""
    query = params.search_query(request.query_params)
    if not query.text:
        raise UsageError("give a query: q=…")
    results = access(request).reader().search(query)
    return JSONResponse({"total": results.total, "offset": query.offset,
                         "suggestion": results.suggestion, "notes": results.notes,
                         "hits": [hit.to_json() for hit in results.hits]})


def documents(request: Request) -> JSONResponse:
    """`list --json`: the documents, newest first, a page of them."""
    records = access(request).reader().documents(params.list_query(request.query_params))
    return JSONResponse([record.to_json() for record in records])


def document(request: Request) -> JSONResponse:
    """`show --json`: everything known about one document (any unique id prefix)."""
    record = access(request).reader().get(request.path_params["id"])
    return JSONResponse(record.to_json(detailed=True))


def similar(request: Request) -> JSONResponse:
    """`similar --json`: the documents most like one."""
    limit = params.number(request.query_params, "limit", 10, 1, params.MAX_LIMIT)
    records = access(request).reader().similar(request.path_params["id"], limit)
    return JSONResponse([record.to_json() for record in records])


def document_file(request: Request) -> FileResponse:
    """The document's PDF, to be shown by the browser (`#page=N` opens it at a page)."""
    record, path = access(request).reader().file(request.path_params["id"])
    name = record.filenames[0] if record.filenames else f"{record.id[:12]}.pdf"
    return FileResponse(path, media_type="application/pdf", filename=name,
                        content_disposition_type="inline")


def page_picture(request: Request) -> Response:
    """A picture of one of the document's first pages (PNG), drawn once and kept."""
    record, path = access(request).reader().file(request.path_params["id"])
    picture = access(request).thumbnails.picture(record.id, path, request.path_params["page"])
    return Response(picture, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=86400"})


async def add(request: Request) -> JSONResponse:
    """`add --json`: one row per file sent (multipart field `file`, one or more), in the
    order they are done, refused ones first."""
    results = await add_uploaded(request)
    return JSONResponse([result.to_json() for result in results])


async def edit(request: Request) -> JSONResponse:
    """`edit --json`: correct title, date or language (`{"title", "date", "language"}`)."""
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError as error:
        raise UsageError(f"the body is not JSON: {error}") from error
    if not isinstance(body, dict) or set(body) - {"title", "date", "language"}:
        raise UsageError('send a JSON object with some of "title", "date" and "language"')
    fields = {key: str(value) for key, value in body.items() if value is not None}
    record = await run_in_threadpool(_edit, request, params.corrections(fields))
    return JSONResponse(record)


def _edit(request: Request, corrections: dict[str, Any]) -> dict[str, Any]:
    with access(request).writer() as archive:
        return archive.edit(request.path_params["id"], **corrections).to_json()


async def remove(request: Request) -> JSONResponse:
    """`remove`: the document, from catalog, index and storage; answers what was removed."""
    return JSONResponse(await run_in_threadpool(_remove, request))


def _remove(request: Request) -> dict[str, Any]:
    with access(request).writer() as archive:
        [record] = archive.remove([request.path_params["id"]])
        return record.to_json()


def openapi(request: Request) -> JSONResponse:
    """The API's OpenAPI description."""
    return JSONResponse(description(settings(request).max_upload))


ROUTES = [
    Route("/api/search", search),
    Route("/api/documents", documents, methods=["GET"]),
    Route("/api/documents", add, methods=["POST"]),
    Route("/api/documents/{id}", document, methods=["GET"]),
    Route("/api/documents/{id}", edit, methods=["PATCH"]),
    Route("/api/documents/{id}", remove, methods=["DELETE"]),
    Route("/api/documents/{id}/file", document_file),
    Route("/api/documents/{id}/similar", similar),
    Route("/api/documents/{id}/pages/{page:int}.png", page_picture),
    Route("/api/openapi.json", openapi),
]
