"""The workbench's pages and downloads: each route asks the library API (api.py) and shows what
it returns; nothing here composes, writes or checks a document itself."""
from __future__ import annotations

import base64
import datetime as dt
import io
import secrets
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import NotFound

from generator import api
from generator.errors import ChuongTrinhError, InputError, relative
from generator.files import internal_error_log
from generator.i18n import N_, _, _n, number, set_thread_language
from generator.i18n import language as language_now
from generator.read import organisations
from generator.serve import editor, form, security
from generator.serve.jobs import BuildJob

MAX_UPLOAD = 30_000_000        # the checker's own limit for a .docx on disk (check/reader.py)
PROFILES = ("hd36", "qd399", "nd30")      # the rule sets a user may choose on the check page
STATES = {
    "up-to-date": N_("đã cập nhật"), "outdated": N_("cần dựng lại"), "not-built": N_("chưa dựng"),
    "failed": N_("có lỗi"), "nonconforming": N_("sai thể thức"), "hand-edited": N_("đã sửa tay"),
    "no-file": N_("chưa có tệp tỉnh"),
}
# The parts of a fact, as the editor labels them (the schema's own words are for a text editor).
FACT_LABELS = {"value": N_("Giá trị"), "text": N_("Nội dung"), "source": N_("Nguồn (trang web hoặc văn bản)"),
               "as_of": N_("Thời điểm (ví dụ: 2019, 6/2021)"), "approx": N_("Số liệu ước tính (ghi “trên 20.000”)"),
               "noun": N_("Danh từ đi kèm số liệu, như nguồn viết"),
               "measures": N_("Số liệu đo gì: năm, tính đến, nhiệm kỳ, lũy kế"),
               "relation": N_("Chương trình này với văn bản đó: cụ thể hóa, thay thế, tiếp tục")}


@dataclass(frozen=True)
class Settings:
    provinces_dir: Path = Path("provinces")
    out_dir: Path = Path("output")
    date: dt.date | None = None
    kind_name: str = api.DEFAULT_KIND
    host: str = "127.0.0.1"
    port: int = 8093
    token: str | None = None          # required by every request when not served on loopback


