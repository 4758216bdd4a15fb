"""Benchmarks: chuongtrinh against docxtpl and naive python-docx on the same content, in one run.

    python bench/run.py              # full: 63 provinces, medians of 3 runs, PDF, 630-document scaling
    python bench/run.py --quick      # one run of each, no scaling
    python bench/run.py --limit 3    # a tiny input (what the test-suite runs)

Batch timings are whole processes as a user runs them (interpreter start-up included), with peak
memory from wait4. Per-document timings are in one process, median over the documents. The peers
get the content already composed by chuongtrinh (as JSON): they do less work than we do.
Writes bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generator import api  # noqa: E402
from generator.api import Heading, Placeholder, formats  # noqa: E402


def words(inlines) -> str:
    return "".join(f"[{i.label}]" if isinstance(i, Placeholder) else i.text for i in inlines)


def content(sources: list[Path]) -> tuple[list, list[dict]]:
    """Compose every province once: (tree, profile) for us, the same words as plain data for the peers."""
    kind = api.load_kind()
    trees, items = [], []
    for source in sources:
        tree, profile = api.compose_document(api.load_province(source), kind)
        text = profile.text
        trees.append((tree, profile))
        blocks = []
        for block in tree.body:
            if isinstance(block, Heading):
                blocks.append({"text": formats.heading_label(text, block.level, block.ordinal) + words(block.content),
                               "bold": True})
            else:
                label = formats.heading_label(text, 2, block.ordinal) if block.ordinal else block.marker
                blocks.append({"text": label + words(block.content), "bold": False})
        h = tree.header
        items.append({"slug": source.stem, "issuer": h.issuer.upper(),
                      "number": formats.number_line(text, h.number, h.kind_symbol, h.issuer_symbol),
                      "place_date": formats.date_line(text, h.place, h.date, h.year), "kind": tree.kind.upper(),
                      "subject": words(tree.subject), "blocks": blocks,
                      "recipients": formats.recipient_lines(text, [words(line) for line in tree.recipients]),
                      "authority": tree.signature.authority.upper(), "position": tree.signature.position,
                      "signer": words(tree.signature.name)})
    return trees, items


# Runs a command and reports its wall time and peak memory. Linux keeps a process's peak RSS across
# exec, so a command forked straight from this (by then large) process would report this process's
# size: it is forked from this small launcher instead.
LAUNCHER = """
import json, os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall": time.perf_counter() - started, "code": os.waitstatus_to_exitcode(status),
               "maxrss_kib": usage.ru_maxrss}, out)
