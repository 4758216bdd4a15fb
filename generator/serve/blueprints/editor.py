"""A province file edited from a form: opened, judged as it is typed, previewed, saved."""
from __future__ import annotations

import base64
import tempfile
import time
from pathlib import Path

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from generator import api
from generator.errors import ChuongTrinhError, InputError
from generator.serve import editor, form
from generator.serve.blueprints.common import settings, unit

blueprint = Blueprint("editor", __name__, url_prefix="/province")


def editable(slug: str) -> api.UnitState:
    """The unit, if its document comes from one province file the editor can open; else 404."""
    found = unit(slug)
    if found.file is None:
        abort(404)
    return found


def province_file(slug: str) -> Path:
    path = editable(slug).file
    assert path is not None
    return path


def form_text(path: Path) -> str:
    fields = {key: value for key, value in request.form.items() if key not in ("csrf_token", "sha")}
    return editor.with_form(editor.current_text(path), fields)


@blueprint.post("/<slug>/new")
def new_file(slug: str) -> ResponseReturnValue:
    """A unit of the register shown with no file of its own (a merged unit composed from its
    former provinces' files): its own file, commented and empty, then its editor."""
    found, shown = unit(slug), settings()
    if found.file is not None or shown.date is None:
        abort(404)
    api.new_province(found.slug, shown.date.year, shown.provinces_dir)
    return redirect(url_for("editor.page", slug=found.slug))


@blueprint.get("/<slug>")
def page(slug: str) -> ResponseReturnValue:
    found, shown = editable(slug), settings()
    assert found.file is not None
    try:
        opened = editor.read(found.file)
    except InputError as e:
        # Not YAML the form can hold (a Tab, a bracket left open): the file as text, each
        # problem at its line, and the repair `validate --fix` would make, where there is one.
        text = editor.current_text(found.file)      # not even text: user_error says why
        lines = {p.location.line for p in e.problems if p.location and p.location.line}
        return render_template("unreadable.html", unit=found, file=found.file, problems=e.problems,
                               lines=text.split("\n"), marked=lines, repairable=api.repairable(text))
    return render_template("editor.html", unit=found, nodes=form.nodes(opened.data, api.unused_fields(shown.date)),
                           sha=opened.fingerprint, file=found.file,
                           judgement=editor.judge(opened.text, found.file, shown.date),
                           history=api.history(found.slug, shown.provinces_dir, shown.date), label_of=form.label_of)


@blueprint.post("/<slug>/repair")
def repair(slug: str) -> ResponseReturnValue:
    found = editable(slug)
    for _result in api.validate((str(found.file),), settings().provinces_dir, fix=True):
        pass           # what is left to fix by hand, the editor (or its text view) shows
    return redirect(url_for("editor.page", slug=found.slug))


@blueprint.post("/<slug>/check")
def check(slug: str) -> ResponseReturnValue:
    path = province_file(slug)
    return jsonify(editor.judge(form_text(path), path, settings().date).as_json())


@blueprint.post("/<slug>/save")
def save(slug: str) -> ResponseReturnValue:
    path = province_file(slug)
    text = form_text(path)
    judgement = editor.judge(text, path, settings().date)
    try:
        sha = editor.save(path, text, request.form.get("sha", ""))
    except editor.Conflict as e:
        return jsonify(saved=False, conflict=True, message=str(e.problems[0])), 409
    return jsonify(saved=True, sha=sha, judgement=judgement.as_json())


@blueprint.post("/<slug>/preview")
def preview(slug: str) -> ResponseReturnValue:
    path, shown = province_file(slug), settings()
    started = time.perf_counter()
    number = request.form.get("page", "1")
    with tempfile.TemporaryDirectory(prefix="chuongtrinh-preview-") as work:
        try:
            made = api.preview_text(form_text(path), slug, int(number) if number.isascii() and number.isdigit() else 1,
                                    Path(work), shown.date, shown.kind_name, shown.provinces_dir)
        except ChuongTrinhError as e:      # the messages, not the temporary file they name
            return jsonify(ok=False, problems=[p.message for p in e.problems]), 422
        image = base64.b64encode(made.image.read_bytes()).decode()
    return jsonify(ok=True, image=f"data:image/png;base64,{image}", page=made.page, pages=made.pages,
                   placeholders=[{"label": label, "field": field, "boxes": boxes}
                                 for label, field, boxes in made.placeholders],
                   seconds=round(time.perf_counter() - started, 2))
