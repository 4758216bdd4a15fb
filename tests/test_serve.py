"""The web workbench's routes through Flask's test client: pages, builds, downloads, check, and
every security check (Host, token, CSRF, slugs, upload size)."""
from __future__ import annotations

import dataclasses
import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.profiles import shipped_profiles
from generator.serve import Settings, create_app
from generator.serve.app import MAX_UPLOAD

from . import handmade
from .conftest import PROVINCES

HOST = "127.0.0.1:8093"


@pytest.fixture
def workbench(tmp_path, few_provinces):
    provinces = few_provinces
    app = create_app(Settings(provinces, tmp_path / "output"))
    app.testing = True
    app.config["TESTING_PROVINCES"] = str(provinces)
    return app.test_client()


def csrf(client, page: str = "/") -> str:
    html = client.get(page, base_url=f"http://{HOST}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def get(client, path: str, **kwargs):
    return client.get(path, base_url=f"http://{HOST}", **kwargs)


def post(client, path: str, **kwargs):
    return client.post(path, base_url=f"http://{HOST}", **kwargs)


def wait_for_build(client) -> dict:
    for _ in range(300):
        progress = get(client, "/build/status").get_json()
        if not progress["running"]:
            return progress
        time.sleep(0.1)
    raise AssertionError("the build did not end")


def test_the_dashboard_lists_every_unit_of_the_register_with_its_state(workbench):
    page = get(workbench, "/").get_data(as_text=True)
    assert page.count('<tr id="unit-') == 63
    assert "Thành phố Hà Nội" in page and "Tỉnh Thanh Hóa" in page
    assert page.count("chưa có tệp tỉnh") == 60 + 1          # 60 rows and the summary badge
    assert page.count(">chưa dựng</span>") == 3


def test_a_build_started_from_the_page_runs_in_the_background_and_changes_the_states(workbench):
    token = csrf(workbench)
    started = post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa"},
                   headers={"Accept": "application/json"}).get_json()
    assert started["started"] is True
    progress = wait_for_build(workbench)
    assert progress["done"] == progress["total"] == 1 and progress["actions"] == {"built": 1}
    page = get(workbench, "/").get_data(as_text=True)
    row = page[page.index('id="unit-thanh-hoa"'):page.index('id="unit-nghe-an"')]
    assert "đã cập nhật" in row and "/download/thanh-hoa.docx" in row
    post(workbench, "/build", data={"csrf_token": token})
    assert wait_for_build(workbench)["done"] == 3


