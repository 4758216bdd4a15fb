"""A .docx of any origin checked against a rule set, as `chuongtrinh check` does."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from generator import api
from generator.errors import ChuongTrinhError
from generator.i18n import _
from generator.serve.blueprints.common import MAX_UPLOAD

blueprint = Blueprint("check", __name__)


def profile_choices() -> list[tuple[str, str]]:
    """(id, the rule set's own name: "Hướng dẫn số 36-HD/VPTW, ngày 03/4/2018"), every shipped one: the
    Party's first, then the State's, each family's in the order they came into force."""
    from generator.profiles import load_profile, shipped_profiles
    profiles = sorted(map(load_profile, shipped_profiles()), key=lambda p: (p.family != "party", p.applies_from))
    return [(profile.id, profile.name) for profile in profiles]


@blueprint.route("/check", methods=["GET", "POST"])
def page() -> ResponseReturnValue:
    choices = profile_choices()
    if request.method == "GET":
        return render_template("check.html", profiles=choices)
    upload = request.files.get("document")
    if upload is None or not upload.filename:
        return render_template("check.html", profiles=choices, error=_("chưa chọn tệp .docx")), 400
    profile_id = request.form.get("profile") or None
    if profile_id not in (None, *(choice for choice, _name in choices)):
        abort(400)
    name = Path(upload.filename).name           # shown only; never a path on this machine
    try:
        report = api.check_document(upload.read(MAX_UPLOAD + 1), name, profile_id,
                                    draft=bool(request.form.get("draft")))
    except ChuongTrinhError as e:
        return render_template("check.html", profiles=choices, name=name,
                               error="; ".join(p.message for p in e.problems)), 422
    return render_template("check.html", profiles=choices, name=name, report=report)
