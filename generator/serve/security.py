"""What stands between a browser and the files: the Host header, the access token, CSRF.

The workbench listens on 127.0.0.1 by default. A page elsewhere on the web can still make the
user's browser send requests there: a Host header other than the server's own names (DNS
rebinding) is refused, and every change needs the form's CSRF token, which only our own pages
carry. Served on another address, every request also needs the access token (given once in the
address, then remembered in the session cookie).
"""
from __future__ import annotations

import hmac
import secrets

from flask import abort, redirect, request, session

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
    """This session's CSRF token, made on first use (our pages put it in every form)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def guard(hosts: set[str] | None, token: str | None):
    """A before_request hook: Host, then token, then CSRF for changes."""
    def check():
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
            sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
            if not hmac.compare_digest(sent.encode(), csrf_token().encode()):
                abort(400, "csrf")
        return None
    return check


def headers(response):
    """An after_request hook: nothing from elsewhere runs or frames our pages."""
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