"""


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak memory (MiB, the largest of the process and its workers) of one
    process, as a user would run it."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        process = subprocess.run([sys.executable, "-c", LAUNCHER, report.name, *command], cwd=cwd,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        measured = json.loads(Path(report.name).read_text() or "{}")
    if process.returncode != 0 or measured.get("code") != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.decode()}")
    return measured["wall"], round(measured["maxrss_kib"] / 1024)


def median_runs(runs: list[tuple[str, list[str], object]], repeat: int) -> dict[str, dict]:
    """(name, command, what to do before) runs, taken in turn `repeat` times (a busy moment of a
    shared machine then slows every tool, not only the one measured at that moment): the median
    wall time and the largest peak memory of each."""
    walls: dict[str, list[float]] = {name: [] for name, _, _ in runs}
    peaks: dict[str, list[int]] = {name: [] for name, _, _ in runs}
    for _ in range(repeat):
        for name, command, before in runs:
            if before:
                before()
            wall, peak = run(command)
            walls[name].append(wall)
            peaks[name].append(peak)
    return {name: {"wall_s": round(statistics.median(walls[name]), 3), "peak_mib": max(peaks[name])}
            for name in walls}


def per_document_ms(functions: dict[str, tuple], repeat: int) -> dict[str, float]:
    """name → (function, items): the median time of one call, the functions taken in turn on
    each document."""
    timings: dict[str, list[float]] = {name: [] for name in functions}
    count = min(len(items) for _, items in functions.values())
    for _ in range(repeat):
        for index in range(count):
            for name, (function, items) in functions.items():
                started = time.perf_counter()
                function(items[index])
                timings[name].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(values), 2) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--limit", type=int, default=None, help="only the first N provinces")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    repeat = 1 if args.quick or args.limit else args.repeat
    work = Path(tempfile.mkdtemp(prefix="chuongtrinh-bench-"))
    try:
        results = measure(args, repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(results)


def measure(args, repeat: int, work: Path) -> dict:
    provinces = work / "provinces"
    provinces.mkdir()
    for path in sorted((ROOT / "provinces").glob("*.yaml"))[: args.limit]:
        shutil.copy(path, provinces)
    sources = sorted(provinces.glob("*.yaml"))
    one = sources[0].stem
    trees, items = content(sources)
    content_file = work / "content.json"
    content_file.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    one_file = work / "one.json"
    one_file.write_text(json.dumps(items[:1], ensure_ascii=False), encoding="utf-8")
    python = sys.executable
    ours = [python, "-m", "generator", "build", "--provinces", str(provinces)]
    out = work / "ours"
    results = {"machine": {"cores": os.cpu_count(), "python": platform.python_version()},
               "documents": len(sources), "batch": {}, "one": {}, "per_document_ms": {}}
    peers = (["docxtpl"] if _has("docxtpl") else []) + ["python-docx"]
    clean = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731
    runs = [("chuongtrinh cold", ours + ["--all", "-o", str(out)], clean),
            ("chuongtrinh no change", ours + ["--all", "-o", str(out)], None),
            ("chuongtrinh one", ours + [one, "--force", "-o", str(out)], None),
            ("chuongtrinh cold --no-check", ours + ["--all", "--no-check", "-o", str(out)], clean)]
    for tool in peers:
        runs += [(tool, [python, "bench/peers.py", tool, str(content_file), str(work / tool)], None),
                 (f"{tool} one", [python, "bench/peers.py", tool, str(one_file), str(work / tool)], None)]
    measured = median_runs(runs, repeat)
    for name, result in measured.items():
        if name.endswith(" one"):
            results["one"][name.removesuffix(" one")] = result
        else:
            results["batch"][name] = result
    clean()
    run(ours + ["--all", "-o", str(out)])      # the documents the PDF step converts
    import peers as peer_module
    functions = {"chuongtrinh": (lambda composed: api.write_document(*composed), trees)}
    if "docxtpl" in peers:
        template = work / "template.docx"
        peer_module.make_docxtpl_template(template)
        (work / "per-docxtpl").mkdir()
        functions["docxtpl"] = (lambda item: peer_module.with_docxtpl([item], work / "per-docxtpl", template), items)
    (work / "per-python-docx").mkdir()
    functions["python-docx"] = (lambda item: peer_module.with_python_docx([item], work / "per-python-docx"), items)
    results["per_document_ms"] = per_document_ms(functions, repeat)
    if not args.no_pdf and shutil.which("soffice"):
        results["pdf"] = pdf_times(sorted(out.glob("*.docx")), work)
    if not args.quick and not args.limit:
        results["scaling"] = scaling(sources, work, python)
    return results


def pdf_times(documents: list[Path], work: Path) -> dict:
    """The first batch (LibreOffice's start-up included), the same batch again (warm converters,
    when python3-uno is there), one document alone, warm, and cold (a fresh LibreOffice)."""
    from generator.write import office, pdf

    def seconds(documents: list[Path], folder: str) -> float:
        started = time.perf_counter()
        api.export_pdf(documents, work / folder)
        return time.perf_counter() - started

    office.CONVERTERS.close()
    first = seconds(documents, "pdf-first")
    again = seconds(documents, "pdf-again")
    warm_one = seconds(documents[:1], "pdf-warm-one")
    office.CONVERTERS.close()
    cold_one = seconds(documents[:1], "pdf-cold-one")
    office.CONVERTERS.close()
    return {"documents": len(documents), "warm_converters": office.uno_python(pdf.find_soffice()) is not None,
            "first_batch_s": round(first, 2), "again_batch_s": round(again, 2),
            "per_document_ms": round(again / len(documents) * 1000),
            "one_document_warm_s": round(warm_one, 2), "one_document_cold_s": round(cold_one, 2)}


def scaling(sources: list[Path], work: Path, python: str) -> dict:
    """Ten variants of every province (document numbers 1–10), built as ten batches of 63."""
    timings = {}
    for variants in (1, 10):
        script = ["import sys, time", "from pathlib import Path", "from generator import api",
                  "t = time.perf_counter()"]
        for number in range(1, variants + 1):
            folder = work / f"variant-{number}"
            folder.mkdir(exist_ok=True)
            for source in sources:
                text = source.read_text(encoding="utf-8").replace("  number:", f"  number: {number}", 1)
                (folder / source.name).write_text(text, encoding="utf-8")
            script.append(f"list(api.build(tuple(map(str, sorted(Path({str(folder)!r}).glob('*.yaml')))), "
                          f"Path({str(work / f'scaled-{variants}-{number}')!r})))")
        wall, peak = run([python, "-c", "\n".join(script)])
        timings[f"{variants * len(sources)} documents"] = {"wall_s": round(wall, 2), "peak_mib": peak}
    return timings


def _has(module: str) -> bool:
    try:
        __import__(module)
        return True
    except ImportError:
        return False


def print_table(results: dict) -> None:
    n = results["documents"]
    batch, single, per = results["batch"], results["one"], results["per_document_ms"]
    ours = batch["chuongtrinh cold"]["wall_s"]
    print(f"{n} documents, {results['machine']['cores']} cores, Python {results['machine']['python']}")
    print(f"{'batch (whole process)':32} {'wall s':>8} {'docs/s':>8} {'peak MiB':>9} {'one doc s':>10} {'peer÷us':>8}")
    for name, row in batch.items():
        one = single.get(name.replace(' cold', ''), {}).get("wall_s", "")
        ratio = f"{row['wall_s'] / ours:.1f}×" if not name.startswith("chuongtrinh") else ""
        print(f"{name:32} {row['wall_s']:8.2f} {n / row['wall_s']:8.1f} {row['peak_mib']:9} {one!s:>10} {ratio:>8}")
    print(f"{'per document, one process':32} {'median ms':>8} {'peer÷us':>8}")
    for name, ms in per.items():
        ratio = f"{ms / per['chuongtrinh']:.1f}×" if name != "chuongtrinh" else ""
        print(f"{name:32} {ms:8.1f} {ratio:>8}")
    if "pdf" in results:
        pdf = results["pdf"]
        how = "warm converters" if pdf["warm_converters"] else "soffice --convert-to"
        print(f"PDF through LibreOffice ({how}): {pdf['documents']} documents in {pdf['first_batch_s']} s, "
              f"again {pdf['again_batch_s']} s ({pdf['per_document_ms']} ms each); one document alone "
              f"{pdf['one_document_warm_s']} s warm, {pdf['one_document_cold_s']} s cold")
    for name, row in results.get("scaling", {}).items():
        print(f"scaling: {name}: {row['wall_s']} s, peak {row['peak_mib']} MiB")


if __name__ == "__main__":
    main()
