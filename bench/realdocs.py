"""`chuongtrinh check` over documents written by others (../shared/realdocs, see its SOURCES.md):
findings per rule, certain and undetermined, and the family each document was checked under.

    python bench/realdocs.py            # print the table
    python bench/realdocs.py --write    # and store it in bench/realdocs-findings.tsv

The stored table is what tests/test_realdocs.py compares against, so that a change which makes a
rule noisier on real documents shows at once; after a change that is meant to, store it anew.
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "bench" / "realdocs-findings.tsv"


def corpus() -> Path:
    return Path(os.environ.get("CHUONGTRINH_REALDOCS", ROOT.parent / "shared" / "realdocs"))


def measure(folder: Path) -> dict:
    """Per rule (without the profile's prefix): findings that fail and findings undetermined;
    the documents per family; the files that could not be read, and those that crashed."""
    from generator.check import UnreadableDocument, check_path
    rules: Counter = Counter()
    families: Counter = Counter()
    unreadable, crashed, reports = [], [], {}
    for path in sorted(folder.rglob("*.docx")):
        try:
            report = check_path(path)
        except UnreadableDocument:
            unreadable.append(path.name)
            continue
        except Exception as error:      # a crash is what this measures
            crashed.append(f"{path.name}: {type(error).__name__}: {error}")
            continue
        reports[path] = report
        families[report.profile.family] += 1
        for finding in report.findings:
            rules[(finding.rule.split("-", 1)[1], finding.certain)] += 1
    return dict(rules=rules, families=families, unreadable=unreadable, crashed=crashed, reports=reports)


def table(result: dict) -> str:
    rules = result["rules"]
    names = sorted({rule for rule, _ in rules})
    lines = ["rule\tcertain\tundetermined"]
    lines += [f"{name}\t{rules[(name, True)]}\t{rules[(name, False)]}" for name in names]
    lines += [f"family:{family}\t{count}\t0" for family, count in sorted(result["families"].items())]
    # How many documents a user would be told are wrong, and how many were read.
    flagged = sum(1 for report in result["reports"].values() if report.violations)
    lines.append(f"documents:with-a-certain-finding\t{flagged}\t{len(result['reports']) - flagged}")
    return "\n".join(lines) + "\n"


def read_table(path: Path = TABLE) -> dict[str, tuple[int, int]]:
    return read_table_text(path.read_text(encoding="utf-8"))


def read_table_text(text: str) -> dict[str, tuple[int, int]]:
    rows = [line.split("\t") for line in text.splitlines()[1:] if line]
    return {name: (int(certain), int(undetermined)) for name, certain, undetermined in rows}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    folder = corpus()
    if not folder.is_dir():
        print(f"không có thư mục {folder} (đặt CHUONGTRINH_REALDOCS)", file=sys.stderr)
        return 2
    result = measure(folder)
    text = table(result)
    print(text, end="")
    for line in result["crashed"]:
        print("LỖI:", line, file=sys.stderr)
    if "--write" in argv:
        TABLE.write_text(text, encoding="utf-8")
        print(f"đã ghi {TABLE.relative_to(ROOT)}", file=sys.stderr)
    return 1 if result["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
