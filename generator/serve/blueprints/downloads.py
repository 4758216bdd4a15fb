"""The documents as files: each unit's .docx, its new draft, its redline, its PDF, all of them zipped."""
from __future__ import annotations

import io
import zipfile

from flask import Blueprint, abort, request, send_file
from flask.typing import ResponseReturnValue

from generator import api
from generator.errors import ChuongTrinhError
from generator.i18n import _
from generator.serve.blueprints.common import attachment, failure, settings, unit, units

blueprint = Blueprint("downloads", __name__, url_prefix="/download")


@blueprint.get("/<slug>.docx")
def docx(slug: str) -> ResponseReturnValue:
    return attachment(unit(slug).output)


@blueprint.get("/<slug>.new.docx")
def new_draft(slug: str) -> ResponseReturnValue:
    return attachment(unit(slug).new_draft)


@blueprint.get("/<slug>.so-sanh.docx")
def redline(slug: str) -> ResponseReturnValue:
    return attachment(unit(slug).redline)


@blueprint.get("/<slug>.pdf")
def pdf(slug: str) -> ResponseReturnValue:
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)          # it runs LibreOffice and writes a file: not for another site's <img>
    found = unit(slug)
    if found.output is None:
        abort(404)
    try:
        [made] = api.export_pdf([found.output], settings().out_dir, 1)
    except ChuongTrinhError as e:
        return failure(500, _("Không xuất được PDF"), [str(p) for p in e.problems],
                       _("Tải bản .docx rồi mở bằng Word hoặc LibreOffice; muốn có PDF trên máy này, cài LibreOffice."))
    return send_file(made, as_attachment=True, download_name=made.name)


@blueprint.get("/all.zip")
def everything() -> ResponseReturnValue:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for found in units():
            if found.output is not None:
                package.write(found.output, found.output.name)
    buffer.seek(0)
    return send_file(buffer, as_attachment=True, download_name="chuongtrinh.zip", mimetype="application/zip")
