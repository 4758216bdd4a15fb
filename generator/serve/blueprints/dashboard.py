"""The units of the register and the state of each document; builds, in the background."""
from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from generator import api
from generator.serve.blueprints.common import settings, unit, units, workbench

blueprint = Blueprint("dashboard", __name__)


@blueprint.get("/")
def index() -> ResponseReturnValue:
    shown = units()
    return render_template("dashboard.html", units=shown, counts=Counter(u.state for u in shown),
                           placeholders=sum(u.placeholders for u in shown), settings=settings(),
                           unconfirmed=sum(len(u.unconfirmed) for u in shown),
                           progress=workbench().job.progress)


@blueprint.post("/build")
def build() -> ResponseReturnValue:
    slug = request.form.get("slug", "")
    # Overwriting a document edited by hand: one unit, asked for on its confirmation page.
    overwrite = bool(slug and request.form.get("overwrite"))
    merge = bool(slug and request.form.get("merge"))
    job = workbench().job
    started = job.start((unit(slug).slug,) if slug else (), overwrite=overwrite, merge=merge)
    if request.headers.get("Accept") == "application/json":
        return jsonify(started=started, progress=job.progress.as_json())
    return redirect(url_for("dashboard.index"))


@blueprint.get("/build/status")
def build_status() -> ResponseReturnValue:
    return jsonify(workbench().job.progress.as_json())


@blueprint.get("/province/<slug>/overwrite")
def overwrite_page(slug: str) -> ResponseReturnValue:
    """What overwriting a document edited by hand does, and the button that does it."""
    found = unit(slug)
    if found.state != "hand-edited" or found.output is None:
        abort(404)
    return render_template("overwrite.html", unit=found, kept=found.output.stem + api.HAND_EDITED_COPY,
                           before=found.output.stem + api.BEFORE_MERGE)


@blueprint.get("/lang/<code>")
def language(code: str) -> ResponseReturnValue:
    response = redirect(url_for("dashboard.index"))
    if code in ("vi", "en"):
        response.set_cookie("lang", code, samesite="Strict", max_age=365 * 24 * 3600)
    return response
