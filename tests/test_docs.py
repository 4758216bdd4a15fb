"""The README and docs/ as a reader of a clone gets them: every link and path they name is in the
repository, and the quick start is the two commands that CI runs."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_relative_link_leads_to_a_file_of_the_repository():
    for doc in DOCS:
        for target in re.findall(r"\]\(([^)#]+)\)", doc.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            found = (doc.parent / target).resolve()
            assert found.exists() and ROOT in found.parents, f"{doc.name}: {target}"


def test_no_document_points_outside_the_repository():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        assert "../shared" not in text and "/work/" not in text, doc.name


def test_the_quick_start_is_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Bắt đầu nhanh.*?```sh\n(.*?)```", readme, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make build", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_paths_the_docs_name_exist():
    """`generator/…`, `templates/…`, `tests/…` written in backquotes: a file or folder of the tree."""
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for path in re.findall(r"`((?:generator|templates|tests|bench|provinces|docs)/[\w./-]*\w)`", text):
            if "<" in path or "*" in path:
                continue
            assert (ROOT / path).exists(), f"{doc.name}: {path}"


def test_the_module_map_names_every_module():
    """docs/kien-truc.md's table of modules (mô-đun | nhận | cho ra) names each module of generator/,
    by its path or by its folder: a module added without its row fails here."""
    text = (ROOT / "docs" / "kien-truc.md").read_text(encoding="utf-8")
    table = text[text.index("| mô-đun | nhận | cho ra |"):]
    table = table[:table.index("\n\n")]
    named = set(re.findall(r"`([a-z0-9_/]+(?:\.py|/))`", table))
    modules = [path.relative_to(ROOT / "generator").as_posix() for path in sorted((ROOT / "generator").rglob("*.py"))
               if path.name not in ("__init__.py", "__main__.py")]
    unnamed = [module for module in modules
               if module not in named and not any(module.startswith(folder) for folder in named if folder.endswith("/"))]
    assert unnamed == []
    gone = [name for name in named if not (ROOT / "generator" / name).exists()]
    assert gone == [], "the map names modules that are no longer there"
