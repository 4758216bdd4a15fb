"""What stands between a browser and the files: the Host header, the origin of changes, CSRF,
the access token.

The workbench listens on 127.0.0.1 by default. A page elsewhere can still make the user's browser
send requests there: a Host header other than the server's own names (DNS rebinding) is refused;
a change (POST) must come from a page of this server, by its Origin (or Sec-Fetch-Site) header,
and carry the form's CSRF token, which only our own pages have. Cookies are not kept apart by
port, so a page served on another port of the same machine receives our session cookie: the
cookie holds a random session id only, and the token is derived from it with this server's
secret key, which never leaves the process. Served on another address, every request also needs
the access token (given once in the address, then remembered in the session), which is never
written to the access log.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

from flask import Response, abort, current_app, redirect, request, session
from flask.typing import ResponseReturnValue
from werkzeug.serving import WSGIRequestHandler

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
CHANGES = ("POST", "PUT", "PATCH", "DELETE")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK


def allowed_hosts(host: str, port: int, token: str | None = None) -> set[str] | None:
    """The Host headers a request to this server may carry; None: any. Served on another
    address, every request needs the token, which a rebinding page cannot have: any name the
    machine is reached by (its address on the network, its host name) will do."""
    if token is not None and not is_loopback(host):
        return None
    names = set(LOOPBACK[:3]) if is_loopback(host) else {f"[{host}]" if ":" in host else host}
    return {f"{name}:{port}" for name in names} | ({host} if port == 80 else set())


def csrf_token() -> str:
    """This session's CSRF token (our pages put it in every form): the HMAC of the session's
    random id under the server's secret key, so that the cookie, which others may see, does not
    hold it."""
    if "id" not in session:
        session["id"] = secrets.token_urlsafe(16)
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    assert key, "create_app always sets a secret key"
    return hmac.new(key, session["id"].encode(), hashlib.sha256).hexdigest()


def same_origin() -> bool:
    """Whether a change comes from a page of this server, as the browser says: Sec-Fetch-Site
    (every current browser), else the Origin header, which must name this host (our pages'
    referrer policy lets the browser send it). A request with neither, which no page can make a
    browser send (a command-line client), is left to the CSRF token."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.host}"


def guard(hosts: set[str] | None, token: str | None) -> Callable[[], ResponseReturnValue | None]:
    """A before_request hook: Host, then token, then CSRF for changes."""
    def check() -> ResponseReturnValue | None:
        if hosts is not None and request.host not in hosts:
            abort(400, "host")
        if token is not None and not session.get("authenticated"):
            given = request.args.get("token") or request.form.get("token") or ""
            if not hmac.compare_digest(given.encode(), token.encode()):
                abort(401)
            session["authenticated"] = True
            if request.method == "GET":     # the token leaves the address bar and the history
                return redirect(request.path)
        if request.method in CHANGES:
            if not same_origin():
                abort(403, "origin")
            sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
            if not hmac.compare_digest(sent.encode(), csrf_token().encode()):
                abort(400, "csrf")
        return None
    return check


def headers(response: Response) -> Response:
    """An after_request hook: nothing from elsewhere runs or frames our pages."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Nothing to other sites; to our own, the origin, which every change is checked against.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's request handler whose access log never shows an access token."""

    def log(self, type: str, message: str, *args: object) -> None:
        super().log(type, message, *(_TOKEN_IN_ADDRESS.sub(r"\1token=…", str(arg)) for arg in args))


_TOKEN_IN_ADDRESS = re.compile(r"([?&])token=[^&\s\"]*")
