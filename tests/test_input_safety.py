"""What a user types or has on disk never corrupts a document or dead-ends: numbers written the
Vietnamese way, control characters, files from Notepad, limits, permissions, links, full disks,
templates changed under a running workbench."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.read.vietnamese import whole_number
from generator.serve import editor, form

from .conftest import PROVINCES
from .test_serve import get, post


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("written, read", [("20000", 20000), ("20.000", 20000), ("1.500", 1500), ("1.234.567", 1234567),
                                           (" 25 ", 25), ("20.0", None), ("2.5", None), ("20,000", None),
                                           ("1,5", None), ("20.00", None), ("1_000", None), ("²", None), ("", None)])
def test_a_whole_number_is_read_as_vietnamese_write_it(written, read):
    assert whole_number(written) == read


def test_twenty_thousand_members_written_with_a_dot_are_twenty_thousand_in_the_draft(compose_text):
    document = compose_text("""\
        slug: thanh-hoa
        document: {year: 2021}
        lhh:
          members: 20.000
          member_associations: {value: 1.500, as_of: "2020"}
        """)
    from generator.tree import dump
    text = dump(document)
    assert "20.000 hội viên" in text and "1.500" in text and "20 hội viên" not in text


@pytest.mark.parametrize("value", ['"20.0"', '"20,000"', '"2.5"'])
def test_a_count_that_is_not_whole_is_refused_with_an_example(province_file, value):
    path = province_file(f"slug: thanh-hoa\ndocument: {{year: 2021}}\nlhh:\n  members: {value}\n")
    result = run("validate", str(path))
    assert result.exit_code == 1 and f"{path}:4:3: lỗi: lhh.members: phải là một số nguyên, ví dụ 20000" in result.output


def test_the_editor_form_reads_twenty_thousand_as_the_model_does():
    assert form.values({"lhh.members.value": "20.000", "goals.members": "1.500"})["lhh"]["members"] == 20000
    assert form.values({"goals.members": "1.500"})["goals"]["members"] == 1500


@pytest.mark.parametrize("escape", ["\\0", "\\a", "\\x1b", "\\u0085"])
def test_a_control_character_is_refused_at_its_line_and_the_batch_goes_on(tmp_path, escape):
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    (provinces / "thanh-hoa.yaml").write_text((PROVINCES / "thanh-hoa.yaml").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    bad = provinces / "ha-noi.yaml"
    bad.write_text(f'slug: ha-noi\ndocument: {{year: 2021}}\nsigner:\n  name: "Nguyễn{escape}Văn A"\n', encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and f"{bad}:4:9: lỗi: giá trị chứa ký tự điều khiển" in result.output
    built = run("build", "--all", "--provinces", str(provinces), "-o", str(tmp_path / "out"))
    assert built.exit_code == 1 and (tmp_path / "out" / "thanh-hoa.docx").is_file()
    assert "lỗi nội bộ" not in built.output


@pytest.fixture
def workbench(tmp_path, few_provinces):
    from generator.serve import Settings, create_app
    app = create_app(Settings(few_provinces, tmp_path / "output"))
    app.config["TESTING_PROVINCES"] = str(few_provinces)
    return app.test_client()


def _editor(client, slug: str) -> dict:
    import re
    page = get(client, f"/province/{slug}").get_data(as_text=True)
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1),
            "sha": re.search(r'name="sha" value="([^"]+)"', page).group(1)}


def save(client, data: dict):
    """As the editor page's script saves: asking for JSON."""
    return post(client, "/province/thanh-hoa/save", data=data, headers={"Accept": "application/json"})


