"""The batch: every province, manifest, incremental rebuilds, hand edits, interruptions."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from generator import manifest
from generator.build import build
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.read.model import load_province
from generator.read.register import register_63

from .conftest import PROVINCES, ROOT


def actions(outcomes) -> dict[str, str]:
    return {o.slug: o.action for o in outcomes}


@pytest.fixture
def provinces(tmp_path) -> Path:
    """A private copy of the shipped province files, free to break."""
    copy = tmp_path / "provinces"
    shutil.copytree(PROVINCES, copy)
    return copy


def test_every_one_of_the_63_provinces_has_a_file_and_builds(built):
    assert sorted(p.stem for p in PROVINCES.glob("*.yaml")) == sorted(register_63())
    assert sorted(built) == sorted(register_63())
    for slug in ("ho-chi-minh", "ba-ria-vung-tau", "dak-lak"):
        docx.Document(built[slug])


def test_manifest_lists_every_province_sorted_with_hashes(built):
    out = next(iter(built.values())).parent
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entries = data["provinces"]
    assert [e["slug"] for e in entries] == sorted(register_63())
    for entry in entries:
        assert entry["status"] == "ok" and not entry["errors"]
        assert entry["output_sha256"] == manifest.sha256((out / entry["output"]).read_bytes())
        assert len(entry["inputs_sha256"]) == 64 and entry["placeholders"] > 0
    assert data["generator"].startswith("chuongtrinh ")


def test_one_broken_province_among_63(provinces, tmp_path):
    (provinces / "nghe-an.yaml").write_text("slug: nghe-an\ndocument:\n  year: [\n", encoding="utf-8")
    outcomes = list(build(sorted(provinces.glob("*.yaml")), tmp_path / "out"))
    result = actions(outcomes)
    assert result.pop("nghe-an") == "failed" and set(result.values()) == {"built"} and len(result) == 62
    [failure] = [o for o in outcomes if o.action == "failed"]
    assert str(failure.problems[0]).startswith(f"{provinces / 'nghe-an.yaml'}:")
    entries = manifest.load(tmp_path / "out")
    assert entries["nghe-an"].status == "failed" and entries["nghe-an"].errors


def test_two_builds_give_identical_bytes_and_manifest(provinces, tmp_path):
    sources = sorted(provinces.glob("*.yaml"))[:6]
    first, second = tmp_path / "a", tmp_path / "b"
    list(build(sources, first, jobs=2))
    list(build(sources, second, jobs=1))
    for path in sorted(p for p in first.rglob("*") if p.is_file()):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path.name


def test_incremental_rebuilds_only_what_changed(provinces, tmp_path):
    sources = sorted(provinces.glob("*.yaml"))[:5]
    out = tmp_path / "out"
    assert set(actions(build(sources, out)).values()) == {"built"}
    assert set(actions(build(sources, out)).values()) == {"unchanged"}
    changed = sources[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("name:", "name: Nguyễn Văn A", 1),
                       encoding="utf-8")
    result = actions(build(sources, out))
    assert result.pop(changed.stem) == "built" and set(result.values()) == {"unchanged"}
    assert set(actions(build(sources, out, force=True)).values()) == {"built"}
    (out / f"{sources[0].stem}.docx").unlink()
    assert actions(build(sources, out))[sources[0].stem] == "built"


def test_hand_edited_output_is_never_overwritten(provinces, tmp_path):
    source = provinces / "thanh-hoa.yaml"
    out = tmp_path / "out"
    list(build([source], out))
    edited = out / "thanh-hoa.docx"
    document = docx.Document(edited)
    document.add_paragraph("Ý kiến của đồng chí Bí thư.")
    document.save(edited)
    hand_made = edited.read_bytes()
    source.write_text(source.read_text(encoding="utf-8") + "\n# đổi\n", encoding="utf-8")
    [outcome] = build([source], out)
    assert outcome.action == "kept" and outcome.output == out / "thanh-hoa.new.docx"
    assert edited.read_bytes() == hand_made and (out / "thanh-hoa.new.docx").is_file()
    [again] = build([source], out)
    assert again.action == "kept" and edited.read_bytes() == hand_made
    [forced] = build([source], out, force=True)
    assert forced.action == "built" and edited.read_bytes() != hand_made
    # overwritten on request, the office's file is kept beside, never lost
    assert (out / "thanh-hoa.ban-sua-tay.docx").read_bytes() == hand_made


def test_unknown_existing_file_without_manifest_is_protected(provinces, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "can-tho.docx").write_bytes(b"somebody's own file")
    [outcome] = build([provinces / "can-tho.yaml"], out)
    assert outcome.action == "kept" and (out / "can-tho.docx").read_bytes() == b"somebody's own file"


def test_leftover_temporaries_are_removed(provinces, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".ha-noi.abc123.tmp").write_bytes(b"half a file")
    list(build([provinces / "ha-noi.yaml"], out))
    assert not list(out.glob(".*.tmp"))


def test_a_build_writes_its_manifest_once_and_a_stopped_one_leaves_a_journal_read_over_it(provinces, tmp_path):
    """Each document's entry is appended to the journal before its file is written; the manifest
    is written once, at the end. While a build runs (or after it was killed), `load` reads the
    journal over the manifest, a line cut short aside; a build stopped (Ctrl-C) folds it in."""
    out = tmp_path / "out"
    sources = sorted(provinces.glob("*.yaml"))[:4]
    list(build(sources[:1], out))
    assert (out / "manifest.json").is_file() and not (out / manifest.JOURNAL).exists()

    def in_manifest() -> list[str]:
        return [entry["slug"] for entry in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["provinces"]]
    running = build(sources[1:], out, jobs=1)
    next(running), next(running)
    assert in_manifest() == [sources[0].stem]                                      # not rewritten per document
    assert sorted(manifest.load(out)) == sorted(s.stem for s in sources[:3])       # read with the journal
    with open(out / manifest.JOURNAL, "a", encoding="utf-8") as journal:
        journal.write('{"slug": "torn", "sta')                                       # cut short by a kill
    assert "torn" not in manifest.load(out)
    running.close()                                                                 # stopped: folded in
    assert not (out / manifest.JOURNAL).exists() and in_manifest() == sorted(s.stem for s in sources[:3])
    outcomes = list(build(sources, out))
    assert [o.action for o in outcomes].count("built") == 1                         # only the one not built
    assert in_manifest() == sorted(s.stem for s in sources)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_interrupted_build_leaves_only_complete_documents(provinces, tmp_path, how):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator", "build", "--all", "--provinces", str(provinces),
               "-o", str(out), "--jobs", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not any((out / name).exists() for name in ("manifest.json", manifest.JOURNAL)) and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(process.pid, how)
    _, stderr = process.communicate(timeout=30)
    if how != signal.SIGKILL and process.returncode != 0:
        assert process.returncode == 130 and "Đã dừng" in stderr and "Traceback" not in stderr
    for path in out.glob("*.docx"):
        docx.Document(path)  # every file there is a complete document
    entries = manifest.load(out)
    for entry in entries.values():
        path = out / entry.output
        assert not path.exists() or entry.owns(path.read_bytes()), entry.slug
    outcomes = list(build(sorted(provinces.glob("*.yaml")), out))
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.new.docx"))
    assert {o.action for o in outcomes} <= {"built", "unchanged"} and len(outcomes) == 63


def test_final_build_refuses_holes_blanks_and_draft_marker(provinces, tmp_path):
    [outcome] = build([provinces / "thanh-hoa.yaml"], tmp_path / "out", final=True)
    assert outcome.action == "failed" and not (tmp_path / "out" / "thanh-hoa.docx").exists()
    messages = " ".join(str(p) for p in outcome.problems)
    holes = re.search(r"còn (\d+) ô cần điền", messages)
    # every blank the draft shows, and every default it proposes, is a hole of a final document
    draft = compose(load_province(provinces / "thanh-hoa.yaml"), load_kind())
    assert holes and int(holes[1]) >= len(draft.placeholders()) > 0
    assert "document.number" in messages and "Dự thảo" in messages


def test_final_build_of_a_complete_province(provinces, tmp_path):
    complete = provinces / "thanh-hoa.yaml"
    complete.write_text("""\
