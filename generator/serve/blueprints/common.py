"""What every blueprint asks of the app it runs in: its settings, its build job, the units of the
register it shows, and how to send a file."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import Response, abort, current_app, jsonify, render_template, request, send_file

from generator import api
from generator.i18n import _
from generator.serve.jobs import BuildJob

MAX_UPLOAD = 30_000_000        # the checker's own limit for a .docx on disk (check/reader.py)


@dataclass(frozen=True)
class Settings:
    provinces_dir: Path = Path("provinces")
    out_dir: Path = Path("output")
    date: dt.date | None = None
    kind_name: str = api.DEFAULT_KIND
    host: str = "127.0.0.1"
    port: int = 8093
    token: str | None = None          # required by every request when not served on loopback


@dataclass(frozen=True)
class Workbench:
    """The app's own state, made by create_app (app.extensions["chuongtrinh"])."""

    settings: Settings
    job: BuildJob


def workbench() -> Workbench:
    found: Workbench = current_app.extensions["chuongtrinh"]
    return found


def settings() -> Settings:
    return workbench().settings


def units() -> list[api.UnitState]:
    shown = settings()
    return api.unit_states(shown.provinces_dir, shown.out_dir, shown.date, shown.kind_name)


def unit(slug: str) -> api.UnitState:
    """The unit of the register with this slug, or 404: a slug from the address never makes a
    path by itself."""
    found = next((u for u in units() if u.slug == slug), None)
    if found is None:
        abort(404, description=_("không có đơn vị {slug} trong danh mục đang xem", slug=slug))
    return found


def attachment(path: Path | None) -> Response:
    if path is None:
        abort(404)
    return send_file(path, as_attachment=True, download_name=path.name)


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def failure(code: int, title: str, problems: list[str], advice: str | None = None) -> tuple[Response | str, int]:
    """An error as the asker reads it: JSON for the page's script, else a page in the user's
    language saying what went wrong and what to do next."""
    if wants_json():
        return jsonify(ok=False, saved=False, message="; ".join(problems), problems=problems), code
    return render_template("error.html", title=title, problems=problems, advice=advice), code