def test_downloads_give_the_built_document_and_a_zip_of_all(workbench):
    post(workbench, "/build", data={"csrf_token": csrf(workbench)})
    wait_for_build(workbench)
    document = get(workbench, "/download/ha-noi.docx")
    assert document.status_code == 200 and document.data[:2] == b"PK"
    assert "attachment" in document.headers["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(get(workbench, "/download/all.zip").data)).namelist()
    assert sorted(names) == ["can-tho.docx", "ha-noi.docx", "thanh-hoa.docx"]


def test_a_rebuild_from_the_page_offers_its_changes_as_a_redline(workbench):
    """Issue 27: after the data changed, "so sánh" downloads the new draft with tracked changes."""
    token = csrf(workbench)
    post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa"})
    wait_for_build(workbench)
    assert "/download/thanh-hoa.so-sanh.docx" not in get(workbench, "/").get_data(as_text=True)
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  name:", "  name: Lê Văn Bình", 1), encoding="utf-8")
    post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa"})
    wait_for_build(workbench)
    assert "/download/thanh-hoa.so-sanh.docx" in get(workbench, "/").get_data(as_text=True)
    redline = get(workbench, "/download/thanh-hoa.so-sanh.docx")
    body = zipfile.ZipFile(io.BytesIO(redline.data)).read("word/document.xml").decode("utf-8")
    assert redline.status_code == 200 and "Lê Văn Bình</w:t></w:r></w:ins>" in body


@pytest.mark.parametrize("path", ["/download/nghe-an.docx", "/download/khong-co.docx", "/download/..%2fmanifest.docx",
                                  "/download/%2e%2e%2f%2e%2e%2fetc%2fpasswd.docx", "/download/ha-noi.docx"])
def test_a_download_is_only_ever_a_built_document_of_the_register(workbench, path):
    assert get(workbench, path).status_code == 404     # nothing is built yet; unknown slugs never become paths


def test_a_change_without_the_csrf_token_is_refused(workbench):
    assert post(workbench, "/build").status_code == 400
    assert post(workbench, "/build", data={"csrf_token": "forged"}).status_code == 400
    assert post(workbench, "/check", data={}).status_code == 400
    assert get(workbench, "/build/status").get_json()["total"] == 0      # nothing was started


def test_a_request_for_another_host_name_is_refused(workbench):
    """DNS rebinding: a page elsewhere whose name resolves to 127.0.0.1 is not this server."""
    assert workbench.get("/", base_url="http://evil.example:8093").status_code == 400
    assert workbench.get("/", base_url="http://localhost:8093").status_code == 200


def test_served_on_another_address_every_request_needs_the_token(tmp_path):
    app = create_app(Settings(PROVINCES, tmp_path, host="192.0.2.5", port=8093, token="một-mã-đủ-dài-123"))
    client = app.test_client()
    base = "http://192.0.2.5:8093"
    assert client.get("/", base_url=base).status_code == 401
    assert client.get("/?token=sai-ma-truy-cap", base_url=base).status_code == 401
    entered = client.get("/?token=một-mã-đủ-dài-123", base_url=base)
    assert entered.status_code == 302 and entered.headers["Location"] == "/"     # the token leaves the address
    assert client.get("/", base_url=base).status_code == 200                    # remembered in the session
    assert app.test_client().get("/download/all.zip", base_url=base).status_code == 401


def test_the_token_never_comes_from_the_command_line_and_is_long_enough(tmp_path, monkeypatch):
    """`ps` shows a process's arguments to every user: the token is read from a file or the
    environment, and made up when neither gives one."""
    from generator.cli import _access_token
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token", "một-mã-đủ-dài-123"])
    assert result.exit_code == 2 and "--token" in result.output
    short = tmp_path / "ma.txt"
    short.write_text("ngan\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token-file", str(short)])
    assert result.exit_code == 2 and "quá ngắn" in result.output
    monkeypatch.delenv("CHUONGTRINH_TOKEN", raising=False)
    made, again = _access_token(None), _access_token(None)
    assert len(made) >= 12 and made != again
    monkeypatch.setenv("CHUONGTRINH_TOKEN", "một-mã-đủ-dài-123")
    assert _access_token(None) == "một-mã-đủ-dài-123"


def test_the_check_page_offers_every_shipped_rule_set_the_partys_first(workbench):
    html = get(workbench, "/check").get_data(as_text=True)
    offered = re.findall(r'<option value="([a-z0-9]+)"', html)
    assert sorted(offered) == sorted(shipped_profiles())
    assert offered == ["hd36", "qd399", "nd30"]       # the Party's in the order they came in, then the State's