slug: thanh-hoa
document: {number: 7, date: 05/02/2021, draft: null}
signer: {position: PHÓ BÍ THƯ THƯỜNG TRỰC, name: Nguyễn Văn A}
lhh:
  member_associations: 1
  members: 2
  staff: 3
  party_organisation: Đảng đoàn
  advisory_tasks: 4
  contests: [{name: Hội thi Sáng tạo kỹ thuật tỉnh}]
  awards: [Giải thưởng X]
ct42:
  prior_documents: [Chương trình số 1]
  limitations: [còn hạn chế]
party_congress: "lần thứ XIX, nhiệm kỳ 2020 - 2025"
targets: [đến năm 2030, xây dựng Liên hiệp Hội tỉnh vững mạnh]
goals: {year: 2030, member_associations: 45, members: 30000, advisory_tasks: 5}
schedule: {briefing_by: quý II/2021, government_plan_by: quý III/2021, lhh_plan_by: quý II/2021,
           report_by: trước ngày 15/12, midterm_review: 2025, final_review: 2030, funding: ngân sách tỉnh}
""", encoding="utf-8")
    [outcome] = build([complete], tmp_path / "out", final=True)
    assert outcome.action == "built" and outcome.placeholders == 0, outcome.problems
    document = docx.Document(outcome.output)
    assert document.tables[0].rows[0].cells[0].paragraphs[2].text == "Số 07-CTr/TU"
    assert document.tables[0].rows[0].cells[1].paragraphs[1].text == "Thanh Hóa, ngày 05 tháng 02 năm 2021"
    assert document.sections[0].first_page_header.paragraphs[0].text == ""


def test_a_generated_document_that_breaks_the_rules_is_written_and_reported(provinces, tmp_path, monkeypatch):
    import generator.compose.document as composing
    from generator.profiles.profile import load_profile
    real = load_profile("hd36")
    small = real.model_copy(update={"styles": {**real.styles,
                                               "body": real.styles["body"].model_copy(update={"size": 12})}})
    monkeypatch.setattr(composing, "document_profile", lambda document, kind: small)
    [outcome] = build([provinces / "ha-noi.yaml"], tmp_path / "out", force=True)
    assert outcome.action == "nonconforming" and (tmp_path / "out" / "ha-noi.docx").is_file()
    assert any("HD36-BODY" in str(p) and "cỡ chữ ngoài 14–15" in str(p) for p in outcome.problems)
    assert manifest.load(tmp_path / "out")["ha-noi"].status == "nonconforming"
    [unchecked] = build([provinces / "ha-noi.yaml"], tmp_path / "out2", check=False)
    assert unchecked.action == "built"


def test_a_template_fault_fails_its_document_not_the_batch(provinces, tmp_path):
    # A stray "[" written by a template for one province only: that document fails with the
    # template's file and line, the others are built, nothing escapes as an internal error.
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    body = templates / "chuong-trinh-kl93" / "body.j2"
    lines = body.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("{% include"))
    lines.insert(at, '{% if province == "Hà Nội" %}Đoạn lỗi có [ chưa đóng.\n{% endif %}')
    body.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = [provinces / f"{slug}.yaml" for slug in ("ha-noi", "thanh-hoa", "can-tho")]
    outcomes = {o.slug: o for o in build(sources, tmp_path / "out", templates=templates, jobs=1)}
    assert outcomes["thanh-hoa"].action == outcomes["can-tho"].action == "built"
    failed = outcomes["ha-noi"]
    assert failed.action == "failed"
    assert [str(p.location) for p in failed.problems] == [f"{body}:{at + 1}"]


def test_a_template_syntax_error_fails_each_document_in_a_parallel_build(provinces, tmp_path):
    """Templates are compiled before the workers fork (build._prepare); a template that does not
    compile must still fail each document at its file and line, not the batch."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    broken = templates / "chuong-trinh-kl93" / "04-to-chuc-thuc-hien.j2"
    broken.write_text("{% if %}\n" + broken.read_text(encoding="utf-8"), encoding="utf-8")
    sources = sorted(provinces.glob("*.yaml"))[:4]
    outcomes = list(build(sources, tmp_path / "out", templates=templates, jobs=2))
    assert [o.action for o in outcomes] == ["failed"] * 4
    assert all([str(p.location) for p in o.problems] == [f"{broken}:1"] for o in outcomes)


