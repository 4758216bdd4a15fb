"""The calibration behind the page-number rule: the checker's page estimate (check/reader.py,
DocView.pages: a low and a high count, from page breaks and the length of the text) against the
pages LibreOffice lays each document of ../shared/realdocs out on.

    python bench/pages.py            # convert, compare, print the table and the wrong calls
    python bench/pages.py --write    # and store it in bench/realdocs-pages.tsv

The rule calls a document surely longer than a page when the low estimate is above
SURELY_MORE_THAN_ONE_PAGE, surely one page when the high one is below SURELY_ONE_PAGE, and leaves the
rest undetermined (check/rules/closing.py). A wrong call is a document called longer than a page that
LibreOffice sets on one, or called one page that it sets on more. tests/test_realdocs.py holds the
reader to the stored estimates and the thresholds to the stored page counts: a change to either
means running this again.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from realdocs import corpus  # (bench/ is on the path of its own scripts: the corpus found as realdocs.py finds it)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TABLE = ROOT / "bench" / "realdocs-pages.tsv"
HEADER = "file\tlibreoffice_pages\testimate_low\testimate_high"


def estimates(folder: Path) -> dict[str, tuple[float, float]]:
    """The reader's (low, high) page estimate of every readable document, by its path in the corpus."""
    from generator.check.reader import UnreadableDocument, read_docx
    found = {}
    for path in sorted(folder.rglob("*.docx")):
        try:
            view = read_docx(path.read_bytes(), path.name)
        except UnreadableDocument:
            continue
        found[path.relative_to(folder).as_posix()] = tuple(round(value, 3) for value in view.pages())
    return found


def page_counts(folder: Path, names: list[str]) -> dict[str, int]:
    """The pages LibreOffice lays each document out on: one headless conversion of them all, each
    PDF counted by pdfinfo. (Not through write/pdf.py, which refuses a PDF whose fonts were replaced:
    here a document in Calibri is laid out with whatever the machine has, as an office's would be.)"""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfinfo") is None:
        sys.exit("needs LibreOffice (soffice) and poppler-utils (pdfinfo)")
    counts = {}
    with tempfile.TemporaryDirectory() as work:
        staged = {}
        for number, name in enumerate(names):      # two corpus files may share a name in different folders
            copy = Path(work) / "in" / f"{number:04}.docx"
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(folder / name, copy)
            staged[name] = copy
        out = Path(work) / "out"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to",
                        "pdf", "--outdir", str(out), *map(str, staged.values())], capture_output=True, check=False,
                       timeout=1800)
        for name, copy in staged.items():
            pdf = out / f"{copy.stem}.pdf"
            if not pdf.is_file():
                print(f"{name}: LibreOffice made no PDF", file=sys.stderr)
                continue
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            counts[name] = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    return counts


def wrong_calls(rows: list[tuple[str, int, float, float]]) -> list[str]:
    from generator.check.rules import SURELY_MORE_THAN_ONE_PAGE, SURELY_ONE_PAGE
    wrong = []
    for name, pages, low, high in rows:
        if low > SURELY_MORE_THAN_ONE_PAGE and pages == 1:
            wrong.append(f"{name}: called longer than a page, LibreOffice sets it on 1")
        elif low <= SURELY_MORE_THAN_ONE_PAGE and high < SURELY_ONE_PAGE and pages > 1:
            wrong.append(f"{name}: called one page, LibreOffice sets it on {pages}")
    return wrong


def read_table(path: Path = TABLE) -> list[tuple[str, int, float, float]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER, "the table's columns changed"
    return [(name, int(pages), float(low), float(high))
            for name, pages, low, high in (line.split("\t") for line in lines[1:])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"store the table in {TABLE.relative_to(ROOT)}")
    args = parser.parse_args()
    folder = corpus()
    estimated = estimates(folder)
    counts = page_counts(folder, sorted(estimated))
    rows = [(name, counts[name], *estimated[name]) for name in sorted(counts)]
    for name, pages, low, high in rows:
        print(f"{name:40} {pages:3}  {low:6.2f} – {high:6.2f}")
    wrong = wrong_calls(rows)
    from generator.check.rules import SURELY_MORE_THAN_ONE_PAGE, SURELY_ONE_PAGE
    settled = sum(1 for _, _, low, high in rows if low > SURELY_MORE_THAN_ONE_PAGE or high < SURELY_ONE_PAGE)
    print(f"{len(rows)} documents, {settled} settled by the estimate, {len(wrong)} wrong calls")
    for line in wrong:
        print("  " + line)
    if args.write:
        TABLE.write_text("\n".join([HEADER, *("\t".join(map(str, row)) for row in rows)]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