def _fields(path: Path) -> dict:
    flat = {}

    def walk(node):
        if node.children or node.kind in ("object", "fact", "list"):
            for child in node.children:
                walk(child)
        else:
            flat[node.path] = node.value
    for node in form.nodes(editor.read(path).data):
        walk(node)
    return flat


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_a_file_saved_in_notepad_keeps_its_line_ends_and_bom_and_saves_again(workbench, bom):
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    path.write_bytes(bom + path.read_bytes().replace(b"\n", b"\r\n"))
    for name in ("Nguyễn Văn A", "Lê Văn B"):          # the second save is over the first's file
        hidden = _editor(workbench, "thanh-hoa")
        saved = save(workbench, {**_fields(path), **hidden, "signer.name": name}).get_json()
        assert saved["saved"] is True, saved
        data = path.read_bytes()
        assert data.startswith(bom + b"# ") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
        assert f"name: {name}".encode() in data


def test_the_editor_refuses_what_the_command_line_would_refuse_as_too_large(workbench):
    path = Path(workbench.application.config["TESTING_PROVINCES"]) / "thanh-hoa.yaml"
    before = path.read_bytes()
    hidden = _editor(workbench, "thanh-hoa")
    refused = save(workbench, {**_fields(path), **hidden, "signer.name": "A" * 2_250_000})
    assert refused.status_code == 422 and "tệp quá lớn" in refused.get_json()["message"]
    assert path.read_bytes() == before


def test_saving_respects_read_only_files_permissions_and_links(workbench, tmp_path):
    folder = Path(workbench.application.config["TESTING_PROVINCES"])
    path = folder / "thanh-hoa.yaml"
    path.chmod(0o444)
    refused = save(workbench, {**_fields(path), **_editor(workbench, "thanh-hoa"), "signer.name": "Nguyễn Văn A"})
    assert refused.status_code == 422 and "chỉ đọc" in refused.get_json()["message"]
    path.chmod(0o600)
    real = tmp_path / "kho" / "thanh-hoa.yaml"
    real.parent.mkdir()
    path.rename(real)
    path.symlink_to(real)
    saved = save(workbench, {**_fields(path), **_editor(workbench, "thanh-hoa"), "signer.name": "Nguyễn Văn A"}).get_json()
    assert saved["saved"] is True
    assert path.is_symlink() and "Nguyễn Văn A" in real.read_text(encoding="utf-8")
    assert real.stat().st_mode & 0o777 == 0o600


def test_a_template_changed_under_a_running_process_outdates_the_documents(tmp_path):
    import shutil

    from generator import manifest
    templates = tmp_path / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    before = manifest.shared_inputs_sha256(templates, "chuong-trinh-kl93")
    template = next(templates.glob("chuong-trinh-kl93/*.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert manifest.shared_inputs_sha256(templates, "chuong-trinh-kl93") != before


@pytest.mark.parametrize("failure, words", [(errno.ENOSPC, "ổ đĩa đã đầy"), (errno.EROFS, "ổ đĩa chỉ đọc"),
                                            (errno.EACCES, "không có quyền ghi")])
def test_a_full_disk_or_a_read_only_folder_is_the_users_to_fix_not_an_internal_error(tmp_path, monkeypatch,
                                                                                       failure, words):
    from generator import files

    def refuse(*args, **kwargs):
        raise OSError(failure, os.strerror(failure))
    monkeypatch.setattr(files.os, "replace", refuse)
    result = run("build", "thanh-hoa", "--provinces", str(PROVINCES), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and words in result.output and "lỗi nội bộ" not in result.output
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_an_output_folder_that_cannot_be_made_is_said_so(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("không phải thư mục", encoding="utf-8")
    result = run("build", "thanh-hoa", "--provinces", str(PROVINCES), "-o", str(blocker / "out"))
    assert result.exit_code == 1 and "không ghi được" in result.output


def test_the_internal_error_log_is_a_new_private_file_each_time():
    from generator.files import internal_error_log
    first, second = internal_error_log("a"), internal_error_log("b")
    try:
        assert first != second and first.stat().st_mode & 0o077 == 0 and not first.is_symlink()
    finally:
        first.unlink()
        second.unlink()