def test_a_rebuild_with_nothing_to_do_imports_no_later_stage(provinces, tmp_path):
    """Comparing hashes is all a no-change run does: the model, Jinja, python-docx, lxml and the
    checker are never imported (issue 17: a no-change rebuild costs a tenth of a cold one)."""
    out = tmp_path / "out"
    list(build([provinces / "ha-noi.yaml"], out))
    code = ("import sys; from click.testing import CliRunner; from generator.cli import cli; "
            f"result = CliRunner().invoke(cli, ['build', {str(provinces / 'ha-noi.yaml')!r}, '-o', {str(out)!r}]); "
            "assert result.exit_code == 0, result.output; "
            "print(result.output); print(sorted(m for m in ('pydantic', 'jinja2', 'docx', 'lxml', 'generator.check') "
            "if m in sys.modules))")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "không có gì thay đổi" in ran.stdout and ran.stdout.strip().endswith("[]"), ran.stdout


def test_the_hash_of_the_shared_inputs_is_kept_between_runs_and_follows_every_change(tmp_path, monkeypatch):
    """A run finds the hash an earlier one made of the same files (by their sizes and times of
    change, in the cache folder); a file changed, even to the same size, gives a new hash; a file
    changed in the last seconds is hashed anew by every run until its time of change is settled."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    kind = "chuong-trinh-kl93"
    old = time.time() - 3600
    for path in templates.rglob("*"):
        os.utime(path, (old, old))
    first = manifest.shared_inputs_sha256(templates, kind)
    assert list((tmp_path / "cache" / "chuongtrinh" / "inputs").iterdir())
    manifest._SHARED.clear()
    assert manifest.shared_inputs_sha256(templates, kind) == first
    body = templates / kind / "body.j2"
    text = body.read_text(encoding="utf-8")
    body.write_text(text.replace("a", "b", 1), encoding="utf-8")    # same size, new content
    os.utime(body, (old + 1, old + 1))
    manifest._SHARED.clear()
    changed = manifest.shared_inputs_sha256(templates, kind)
    assert changed != first
    kept = len(list((tmp_path / "cache" / "chuongtrinh" / "inputs").iterdir()))
    body.write_text(text, encoding="utf-8")                         # just now: not kept
    manifest._SHARED.clear()
    assert manifest.shared_inputs_sha256(templates, kind) == first
    assert len(list((tmp_path / "cache" / "chuongtrinh" / "inputs").iterdir())) == kept