def test_a_checked_upload_shows_each_finding_with_its_paragraph(workbench):
    broken = handmade.make(date_italic=False, left_margin=20)
    page = post(workbench, "/check", data={"csrf_token": csrf(workbench, "/check"),
                                           "document": (io.BytesIO(broken), "cong-van.docx")},
                content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "cong-van.docx" in html
    assert "<code>HD36-PAGE</code>" in html and "<code>HD36-DATE</code>" in html
    assert "<blockquote>" in html and "Thanh Hóa, ngày 05 tháng 02 năm 2021" in html


def test_a_conforming_upload_says_so(workbench):
    page = post(workbench, "/check", data={"csrf_token": csrf(workbench, "/check"),
                                           "document": (io.BytesIO(handmade.make()), "dung.docx")},
                content_type="multipart/form-data").get_data(as_text=True)
    assert "Không phát hiện lỗi thể thức" in page


@pytest.mark.parametrize("content, status, message", [
    (b"not a zip at all", 422, "không phải tệp .docx"),
    (b"PK\x03\x04" + b"\0" * 100, 422, "không phải tệp .docx"),
])
def test_an_unreadable_upload_is_a_message_not_an_error_page(workbench, content, status, message):
    page = post(workbench, "/check", data={"csrf_token": csrf(workbench, "/check"),
                                           "document": (io.BytesIO(content), "x.docx")},
                content_type="multipart/form-data")
    assert page.status_code == status and message in page.get_data(as_text=True)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(workbench):
    page = post(workbench, "/check", data={"csrf_token": csrf(workbench, "/check"),
                                           "document": (io.BytesIO(b"0" * (MAX_UPLOAD + 1)), "big.docx")},
                content_type="multipart/form-data")
    assert page.status_code == 413 and "tệp quá lớn" in page.get_data(as_text=True)


def test_pages_forbid_scripts_and_frames_from_elsewhere(workbench):
    headers = get(workbench, "/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_language_switch_is_per_browser(workbench):
    assert get(workbench, "/lang/en").status_code == 302
    english = get(workbench, "/").get_data(as_text=True)
    assert "Build all" in english and '<html lang="en">' in english
    other = workbench.application.test_client()
    assert "Dựng tất cả" in other.get("/", base_url=f"http://{HOST}").get_data(as_text=True)


# The province editor ------------------------------------------------------------------------------

def fields_of(html: str) -> dict[str, str]:
    """What a browser would send of the form: its text boxes and text areas (but the list templates)."""
    import html as entities
    html = re.sub(r"<template>.*?</template>", "", html, flags=re.S)
    fields = re.findall(r'<input type="text"[^>]* name="([^"]+)" value="([^"]*)"', html)
    fields += re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>(.*?)</textarea>', html, flags=re.S)
    fields += [(name, "1") for name in re.findall(r'<input type="checkbox"[^>]* name="([^"]+)"[^>]* checked', html)]
    return {name: entities.unescape(value) for name, value in fields}


def editor_form(client, slug: str) -> tuple[dict, str]:
    html = get(client, f"/province/{slug}").get_data(as_text=True)
    form = fields_of(html)
    form["slug"] = slug
    form["sha"] = re.search(r'name="sha" value="([^"]+)"', html).group(1)
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return form, html


def test_the_editor_shows_the_file_as_a_form_of_the_schema(workbench):
    form, html = editor_form(workbench, "thanh-hoa")
    assert form["signer.position"] == "PHÓ BÍ THƯ THƯỜNG TRỰC" and form["document.year"] == "2021"
    assert form["lhh.party_organisation.value"] == "Đảng đoàn"
    assert form["lhh.party_organisation.source"].startswith("tusta.org.vn")     # each fact with its source
    assert "Số hội viên" in html and 'name="lhh.members.as_of"' in html
    assert 'name="district_committees.value"' in html        # a unit of the 63 had district committees
    # a figure's earlier values, each a fact of its own, inside the figure (Thanh Hóa's members of 2019)
    assert 'data-path="lhh.members.earlier"' in html and form["lhh.members.earlier.0.value"] == "22853"
    assert get(workbench, "/province/nghe-an").status_code == 404           # no file to edit
    assert get(workbench, "/province/..%2f..%2fsetup").status_code == 404


def test_every_shipped_file_goes_through_the_form_unchanged():
    from generator.serve import editor, form
    def flat(node, out):
        if node.kind in ("object", "fact", "list"):
            for child in node.children:
                flat(child, out)
        else:
            out[node.path] = node.value
        return out
    for path in sorted(PROVINCES.glob("*.yaml")) + sorted((PROVINCES / "34").glob("*.yaml")):
        opened = editor.read(path)
        text, data = opened.text, opened.data
        fields = {}
        for node in form.nodes(data):
            flat(node, fields)
        assert editor.with_form(text, fields) == text, path.name


def test_a_bad_value_is_judged_at_its_field_with_the_messages_of_validate(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    judgement = post(workbench, "/province/thanh-hoa/check", data={**form, "document.year": "1999"}).get_json()
    assert not judgement["ok"] and "2020" in judgement["errors"]["document.year"][0]
    # in the words of the field, not of its key path (issue 26)
    members = post(workbench, "/province/thanh-hoa/check", data={**form, "lhh.members.value": "12a"}).get_json()
    assert members["errors"]["lhh.members.value"] == ["Số hội viên phải là một số nguyên, ví dụ 20000 hoặc 20.000"]
    assert judgement["errors"]["document.year"][0].startswith("Năm ban hành phải từ 2020")
    assert post(workbench, "/province/thanh-hoa/check", data=form).get_json()["ok"]


def test_saving_changes_only_what_changed_and_keeps_the_comments(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    before = (PROVINCES / "thanh-hoa.yaml").read_text(encoding="utf-8")
    saved = post(workbench, "/province/thanh-hoa/save", data={**form, "signer.name": "Nguyễn Văn A",
                                                              "lhh.clubs.value": "20"}).get_json()
    assert saved["saved"] is True and saved["sha"] != form["sha"]
    written = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    after = written.read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["  name: Nguyễn Văn A", "  clubs: 20"]
    assert "# số văn bản, để trống khi là dự thảo" in after


def test_a_file_changed_since_it_was_opened_is_not_overwritten(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    other, _ = editor_form(workbench, "thanh-hoa")
    assert post(workbench, "/province/thanh-hoa/save", data={**form, "signer.name": "Nguyễn Văn A"}).get_json()["saved"]
    refused = post(workbench, "/province/thanh-hoa/save", data={**other, "signer.name": "Lê Văn B"})
    assert refused.status_code == 409 and "đã bị thay đổi" in refused.get_json()["message"]
    written = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    assert "Nguyễn Văn A" in written.read_text(encoding="utf-8")


def test_legacy_encoding_is_found_and_its_fix_offered_never_applied(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    typed = "NguyÔn V¨n A"            # "Nguyễn Văn A" typed with a TCVN3 (.VnTime) font
    judgement = post(workbench, "/province/thanh-hoa/check", data={**form, "signer.name": typed}).get_json()
    assert judgement["legacy"] == {"signer.name": "Nguyễn Văn A"}
    assert "TCVN3" in judgement["errors"]["signer.name"][0]
    assert "chuongtrinh" not in judgement["errors"]["signer.name"][0]     # a page offers no command to type
    post(workbench, "/province/thanh-hoa/save", data={**form, "signer.name": typed})
    written = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    assert typed in written.read_text(encoding="utf-8")      # saved as typed: the fix is the user's choice


def test_saving_needs_the_csrf_token(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    del form["csrf_token"]
    assert post(workbench, "/province/thanh-hoa/save", data=form).status_code == 400


@pytest.mark.libreoffice
def test_the_preview_is_a_page_image_of_the_unsaved_form(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    result = post(workbench, "/province/thanh-hoa/preview", data={**form, "document.date": "05/02/2021",
                                                                 "page": "1"}).get_json()
    assert result["ok"] and result["image"].startswith("data:image/png;base64,") and result["pages"] >= 4
    failed = post(workbench, "/province/thanh-hoa/preview", data={**form, "document.year": "1999"})
    assert failed.status_code == 422 and "/tmp" not in " ".join(failed.get_json()["problems"])


def test_after_the_reorganisation_the_dashboard_lists_the_34_and_the_names_to_confirm(tmp_path):
    import datetime as dt
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    shutil.copy(PROVINCES / "thanh-hoa.yaml", provinces)
    app = create_app(Settings(provinces, tmp_path / "output", date=dt.date(2025, 9, 1)))
    client = app.test_client()
    post(client, "/build", data={"csrf_token": csrf(client), "slug": "thanh-hoa"})
    wait_for_build(client)
    page = get(client, "/").get_data(as_text=True)
    assert page.count('<tr id="unit-') == 34
    row = page[page.index('id="unit-thanh-hoa"'):]
    row = row[:row.index("</tr>")]
    assert "đã cập nhật" in row and "tên cần xác nhận" in row and "Đảng ủy Ủy ban Mặt trận Tổ quốc" in row


def test_the_editor_names_files_as_the_dashboard_does_relative_to_where_it_runs(tmp_path, monkeypatch):
    import datetime as dt
    (tmp_path / "provinces" / "34").mkdir(parents=True)
    for name in ("ha-giang.yaml", "tuyen-quang.yaml"):
        shutil.copy(PROVINCES / name, tmp_path / "provinces")
    (tmp_path / "provinces" / "34" / "tuyen-quang.yaml").write_text("slug: tuyen-quang\ndocument: {year: 2026}\n")
    monkeypatch.chdir(tmp_path)
    client = create_app(Settings(Path("provinces").resolve(), tmp_path / "output", date=dt.date(2026, 3, 1))).test_client()
    shown = get(client, "/province/tuyen-quang").get_data(as_text=True)
    assert "<small>provinces/34/tuyen-quang.yaml</small>" in shown and "<small>provinces/ha-giang.yaml</small>" in shown
    assert str(tmp_path) not in shown


def test_a_merged_unit_gets_a_file_of_its_own_from_the_dashboard_and_keeps_its_history(tmp_path):
    """Issue 26: Tuyên Quang of the 34 (Hà Giang and Tuyên Quang of the 63) is composed from the
    former files until it has its own: "Tạo tệp" writes it and opens its editor; then "Sửa"."""
    import datetime as dt
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    for name in ("ha-giang.yaml", "tuyen-quang.yaml"):
        shutil.copy(PROVINCES / name, provinces)
    client = create_app(Settings(provinces, tmp_path / "output", date=dt.date(2025, 9, 1))).test_client()

    def row() -> str:
        page = get(client, "/").get_data(as_text=True)
        found = page[page.index('id="unit-tuyen-quang"'):]
        return found[:found.index("</tr>")]
    assert "Tạo tệp" in row() and ">Sửa<" not in row()
    created = post(client, "/province/tuyen-quang/new", data={"csrf_token": csrf(client)})
    assert created.status_code == 302 and created.headers["Location"].endswith("/province/tuyen-quang")
    own = provinces / "34" / "tuyen-quang.yaml"
    assert own.is_file() and "provinces/ha-giang.yaml" in own.read_text(encoding="utf-8")
    editor_page = get(client, "/province/tuyen-quang")
    assert editor_page.status_code == 200
    # the former provinces' facts beside the unit's own, read-only, each under its file
    shown = editor_page.get_data(as_text=True)
    assert "Số liệu của các tỉnh trước hợp nhất" in shown and "provinces/ha-giang.yaml" in shown
    assert "Số hội viên" in shown and "10025 (12/2021" in shown and "III, 2021 - 2026 (27/12/2021)" in shown
    assert "district_committees" not in shown and "cấp ủy cấp huyện" not in shown   # none from 1/7/2025
    assert "Tỉnh Hà Giang (cũ)" in shown                  # never mistaken for the unit itself
    assert ">Sửa<" in row() and "provinces/34/tuyen-quang.yaml" in row() and "provinces/ha-giang.yaml" in row()
    assert post(client, "/province/tuyen-quang/new", data={"csrf_token": csrf(client)}).status_code == 404


def test_a_document_edited_by_hand_is_a_state_with_its_new_draft_and_an_overwrite_to_confirm(workbench, tmp_path):
    """Issue 26: no "1 lỗi … (dùng --force để ghi đè)" on a web page: the state "đã sửa tay", the new
    draft to download, and an overwrite confirmed on its own page that keeps the office's file."""
    import docx
    post(workbench, "/build", data={"csrf_token": csrf(workbench), "slug": "thanh-hoa"})
    assert wait_for_build(workbench)["actions"] == {"built": 1}
    out = tmp_path / "output"
    edited = docx.Document(out / "thanh-hoa.docx")
    edited.add_paragraph("Văn phòng thêm một đoạn.")
    edited.save(out / "thanh-hoa.docx")
    by_hand = (out / "thanh-hoa.docx").read_bytes()
    post(workbench, "/build", data={"csrf_token": csrf(workbench), "slug": "thanh-hoa"})
    progress = wait_for_build(workbench)
    assert progress["actions"] == {"kept": 1} and not progress["problems"]
    page = get(workbench, "/").get_data(as_text=True)
    row = page[page.index('id="unit-thanh-hoa"'):]
    row = row[:row.index("</tr>")]
    assert "đã sửa tay" in row and "lỗi" not in row and "--force" not in page
    assert "1 sửa tay giữ nguyên, 0 sửa tay đã gộp, 0 lỗi" in page
    assert get(workbench, "/download/thanh-hoa.new.docx").status_code == 200
    confirm = get(workbench, "/province/thanh-hoa/overwrite").get_data(as_text=True)
    assert "thanh-hoa.ban-sua-tay.docx" in confirm and "Ghi đè bằng bản dựng mới" in confirm
    post(workbench, "/build", data={"csrf_token": csrf(workbench), "slug": "thanh-hoa", "overwrite": "1"})
    assert wait_for_build(workbench)["actions"] == {"built": 1}
    assert (out / "thanh-hoa.ban-sua-tay.docx").read_bytes() == by_hand          # never lost
    assert (out / "thanh-hoa.docx").read_bytes() != by_hand
    assert get(workbench, "/province/thanh-hoa/overwrite").status_code == 404    # nothing left to overwrite


def test_a_document_edited_by_hand_can_be_merged_with_the_new_draft_from_its_page(workbench):
    """Issue 27: "Gộp" on the page of a document edited by hand keeps the office's edit and takes
    the data's; the office's file is kept beside."""
    import docx
    token = csrf(workbench)
    post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa"})
    wait_for_build(workbench)
    out = Path(workbench.application.config["TESTING_PROVINCES"]).parent / "output"
    document = docx.Document(out / "thanh-hoa.docx")
    document.paragraphs[-1].insert_paragraph_before("Ý kiến của Văn phòng.")
    document.save(out / "thanh-hoa.docx")
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  name:", "  name: Lê Văn Bình", 1), encoding="utf-8")
    post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa"})
    wait_for_build(workbench)
    page = get(workbench, "/province/thanh-hoa/overwrite").get_data(as_text=True)
    assert "Gộp bản sửa tay với bản dựng mới" in page and "thanh-hoa.truoc-khi-gop.docx" in page
    post(workbench, "/build", data={"csrf_token": token, "slug": "thanh-hoa", "merge": "1"})
    assert wait_for_build(workbench)["actions"] == {"merged": 1}
    body = zipfile.ZipFile(out / "thanh-hoa.docx").read("word/document.xml").decode("utf-8")
    assert "Ý kiến của Văn phòng." in body and "Lê Văn Bình" in body
    assert (out / "thanh-hoa.truoc-khi-gop.docx").is_file() and not (out / "thanh-hoa.new.docx").exists()
    assert "1 sửa tay đã gộp" in get(workbench, "/").get_data(as_text=True)


def test_a_file_with_a_tab_opens_as_text_with_its_line_marked_and_a_one_click_repair(workbench):
    """Issue 26: not a dead-end 422 page."""
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\n  year:", "\n\tyear:", 1), encoding="utf-8")
    line = path.read_text(encoding="utf-8").split("\n").index("\tyear: 2021") + 1
    page = get(workbench, "/province/thanh-hoa")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f'<li id="line-{line}" class="marked">' in html
    assert f"Dòng {line}" in html and "dùng phím Tab để thụt lề" in html and "Sửa tự động" in html
    repaired = post(workbench, "/province/thanh-hoa/repair", data={"csrf_token": csrf(workbench)})
    assert repaired.status_code == 302 and "\t" not in path.read_text(encoding="utf-8")
    assert "Lưu tệp tỉnh" in get(workbench, "/province/thanh-hoa").get_data(as_text=True)   # the form again
    # A problem no repair knows: the text and the line, and what to do by hand.
    path.write_text(path.read_text(encoding="utf-8").replace("slug: thanh-hoa", "slug: [thanh-hoa"), encoding="utf-8")
    html = get(workbench, "/province/thanh-hoa").get_data(as_text=True)
    assert "Sửa tự động" not in html and 'class="marked"' in html and "trình soạn thảo" in html


def test_the_dashboard_writes_its_counts_as_the_language_does(workbench, monkeypatch):
    """1.552 ô in Vietnamese, 1,552 in English: never the bare digits of a program."""
    from generator import api
    real = api.unit_states

    def with_many_blanks(*args, **kwargs):
        return [dataclasses.replace(unit, placeholders=776, output=Path("x.docx")) for unit in real(*args, **kwargs)[:2]]
    monkeypatch.setattr(api, "unit_states", with_many_blanks)
    page = get(workbench, "/").get_data(as_text=True)
    assert "ô cần điền: 1.552" in page and ">776<" in page
    get(workbench, "/lang/en")
    assert "1,552" in get(workbench, "/").get_data(as_text=True)


def test_the_editor_speaks_english_too(workbench):
    get(workbench, "/lang/en")
    html = get(workbench, "/province/thanh-hoa").get_data(as_text=True)
    assert "Number of members" in html and "Save the province file" in html and "Source (web page, document)" in html


# What the review of the workbench found, each kept from coming back ---------------------------------

def _written(client) -> str:
    return (Path(client.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml").read_text(encoding="utf-8")


def test_a_ticked_or_unticked_box_and_emptied_lists_stay_values_the_model_accepts(workbench):
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  clubs:\n    value: 20\n    approx: false\n"
                    "targets:\n  - xây dựng Liên hiệp Hội vững mạnh\n", encoding="utf-8")
    form, _ = editor_form(workbench, "thanh-hoa")
    unchanged = post(workbench, "/province/thanh-hoa/save", data=form).get_json()
    assert unchanged["saved"] and "approx: false" in _written(workbench)          # not turned into null
    form, _ = editor_form(workbench, "thanh-hoa")
    emptied = {k: v for k, v in form.items() if not k.startswith("targets.")}
    saved = post(workbench, "/province/thanh-hoa/save", data=emptied).get_json()
    assert saved["judgement"]["ok"], saved["judgement"]
    assert "targets: []" in _written(workbench)


def test_clearing_a_facts_value_keeps_its_source_and_asks_for_the_value(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    saved = post(workbench, "/province/thanh-hoa/save",
                 data={**form, "lhh.party_organisation.value": ""}).get_json()
    assert "tusta.org.vn (bài 1347, 1392)" in _written(workbench)
    assert "lhh.party_organisation.value" in saved["judgement"]["errors"]


def test_a_message_about_one_part_of_a_fact_on_one_line_goes_to_that_part(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    judgement = post(workbench, "/province/thanh-hoa/check", data={**form, "goals.members": "nhiều"}).get_json()
    assert list(judgement["errors"]) == ["goals.members"]


@pytest.mark.parametrize("field, value", [("document.year", "²"), ("targets.².value", "x")])
def test_digits_of_other_scripts_are_not_a_crash(workbench, field, value):
    form, _ = editor_form(workbench, "thanh-hoa")
    assert post(workbench, "/province/thanh-hoa/check", data={**form, field: value}).status_code == 200


def test_a_file_the_editor_cannot_read_is_a_message(workbench):
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    form, _ = editor_form(workbench, "thanh-hoa")
    path.write_text("slug: [thanh-hoa\n", encoding="utf-8")                    # changed on disk since
    refused = post(workbench, "/province/thanh-hoa/check", data=form, headers={"Accept": "application/json"})
    assert refused.status_code == 422 and "tải lại trang" in refused.get_json()["message"]
    path.write_bytes("slug: thanh-hoa\n".encode("utf-16"))
    assert get(workbench, "/province/thanh-hoa").status_code == 422


def test_a_stale_session_is_told_to_the_script_as_json(workbench):
    form, _ = editor_form(workbench, "thanh-hoa")
    refused = post(workbench, "/province/thanh-hoa/save", data={**form, "csrf_token": "from-before-a-restart"},
                   headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "tải lại trang" in refused.get_json()["message"]


def test_served_on_a_wildcard_address_with_a_token_any_host_name_reaches_it(tmp_path):
    app = create_app(Settings(PROVINCES, tmp_path, host="0.0.0.0", port=8093, token="một-mã-đủ-dài-123"))
    client = app.test_client()
    assert client.get("/?token=một-mã-đủ-dài-123", base_url="http://192.168.1.20:8093").status_code == 302
    assert client.get("/", base_url="http://192.168.1.20:8093").status_code == 200


def test_another_site_cannot_make_the_workbench_convert_a_pdf(workbench):
    assert get(workbench, "/download/ha-noi.pdf", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403


def test_two_workbenches_on_one_machine_keep_their_own_session(tmp_path, few_provinces):
    first = create_app(Settings(few_provinces, tmp_path / "a", port=8093)).config["SESSION_COOKIE_NAME"]
    second = create_app(Settings(few_provinces, tmp_path / "b", port=8094)).config["SESSION_COOKIE_NAME"]
    assert first != second


def test_a_changed_list_keeps_its_other_items_as_written():
    from generator.serve import editor
    text = ("slug: thanh-hoa\ndocument:\n  year: 2021\ntargets:\n  - value: mục tiêu một   # nguồn: nghị quyết\n"
            "    source: nguồn A\n  - mục tiêu hai          # chú thích\n  - '2025'\n")
    form = {"slug": "thanh-hoa", "document.year": "2021", "targets.0.value": "mục tiêu một",
            "targets.0.source": "nguồn A", "targets.1.value": "mục tiêu hai, đã sửa", "targets.2.value": "2025"}
    written = editor.with_form(text, form)
    assert "  - value: mục tiêu một   # nguồn: nghị quyết\n" in written and "  - '2025'\n" in written
    assert "  - mục tiêu hai, đã sửa" in written and "# chú thích" in written
    fewer = editor.with_form(text, {k: v for k, v in form.items() if not k.startswith(("targets.1", "targets.2"))})
    assert "mục tiêu hai" not in fewer and "2025" not in fewer and "# nguồn: nghị quyết" in fewer
