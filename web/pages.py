"""The pages a browser shows: search, browse by date, a document, add, and the login.

Rendered on the server by Jinja2 with escaping on: whatever comes from a PDF or a user is text
in the page, never markup. Forms that change the archive carry the anti-forgery token in their
action's query (see `security`); the add page's script sends it as a header.
"""

from __future__ import annotations

import hmac
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from archive import DateRange, ListQuery
from archive.thumbnails import MAX_PAGE
from archive.units import human_size
from indexer import SEARCH_SORTS, IndexerError, Snippet

from . import params, timeline
from .adding import add_uploaded, add_url
from .context import access, settings
from .labels import Labels, choose_language
from .security import CSRF_COOKIE, SESSION_COOKIE, new_csrf_token, session_value

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.filters["size"] = human_size
HITS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 50
SIMILAR = 5


def link(path: str, **query: Any) -> str:
    """A link to one of our pages with the query parameters that have a value."""
    given = {name: value for name, value in query.items() if value not in (None, "", 0)}
    return f"{path}?{urlencode(given)}" if given else path


def segments(snippet: Snippet) -> list[tuple[str, bool]]:
    """A passage cut into pieces of text, each marked or not (the template marks them)."""
    out, last = [], 0
    for start, end in snippet.marks:
        out += [(snippet.text[last:start], False), (snippet.text[start:end], True)]
        last = end
    return [*out, (snippet.text[last:], False)]


TEMPLATES.env.globals.update(link=link, segments=segments)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200
           ) -> Response:
    """A page in the browser's language, with the anti-forgery token its forms need."""
    csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    labels = Labels(choose_language(request.headers.get("accept-language", "")))
    response = TEMPLATES.TemplateResponse(
        request, name, {"t": labels, "csrf": csrf, "login": settings(request).token is not None,
                        **context}, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")
    return response


def render_error(request: Request, message: str, status: int) -> Response:
    """The page for a request that failed: the reason, in a page like the others."""
    return render(request, "error.html", {"message": message}, status)


def search_page(request: Request) -> Response:
    """The query box, and a page of hits with their passages when there is a query."""
    query = params.search_query(request.query_params, HITS_PER_PAGE)
    results = access(request).reader().search(query) if query.text else None
    return render(request, "search.html", {"query": query, "results": results,
                                           "sorts": SEARCH_SORTS})


def browse_page(request: Request) -> Response:
    """The documents newest first, under a timeline of how many each year (or month) has."""
    query = params.list_query(request.query_params, DOCUMENTS_PER_PAGE)
    since, until = query.dates.since, query.dates.until
    by_month = since is not None and until is not None and since.year == until.year
    counted = ListQuery(language=query.language,
                        dates=DateRange(since, until) if by_month else DateRange())
    reader = access(request).reader()
    counts = reader.timeline(counted, by_month)
    return render(request, "browse.html", {
        "query": query, "records": reader.documents(query), "by_month": by_month,
        "bars": timeline.bars(counts, by_month), "undated": dict(counts).get("", 0),
        "width": timeline.WIDTH, "height": timeline.HEIGHT,
        "year": since.year if by_month and since else None})


def document_page(request: Request) -> Response:
    """Everything about one document, its first pages, similar ones, and the correction form."""
    reader = access(request).reader()
    record = reader.get(request.path_params["id"])
    try:
        similar = reader.similar(record.id, SIMILAR)
    except IndexerError:  # the index cannot say; the page still shows the document
        similar = []
    return render(request, "document.html", {
        "record": record, "similar": similar, "saved": "saved" in request.query_params,
        "pictures": range(1, min(record.pages, MAX_PAGE) + 1)})


async def correct_document(request: Request) -> Response:
    """The correction form's answer: the fields changed from what the page showed become the
    user's, and the page shows the result."""
    form = await request.form()
    fields = {name: str(form.get(name, "")) for name in ("title", "date", "language")}
    document_id = await run_in_threadpool(_correct, request, params.corrections(fields))
    return RedirectResponse(link(f"/documents/{document_id}", saved=1), status_code=303)


def _correct(request: Request, corrections: dict[str, Any]) -> str:
    """Apply the corrections that differ from the record (an unchanged field stays as it was
    decided, not marked as the user's); returns the document's id."""
    with access(request).writer() as archive:
        record = archive.get(request.path_params["id"])
        changed = {name: value for name, value in corrections.items()
                   if value is not None and value != getattr(record, name)}
        if changed:
            archive.edit(record.id, **changed)
        return record.id


def add_page(request: Request) -> Response:
    """The upload form (drag and drop) and the URL form."""
    return render(request, "add.html", {"results": None})


async def add_files_or_url(request: Request) -> Response:
    """The add forms' answer: each file's outcome with its reason."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        results = await add_uploaded(request)
    else:
        form = await request.form()
        url = str(form.get("url", "")).strip()
        if not url:
            return render_error(request, "give a URL", 400)
        results = await run_in_threadpool(add_url, request, url, bool(form.get("from_page")))
    return render(request, "add.html", {"results": results})


def login_page(request: Request) -> Response:
    """The one-field form that asks for the server's token."""
    if settings(request).token is None:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", {"wrong": False}, 401)


async def log_in(request: Request) -> Response:
    """Check the token given; the right one gets the session cookie and the search page."""
    token = settings(request).token
    if token is None:
        return RedirectResponse("/", status_code=303)
    form = await request.form()
    if not hmac.compare_digest(str(form.get("token", "")).encode(), token.encode()):
        return render(request, "login.html", {"wrong": True}, 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, session_value(token), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


ROUTES = [
    Route("/", search_page),
    Route("/search", search_page),
    Route("/browse", browse_page),
    Route("/documents/{id}", document_page, methods=["GET"]),
    Route("/documents/{id}", correct_document, methods=["POST"]),
    Route("/add", add_page, methods=["GET"]),
    Route("/add", add_files_or_url, methods=["POST"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", log_in, methods=["POST"]),
]