def create_app(settings: Settings) -> Flask:
    # Every path the app serves from is absolute: Flask would take a relative one from its own
    # package folder, not from where the user started it.
    settings = replace(settings, provinces_dir=settings.provinces_dir.resolve(), out_dir=settings.out_dir.resolve())
    app = Flask(__name__)
    # A cookie of its own per port: two workbenches on one machine (or one restarted) do not
    # trample each other's session, whose CSRF token every change needs.
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_NAME=f"chuongtrinh-{settings.port}")
    job = BuildJob(settings.provinces_dir, settings.out_dir, settings.date, settings.kind_name)
    app.before_request(_language)
    app.before_request(security.guard(security.allowed_hosts(settings.host, settings.port, settings.token),
                                      settings.token))
    app.after_request(security.headers)
    app.teardown_request(lambda error: set_thread_language(None))
    app.jinja_env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]   # "tỉnh Thanh Hóa" heads a row
    app.jinja_env.filters["shown_path"] = relative      # "provinces/34/an-giang.yaml", as the dashboard shows it
    app.jinja_env.globals.update(_=_, _n=_n, number=number, language=language_now, csrf_token=security.csrf_token, states=STATES,
                                 fact_labels=FACT_LABELS, name_roles=", ".join(organisations.roles()))

    def units() -> list[api.UnitState]:
        return api.unit_states(settings.provinces_dir, settings.out_dir, settings.date, settings.kind_name)

    def unit(slug: str) -> api.UnitState:
        """The unit of the register with this slug, or 404: a slug from the address never makes a
        path by itself."""
        found = next((u for u in units() if u.slug == slug), None)
        if found is None:
            abort(404, description=_("không có đơn vị {slug} trong danh mục đang xem", slug=slug))
        return found

    @app.get("/")
    def dashboard():
        shown = units()
        return render_template("dashboard.html", units=shown, counts=Counter(u.state for u in shown),
                               placeholders=sum(u.placeholders for u in shown), settings=settings,
                               unconfirmed=sum(len(u.unconfirmed) for u in shown),
                               progress=job.progress)

    @app.post("/build")
    def build():
        slug = request.form.get("slug", "")
        # Overwriting a document edited by hand: one unit, asked for on its confirmation page.
        overwrite = bool(slug and request.form.get("overwrite"))
        merge = bool(slug and request.form.get("merge"))
        started = job.start((unit(slug).slug,) if slug else (), overwrite=overwrite, merge=merge)
        if request.headers.get("Accept") == "application/json":
            return jsonify(started=started, progress=job.progress.as_json())
        return redirect(url_for("dashboard"))

    @app.get("/build/status")
    def build_status():
        return jsonify(job.progress.as_json())

    def attachment(path: Path | None):
        if path is None:
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name)

    @app.get("/download/<slug>.docx")
    def download_docx(slug: str):
        return attachment(unit(slug).output)

    @app.get("/download/<slug>.new.docx")
    def download_new_draft(slug: str):
        return attachment(unit(slug).new_draft)

    @app.get("/download/<slug>.so-sanh.docx")
    def download_redline(slug: str):
        return attachment(unit(slug).redline)

    @app.get("/province/<slug>/overwrite")
    def overwrite_page(slug: str):
        """What overwriting a document edited by hand does, and the button that does it."""
        found = unit(slug)
        if found.state != "hand-edited" or found.output is None:
            abort(404)
        return render_template("overwrite.html", unit=found, kept=found.output.stem + api.HAND_EDITED_COPY,
                               before=found.output.stem + api.BEFORE_MERGE)

    @app.get("/download/<slug>.pdf")
    def download_pdf(slug: str):
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            abort(403)          # it runs LibreOffice and writes a file: not for another site's <img>
        found = unit(slug)
        if found.output is None:
            abort(404)
        try:
            [pdf] = api.export_pdf([found.output], settings.out_dir, 1)
        except ChuongTrinhError as e:
            return failure(500, _("Không xuất được PDF"), [str(p) for p in e.problems],
                           _("Tải bản .docx rồi mở bằng Word hoặc LibreOffice; muốn có PDF trên máy này, cài LibreOffice."))
        return send_file(pdf, as_attachment=True, download_name=pdf.name)

    @app.get("/download/all.zip")
    def download_all():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for found in units():
                if found.output is not None:
                    package.write(found.output, found.output.name)
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name="chuongtrinh.zip", mimetype="application/zip")

    @app.route("/check", methods=["GET", "POST"])
    def check():
        if request.method == "GET":
            return render_template("check.html", profiles=profile_choices())
        upload = request.files.get("document")
        if upload is None or not upload.filename:
            return render_template("check.html", profiles=profile_choices(), error=_("chưa chọn tệp .docx")), 400
        profile_id = request.form.get("profile") or None
        if profile_id not in (None, *PROFILES):
            abort(400)
        name = Path(upload.filename).name           # shown only; never a path on this machine
        try:
            report = api.check_document(upload.read(MAX_UPLOAD + 1), name, profile_id,
                                        draft=bool(request.form.get("draft")))
        except ChuongTrinhError as e:
            return render_template("check.html", profiles=profile_choices(), name=name,
                                   error="; ".join(p.message for p in e.problems)), 422
        return render_template("check.html", profiles=profile_choices(), name=name, report=report)

    def editable(slug: str) -> api.UnitState:
        """The unit, if its document comes from one province file the editor can open; else 404."""
        found = unit(slug)
        if found.file is None:
            abort(404)
        return found

    def province_file(slug: str) -> Path:
        return editable(slug).file

    @app.post("/province/<slug>/new")
    def new_file(slug: str):
        """A unit of the register shown with no file of its own (a merged unit composed from its
        former provinces' files): its own file, commented and empty, then its editor."""
        found = unit(slug)
        if found.file is not None or settings.date is None:
            abort(404)
        api.new_province(found.slug, settings.date.year, settings.provinces_dir)
        return redirect(url_for("editor_page", slug=found.slug))

    @app.get("/province/<slug>")
    def editor_page(slug: str):
        found = editable(slug)
        try:
            opened = editor.read(found.file)
        except InputError as e:
            # Not YAML the form can hold (a Tab, a bracket left open): the file as text, each
            # problem at its line, and the repair `validate --fix` would make, where there is one.
            text = editor.current_text(found.file)      # not even text: user_error says why
            lines = {p.location.line for p in e.problems if p.location and p.location.line}
            return render_template("unreadable.html", unit=found, file=found.file, problems=e.problems,
                                   lines=text.split("\n"), marked=lines, repairable=api.repairable(text))
        return render_template("editor.html", unit=found, nodes=form.nodes(opened.data, api.unused_fields(settings.date)), sha=opened.fingerprint,
                               file=found.file, judgement=editor.judge(opened.text, found.file, settings.date),
                               history=api.history(found.slug, settings.provinces_dir, settings.date),
                               label_of=form.label_of)

    @app.post("/province/<slug>/repair")
    def repair(slug: str):
        found = editable(slug)
        for _result in api.validate((str(found.file),), settings.provinces_dir, fix=True):
            pass           # what is left to fix by hand, the editor (or its text view) shows
        return redirect(url_for("editor_page", slug=found.slug))

    def form_text(path: Path) -> str:
        fields = {key: value for key, value in request.form.items() if key not in ("csrf_token", "sha")}
        return editor.with_form(editor.current_text(path), fields)

    @app.errorhandler(ChuongTrinhError)
    def user_error(error: ChuongTrinhError):
        """A file the editor cannot work on (changed on disk, no longer YAML …): said, not a 500."""
        return failure(422, _("Không thực hiện được"), [str(p) for p in error.problems],
                       _("Sửa tệp theo thông báo trên, rồi tải lại trang."))

    @app.post("/province/<slug>/check")
    def editor_check(slug: str):
        path = province_file(slug)
        return jsonify(editor.judge(form_text(path), path, settings.date).as_json())

    @app.post("/province/<slug>/save")
    def editor_save(slug: str):
        path = province_file(slug)
        text = form_text(path)
        judgement = editor.judge(text, path, settings.date)
        try:
            sha = editor.save(path, text, request.form.get("sha", ""))
        except editor.Conflict as e:
            return jsonify(saved=False, conflict=True, message=str(e.problems[0])), 409
        return jsonify(saved=True, sha=sha, judgement=judgement.as_json())

    @app.post("/province/<slug>/preview")
    def editor_preview(slug: str):
        path = province_file(slug)
        started = time.perf_counter()
        page = request.form.get("page", "1")
        with tempfile.TemporaryDirectory(prefix="chuongtrinh-preview-") as work:
            try:
                shown = api.preview_text(form_text(path), slug, int(page) if page.isascii() and page.isdigit() else 1, Path(work),
                                         settings.date, settings.kind_name, settings.provinces_dir)
            except ChuongTrinhError as e:      # the messages, not the temporary file they name
                return jsonify(ok=False, problems=[p.message for p in e.problems]), 422
            image = base64.b64encode(shown.image.read_bytes()).decode()
        return jsonify(ok=True, image=f"data:image/png;base64,{image}", page=shown.page, pages=shown.pages,
                       placeholders=[{"label": label, "field": field, "boxes": boxes}
                                     for label, field, boxes in shown.placeholders],
                       seconds=round(time.perf_counter() - started, 2))

    @app.get("/lang/<code>")
    def language(code: str):
        response = redirect(url_for("dashboard"))
        if code in ("vi", "en"):
            response.set_cookie("lang", code, samesite="Strict", max_age=365 * 24 * 3600)
        return response

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    def refused(error):
        """The page's script is told in JSON (a session gone stale after a restart: reload)."""
        message = _("phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ; tải lại trang (những gì đã gõ vẫn được giữ)")
        if error.code == 401:
            message = _("cần mã truy cập: mở đúng địa chỉ có mã (…?token=…) mà lệnh chuongtrinh serve đã in ra")
        return failure(error.code, _("Không thực hiện được"), [message])

    @app.errorhandler(404)
    def not_found(error):
        ours = error.description if error.description != NotFound.description else None
        return failure(404, _("Không có trang này"),
                       [ours or _("địa chỉ {path} không có trên bàn làm việc", path=request.path)],
                       _("Kiểm tra lại địa chỉ, hoặc về trang các tỉnh để chọn đơn vị cần xem."))

    @app.errorhandler(405)
    def not_allowed(error):
        return failure(405, _("Không thực hiện được"), [_("trang này không nhận thao tác {method}", method=request.method)],
                       _("Dùng các nút trên trang thay vì gõ địa chỉ."))

    @app.errorhandler(413)
    def too_large(error):
        return failure(413, _("Tệp quá lớn"), [_("tệp quá lớn (tối đa {limit} MB)", limit=number(MAX_UPLOAD // 1_000_000))],
                       _("Chọn tệp .docx nhỏ hơn; văn bản có nhiều ảnh có thể lưu lại ảnh ở độ phân giải thấp hơn."))

    @app.errorhandler(500)
    def internal(error):
        original = getattr(error, "original_exception", None) or error
        log = internal_error_log("".join(traceback.format_exception(original)))
        return failure(500, _("Lỗi nội bộ"), [_("lỗi nội bộ của chuongtrinh; chi tiết đã ghi vào {log}", log=log)],
                       _("Thử lại; nếu lỗi lặp lại, gửi tệp nhật ký này cho nhóm phát triển."))

    return app


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def failure(code: int, title: str, problems: list[str], advice: str | None = None):
    """An error as the asker reads it: JSON for the page's script, else a page in the user's
    language saying what went wrong and what to do next."""
    if wants_json():
        return jsonify(ok=False, saved=False, message="; ".join(problems), problems=problems), code
    return render_template("error.html", title=title, problems=problems, advice=advice), code


def profile_choices() -> list[tuple[str, str]]:
    """(id, the rule set's own name: "Hướng dẫn số 36-HD/VPTW, ngày 03/4/2018")."""
    from generator.profiles import load_profile
    return [(profile_id, load_profile(profile_id).name) for profile_id in PROFILES]


def _language() -> None:
    set_thread_language(request.cookies.get("lang") or None)
