"""`chuongtrinh serve`'s app factory: its settings and build job, the security of every request,
the language of its pages, its error pages, and the blueprints that make the pages (blueprints/)."""
from __future__ import annotations

import secrets
import traceback
from dataclasses import replace

from flask import Flask, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, NotFound

from generator.errors import ChuongTrinhError, relative
from generator.files import internal_error_log
from generator.i18n import N_, _, _n, number, set_thread_language
from generator.i18n import language as language_now
from generator.read import organisations
from generator.serve import security
from generator.serve.blueprints import check, dashboard, downloads, editor
from generator.serve.blueprints.common import MAX_UPLOAD, Settings, Workbench, failure
from generator.serve.jobs import BuildJob

__all__ = ["Settings", "create_app"]

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
    app.extensions["chuongtrinh"] = Workbench(
        settings, BuildJob(settings.provinces_dir, settings.out_dir, settings.date, settings.kind_name))
    app.before_request(_language)
    app.before_request(security.guard(security.allowed_hosts(settings.host, settings.port, settings.token),
                                      settings.token))
    app.after_request(security.headers)
    app.teardown_request(lambda error: set_thread_language(None))
    app.jinja_env.filters["sentence"] = lambda text: text[:1].upper() + text[1:]   # "tỉnh Thanh Hóa" heads a row
    app.jinja_env.filters["shown_path"] = relative      # "provinces/34/an-giang.yaml", as the dashboard shows it
    app.jinja_env.globals.update(_=_, _n=_n, number=number, language=language_now, csrf_token=security.csrf_token,
                                 states=STATES, fact_labels=FACT_LABELS, name_roles=", ".join(organisations.roles()))
    for blueprint in (dashboard.blueprint, downloads.blueprint, check.blueprint, editor.blueprint):
        app.register_blueprint(blueprint)
    _error_pages(app)
    return app


def _error_pages(app: Flask) -> None:
    @app.errorhandler(ChuongTrinhError)
    def user_error(error: ChuongTrinhError) -> ResponseReturnValue:
        """A file the editor cannot work on (changed on disk, no longer YAML …): said, not a 500."""
        return failure(422, _("Không thực hiện được"), [str(p) for p in error.problems],
                       _("Sửa tệp theo thông báo trên, rồi tải lại trang."))

    @app.errorhandler(400)
    @app.errorhandler(401)
    @app.errorhandler(403)
    def refused(error: HTTPException) -> ResponseReturnValue:
        """The page's script is told in JSON (a session gone stale after a restart: reload)."""
        message = _("phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ; tải lại trang (những gì đã gõ vẫn được giữ)")
        if error.code == 401:
            message = _("cần mã truy cập: mở đúng địa chỉ có mã (…?token=…) mà lệnh chuongtrinh serve đã in ra")
        return failure(error.code or 400, _("Không thực hiện được"), [message])

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> ResponseReturnValue:
        ours = error.description if error.description != NotFound.description else None
        return failure(404, _("Không có trang này"),
                       [ours or _("địa chỉ {path} không có trên bàn làm việc", path=request.path)],
                       _("Kiểm tra lại địa chỉ, hoặc về trang các tỉnh để chọn đơn vị cần xem."))

    @app.errorhandler(405)
    def not_allowed(error: HTTPException) -> ResponseReturnValue:
        return failure(405, _("Không thực hiện được"), [_("trang này không nhận thao tác {method}", method=request.method)],
                       _("Dùng các nút trên trang thay vì gõ địa chỉ."))

    @app.errorhandler(413)
    def too_large(error: HTTPException) -> ResponseReturnValue:
        return failure(413, _("Tệp quá lớn"), [_("tệp quá lớn (tối đa {limit} MB)", limit=number(MAX_UPLOAD // 1_000_000))],
                       _("Chọn tệp .docx nhỏ hơn; văn bản có nhiều ảnh có thể lưu lại ảnh ở độ phân giải thấp hơn."))

    @app.errorhandler(500)
    def internal(error: HTTPException) -> ResponseReturnValue:
        original = getattr(error, "original_exception", None) or error
        log = internal_error_log("".join(traceback.format_exception(original)))
        return failure(500, _("Lỗi nội bộ"), [_("lỗi nội bộ của chuongtrinh; chi tiết đã ghi vào {log}", log=log)],
                       _("Thử lại; nếu lỗi lặp lại, gửi tệp nhật ký này cho nhóm phát triển."))


def _language() -> None:
    set_thread_language(request.cookies.get("lang") or None)
