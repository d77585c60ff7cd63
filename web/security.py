"""Who may ask the server anything, and what the browser may do with its answers.

Checked before any request reaches a page or the API, in this order:
1. the Host header names the server itself, when it listens on loopback without a token (so
   that a web page elsewhere cannot reach it by a DNS name pointed at 127.0.0.1);
2. with a token, the request carries it: `Authorization: Bearer TOKEN`, or the session cookie
   the login page sets; otherwise 401, and nothing else is said;
3. a request that changes something and carries no Bearer token (a browser's) comes from the
   server's own pages: it carries the page's anti-forgery token (header `X-CSRF-Token`, or
   the field `csrf` of the form's query), equal to the cookie of the same name.
Every answer says what the browser may load (Content-Security-Policy: the server's own scripts,
styles and pictures only, no inline script), and that it must not be framed or sniffed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "pdfarchive_session"
CSRF_COOKIE = "pdfarchive_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
OPEN_PATHS = ("/login", "/static/")  # reachable without the token: the login page and its style
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", "::1"}

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def session_value(token: str) -> str:
    """The session cookie's value for a token: derived from it, so the token itself is never
    stored in the browser, and every session ends when the token changes."""
    return hmac.new(token.encode(), b"pdfarchive session", hashlib.sha256).hexdigest()


def new_csrf_token() -> str:
    """A fresh anti-forgery token for a browser that has none."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    """Whether a host name or address to listen on is this machine alone."""
    return host in LOOPBACK_NAMES or host.startswith("127.")


class Guard:
    """ASGI middleware applying the rules above to every HTTP request."""

    def __init__(self, app: ASGIApp, token: str | None, check_host: bool) -> None:
        self.app = app
        self.token = token
        self.check_host = check_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1")
                   for name, value in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        bearer = _bearer(headers.get("authorization", ""))
        refusal = (self._host_refusal(headers) or self._auth_refusal(scope, bearer, cookies)
                   or _forgery_refusal(scope, headers, cookies, bearer))
        if refusal is not None:
            status, message = refusal
            await _refuse(scope, send, status, message)
            return
        await self.app(scope, receive, _with_headers(send))

    def _host_refusal(self, headers: dict[str, str]) -> tuple[int, str] | None:
        if not self.check_host:
            return None
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return None if name in LOOPBACK_NAMES else (421, "this server answers to localhost only")

    def _auth_refusal(self, scope: Scope, bearer: str | None, cookies: dict[str, str]
                      ) -> tuple[int, str] | None:
        if self.token is None or scope["path"].startswith(OPEN_PATHS):
            return None
        if bearer is not None and hmac.compare_digest(bearer, self.token):
            return None
        session = cookies.get(SESSION_COOKIE)
        if session is not None and hmac.compare_digest(session, session_value(self.token)):
            return None
        return 401, "unauthorized"


def _forgery_refusal(scope: Scope, headers: dict[str, str], cookies: dict[str, str],
                     bearer: str | None) -> tuple[int, str] | None:
    if scope["method"] in SAFE_METHODS or bearer is not None:
        return None
    expected = cookies.get(CSRF_COOKIE)
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    given = headers.get(CSRF_HEADER) or (query.get(CSRF_FIELD) or [""])[0]
    if expected and given and hmac.compare_digest(expected, given):
        return None
    return 403, "this request did not come from pdfarchive's own page (anti-forgery token)"


async def _refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """Answer a refused request: JSON for the API, a short page for a browser (a login form
    when the token is what is missing)."""
    if scope["path"].startswith("/api/") or status != 401:
        body = json.dumps({"error": message}).encode()
        content_type = b"application/json"
    else:
        body = _LOGIN_REDIRECT
        content_type = b"text/html; charset=utf-8"
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
               (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()), *HEADERS]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="pdfarchive"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# A browser without the session is sent to the login page by a link (no script: the policy
# forbids inline ones) and, where it follows refresh headers, at once.
_LOGIN_REDIRECT = (b'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" '
                   b'content="0; url=/login"><title>pdfarchive</title>'
                   b'<p><a href="/login">Log in</a></p>')


def _with_headers(send: Send) -> Send:
    """`send`, adding the security headers to the start of each answer."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {name.lower() for name, _ in headers}
            headers += [(name, value) for name, value in HEADERS if name not in names]
            if b"content-security-policy" not in names:
                headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return sending


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:  # a malformed cookie header is a request without cookies
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _bearer(header: str) -> str | None:
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
