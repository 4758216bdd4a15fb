"""The workbench against what a user or another page can send it: changes from another origin,
a cookie that other ports of the machine receive, tokens in logs, relative folders, errors a
user must understand, and hostile uploads that must neither hold up the server nor grow it."""
from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from pathlib import Path

import pytest

from generator.build import build
from generator.serve import Settings, create_app
from generator.serve.security import QuietRequestHandler
from tests import hostile

from .conftest import PROVINCES
from .test_serve import HOST, csrf, get, post

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def workbench(tmp_path, few_provinces):
    app = create_app(Settings(few_provinces, tmp_path / "output"))
    return app.test_client()


def test_a_change_from_a_page_of_another_origin_is_refused_even_with_the_token(workbench):
    """A page served on another port of the machine gets our cookie (cookies ignore ports) but
    not our origin."""
    token = csrf(workbench)
    for headers in ({"Origin": "http://127.0.0.1:9999"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site"}):
        refused = post(workbench, "/build", data={"csrf_token": token, "slug": "ha-noi"}, headers=headers)
        assert refused.status_code == 403, headers
    for headers in ({"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"}, {"Origin": f"http://{HOST}"},
                    {"Origin": "null", "Sec-Fetch-Site": "same-origin"}):
        allowed = post(workbench, "/build", data={"csrf_token": token, "slug": "ha-noi"}, headers=headers)
        assert allowed.status_code == 302, headers


def test_the_session_cookie_does_not_hold_the_csrf_token(workbench):
    token = csrf(workbench)
    cookie = next(c for c in workbench._cookies.values() if c.key.startswith("chuongtrinh-"))
    payload = cookie.value.split(".")[1 if cookie.value.startswith(".") else 0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    data = json.loads(zlib.decompress(raw) if cookie.value.startswith(".") else raw)
    assert token not in json.dumps(data) and set(data) == {"id"}


def test_the_access_log_never_shows_the_token(caplog):
    """The address with ?token= is logged by the web server on every such request."""
    from werkzeug.serving import make_server
    app = create_app(Settings(PROVINCES, Path("output"), host="0.0.0.0", port=0, token="một-mã-đủ-dài-123"))
    server = make_server("127.0.0.1", 0, app, request_handler=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            address = f"http://127.0.0.1:{server.server_port}/?token=m%E1%BB%99t-m%C3%A3-%C4%91%E1%BB%A7-d%C3%A0i-123"
            try:
                urllib.request.urlopen(address, timeout=10)
            except urllib.error.HTTPError:
                pass
    finally:
        server.shutdown()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "token=…" in logged and "d%C3%A0i-123" not in logged and "dài-123" not in logged


def test_downloads_work_with_relative_folders_as_the_readme_starts_it(tmp_path, monkeypatch, few_provinces):
    """`chuongtrinh serve` with its defaults (-o output, --provinces provinces), from the folder
    the user is in."""
    monkeypatch.chdir(few_provinces.parent)
    list(build([Path("provinces/ha-noi.yaml")], Path("output")))
    client = create_app(Settings(Path("provinces"), Path("output"))).test_client()
    document = get(client, "/download/ha-noi.docx")
    assert document.status_code == 200 and document.data[:2] == b"PK"
    assert get(client, "/download/all.zip").status_code == 200


@pytest.mark.parametrize("language, words", [("vi", "Không có trang này"), ("en", "No such page")])
def test_error_pages_speak_the_users_language_and_say_what_to_do(workbench, language, words):
    workbench.set_cookie("lang", language, domain="127.0.0.1")
    missing = get(workbench, "/khong-co-trang-nay")
    page = missing.get_data(as_text=True)
    assert missing.status_code == 404 and words in page and 'class="advice"' in page
    unknown = get(workbench, "/province/khong-co-tinh").get_data(as_text=True)
    assert "khong-co-tinh" in unknown
    assert get(workbench, "/build").status_code == 405
    assert 'class="advice"' in get(workbench, "/build").get_data(as_text=True)


def test_an_internal_error_is_a_page_with_the_log_that_holds_its_details(workbench, monkeypatch):
    from generator import api

    def broken(*args, **kwargs):
        raise RuntimeError("một lỗi lập trình")
    monkeypatch.setattr(api, "unit_states", broken)
    failed = get(workbench, "/")
    page = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "lỗi nội bộ" in page
    log = Path(re.search(r"(/\S+chuongtrinh-loi-\S+\.log)", page).group(1))
    assert "một lỗi lập trình" in log.read_text(encoding="utf-8") and log.stat().st_mode & 0o077 == 0
    log.unlink()


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> dict[str, bytes]:
    return {name: make() for name, (make, _expected) in hostile.CASES.items()}


def test_every_hostile_upload_is_answered_in_time_through_the_upload_page(workbench, uploads):
    token = csrf(workbench, "/check")
    for name, data in uploads.items():
        started = time.monotonic()
        page = post(workbench, "/check", data={"csrf_token": token, "document": (io.BytesIO(data), f"{name}.docx")},
                    content_type="multipart/form-data")
        seconds = time.monotonic() - started
        assert page.status_code in (200, 422), name
        assert seconds < 5, (name, seconds)
        expected = hostile.CASES[name][1]
        assert (page.status_code == 200) == (expected == hostile.READ), name


def test_a_check_that_runs_too_long_is_stopped_and_the_server_answers_meanwhile(monkeypatch):
    from generator.check import isolated
    from generator.check.reader import UnreadableDocument
    monkeypatch.setattr(isolated, "TIME_LIMIT", 0.001)
    with pytest.raises(UnreadableDocument, match="quá"):
        isolated.check_isolated(hostile.style_chain(3_000), "cham.docx")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def test_the_server_is_back_to_its_idle_size_after_twenty_hostile_uploads(tmp_path, uploads):
    """`chuongtrinh serve` as the README starts it; the largest uploads of the corpus, twenty times."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(base + "/check", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)

        def upload(data: bytes) -> int:
            boundary = "chuongtrinh-ranh-gioi"
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                    f"--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"x.docx\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
            request = urllib.request.Request(base + "/check", data=body, headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie})
            try:
                return urllib.request.urlopen(request, timeout=30).status
            except urllib.error.HTTPError as e:
                return e.code

        upload(uploads["number-0"])            # the checker's worker process is started
        idle = _rss_mib(server.pid)
        largest = sorted(uploads.values(), key=len)[-20:]
        for data in largest:
            assert upload(data) in (200, 422)
        after = _rss_mib(server.pid)
        assert after < idle + 25, (idle, after)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
