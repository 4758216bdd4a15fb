"""Benchmarks: chuongtrinh against docxtpl and naive python-docx on the same content, in one run.

    python bench/run.py              # full: 63 provinces, medians of 3 runs, PDF, preview, scaling to 6,300
    python bench/run.py --quick      # one run of each, no scaling
    python bench/run.py --limit 3    # a tiny input (what the test-suite runs)

Like for like:
- batch timings are whole processes as a user runs them (interpreter start-up included, Python's
  bytecode caches written as a user's are), with peak memory from wait4, every tool writing its
  files to disk; each tool in one process, and each with as many processes as there are cores
  (the peers share the documents among that many processes, as chuongtrinh does);
- "first run" empties chuongtrinh's own cache (compiled templates, prepared reference documents:
  a fresh XDG_CACHE_HOME) and the output folder; "warm run" keeps the cache and empties the
  output; "no change" keeps both;
- per-document timings are in one process, median over the documents, each including the
  writing of the file;
- the peers get the content already composed by chuongtrinh (as JSON): they do less work than we
  do, and write a plainer document (no styles of the guideline, no page-number field, no
  conformance check).
Every ratio in results.json is taken from the same run. Writes bench/results.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
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


def run(command: list[str], cwd: Path = ROOT, env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak memory (MiB, the largest of the process and its workers) of one
    process, as a user would run it."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        process = subprocess.run([sys.executable, "-c", LAUNCHER, report.name, *command], cwd=cwd,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        measured = json.loads(Path(report.name).read_text() or "{}")
    if process.returncode != 0 or measured.get("code") != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.decode()}")
    return measured["wall"], round(measured["maxrss_kib"] / 1024)


def median_runs(runs: list[tuple], repeat: int) -> dict[str, dict]:
    """(name, command, what to do before, environment) runs, taken in turn `repeat` times (a busy
    moment of a shared machine then slows every tool, not only the one measured at that moment):
    the median wall time and the largest peak memory of each."""
    walls: dict[str, list[float]] = {run_[0]: [] for run_ in runs}
    peaks: dict[str, list[int]] = {run_[0]: [] for run_ in runs}
    for _ in range(repeat):
        for name, command, before, env in runs:
            if before:
                before()
            wall, peak = run(command, env=env)
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
    if not (args.quick or args.limit) and args.output == ROOT / "bench" / "results.json":
        write_readme_table(results)


def user_environment(cache: Path) -> dict:
    """The environment a user's shell gives: bytecode caches written (a test or CI shell may turn
    them off, which costs every tool its compile time on every run), chuongtrinh's cache in `cache`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["XDG_CACHE_HOME"] = str(cache)
    return env


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob("*.docx") if not path.name.startswith("template"))


def measure(args, repeat: int, work: Path) -> dict:
    provinces = work / "provinces"
    provinces.mkdir()
    for path in sorted((ROOT / "provinces").glob("*.yaml"))[: args.limit]:
        shutil.copy(path, provinces)
    sources = sorted(provinces.glob("*.yaml"))
    trees, items = content(sources)
    content_file = work / "content.json"
    content_file.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    one_file = work / "one.json"
    one_file.write_text(json.dumps(items[:1], ensure_ascii=False), encoding="utf-8")
    python = sys.executable
    cores = os.cpu_count() or 1
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "generator"), str(ROOT / "bench")],
                   env=user_environment(work / "cache-warm"), stdout=subprocess.DEVNULL, check=True)
    warm, first = user_environment(work / "cache-warm"), user_environment(work / "cache-first")
    ours = [python, "-m", "generator", "build", "--provinces", str(provinces)]
    out = work / "ours"
    results = {"machine": {"cores": cores, "python": platform.python_version()},
               "documents": len(sources), "batch": {}, "one": {}, "per_document_ms": {}}
    peers = (["docxtpl"] if _has("docxtpl") else []) + ["python-docx"]

    def clean() -> None:
        shutil.rmtree(out, ignore_errors=True)

    def clean_all() -> None:
        clean()
        shutil.rmtree(work / "cache-first", ignore_errors=True)

    # The files themselves, each at its own date: the documents the peers are given (not --all,
    # which would build today's register of units from them).
    batch = ours + [str(source) for source in sources] + ["-o", str(out)]
    run(batch, env=warm)                                   # the warm cache
    runs = [(f"chuongtrinh, {cores} processes, first run", batch, clean_all, first),
            (f"chuongtrinh, {cores} processes, warm run", batch, clean, warm),
            ("chuongtrinh no change", batch, None, warm),
            ("chuongtrinh, 1 process, first run", batch + ["--jobs", "1"], clean_all, first),
            ("chuongtrinh, 1 process, warm run", batch + ["--jobs", "1"], clean, warm),
            ("chuongtrinh, 1 process, warm run, --no-check", batch + ["--jobs", "1", "--no-check"], clean, warm),
            ("chuongtrinh one, first run", ours + [str(sources[0]), "--force", "-o", str(work / "one")], clean_all, first),
            ("chuongtrinh one, warm run", ours + [str(sources[0]), "--force", "-o", str(work / "one")], None, warm)]
    for tool in peers:
        command = [python, "bench/peers.py", tool, str(content_file), str(work / tool)]
        runs += [(f"{tool}, 1 process", command + ["1"], None, warm),
                 (f"{tool}, {cores} processes", command + [str(cores)], None, warm),
                 (f"{tool} one", [python, "bench/peers.py", tool, str(one_file), str(work / f"{tool}-one")], None,
                  warm)]
    measured = median_runs(runs, repeat)
    for name, result in measured.items():
        if " one" in name:
            results["one"][name.replace(" one", "").replace("chuongtrinh, ", "chuongtrinh ")] = result
        else:
            results["batch"][name] = result
    clean()
    run(batch, env=warm)                                   # the documents the PDF step converts
    results["output_bytes"] = {"chuongtrinh": folder_bytes(out),
                               **{tool: folder_bytes(work / tool) for tool in peers}}
    import peers as peer_module
    saved = work / "per-chuongtrinh"
    saved.mkdir()

    def ours_written(composed) -> None:
        tree, profile = composed
        (saved / "one.docx").write_bytes(api.write_document(tree, profile))

    def ours_whole(source: Path) -> None:
        tree, profile = api.compose_document(api.load_province(source), kind)
        (saved / "whole.docx").write_bytes(api.write_document(tree, profile))

    def ours_built(source: Path) -> None:
        # What the workbench's build button does in its running process: the whole build of one
        # province, checked, stored and recorded in the manifest (--force: built again each time).
        for outcome in api.build((str(source),), saved / "built", force=True, jobs=1, provinces_dir=provinces):
            assert outcome.action == "built", (outcome.action, outcome.problems)

    kind = api.load_kind()
    functions = {"chuongtrinh write + save": (ours_written, trees),
                 "chuongtrinh load + compose + write + save": (ours_whole, sources),
                 "chuongtrinh build, check, store (workbench)": (ours_built, sources)}
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
        results["preview"] = preview_times(sources[0], work, repeat)
    if not args.quick and not args.limit:
        results["scaling"] = scaling(sources, work, python, warm)
    results["ratios"] = ratios(results)
    return results


def ratios(results: dict) -> dict:
    """The targets of the benchmark, each a ratio of two rows of this run (above 1: we are ahead)."""
    batch, one, cores = results["batch"], results["one"], results["machine"]["cores"]
    found: dict[str, float] = {}

    def ratio(name: str, peer: dict | None, ours: dict | None) -> None:
        if peer and ours:
            found[name] = round(peer["wall_s"] / ours["wall_s"], 2)

    ratio("1 process, with the check: docxtpl ÷ chuongtrinh", batch.get("docxtpl, 1 process"),
          batch.get("chuongtrinh, 1 process, warm run"))
    ratio(f"{cores} processes, first run: docxtpl ÷ chuongtrinh", batch.get(f"docxtpl, {cores} processes"),
          batch.get(f"chuongtrinh, {cores} processes, first run"))
    ratio("one document, whole process, warm: docxtpl ÷ chuongtrinh", one.get("docxtpl"), one.get("chuongtrinh warm run"))
    ratio("one document, whole process, first run: docxtpl ÷ chuongtrinh", one.get("docxtpl"),
          one.get("chuongtrinh first run"))
    first, unchanged = batch.get(f"chuongtrinh, {cores} processes, first run"), batch.get("chuongtrinh no change")
    if first and unchanged:
        found["no change ÷ first run (target ≤ 0.1)"] = round(unchanged["wall_s"] / first["wall_s"], 2)
    return found


def preview_times(source: Path, work: Path, repeat: int) -> dict:
    """The workbench's live preview: the server's work from the form's text to the page image (warm
    converters, as after the first preview), and the editor's wait after the last keystroke."""
    debounce_ms = int(re.search(r"timer = setTimeout\(.*?\}, (\d+)\);", (ROOT / "generator" / "serve" / "static" /
                                                                      "workbench.js").read_text()).group(1))
    text = source.read_text(encoding="utf-8")
    timings = []
    for index in range(max(repeat, 3) + 1):
        folder = work / f"preview-{index}"
        folder.mkdir()
        started = time.perf_counter()
        api.preview_text(text, source.stem, 1, folder)
        timings.append(time.perf_counter() - started)
    server = statistics.median(timings[1:])          # the first one starts LibreOffice
    return {"server_s": round(server, 3), "first_s": round(timings[0], 2), "debounce_s": debounce_ms / 1000,
            "keystroke_to_image_s": round(server + debounce_ms / 1000, 3)}


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


def scaling(sources: list[Path], work: Path, python: str, env: dict) -> dict:
    """1, 10 and 100 variants of every province (document numbers 1–100), built in one process
    call as batches of 63: the time per document and the peak memory should stay flat."""
    timings = {}
    for variants in (1, 10, 100):
        script = ["import sys, time", "from pathlib import Path", "from generator import api"]
        for number in range(1, variants + 1):
            folder = work / f"variant-{number}"
            if not folder.is_dir():
                folder.mkdir()
                for source in sources:
                    text = source.read_text(encoding="utf-8").replace("  number:", f"  number: {number}", 1)
                    (folder / source.name).write_text(text, encoding="utf-8")
            script.append(f"list(api.build(tuple(map(str, sorted(Path({str(folder)!r}).glob('*.yaml')))), "
                          f"Path({str(work / f'scaled-{variants}-{number}')!r})))")
        wall, peak = run([python, "-c", "\n".join(script)], env=env)
        count = variants * len(sources)
        timings[f"{count} documents"] = {"wall_s": round(wall, 2), "ms_per_document": round(wall / count * 1000, 1),
                                         "peak_mib": peak}
        for number in range(1, variants + 1):
            shutil.rmtree(work / f"scaled-{variants}-{number}", ignore_errors=True)
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
    print(f"{n} documents, {results['machine']['cores']} cores, Python {results['machine']['python']}")
    print(f"{'batch (whole process)':48} {'wall s':>8} {'docs/s':>8} {'peak MiB':>9}")
    for name, row in batch.items():
        print(f"{name:48} {row['wall_s']:8.2f} {n / row['wall_s']:8.1f} {row['peak_mib']:9}")
    print(f"{'one document (whole process)':48} {'wall s':>8} {'':>8} {'peak MiB':>9}")
    for name, row in single.items():
        print(f"{name:48} {row['wall_s']:8.2f} {'':>8} {row['peak_mib']:9}")
    print(f"{'per document, one process, file written':48} {'median ms':>8}")
    for name, ms in per.items():
        print(f"{name:48} {ms:8.1f}")
    print("output bytes: " + ", ".join(f"{tool} {size:,}" for tool, size in results.get("output_bytes", {}).items()))
    if "pdf" in results:
        pdf = results["pdf"]
        how = "warm converters" if pdf["warm_converters"] else "soffice --convert-to"
        print(f"PDF through LibreOffice ({how}): {pdf['documents']} documents in {pdf['first_batch_s']} s, "
              f"again {pdf['again_batch_s']} s ({pdf['per_document_ms']} ms each); one document alone "
              f"{pdf['one_document_warm_s']} s warm, {pdf['one_document_cold_s']} s cold")
    if "preview" in results:
        preview = results["preview"]
        print(f"workbench preview: server {preview['server_s']} s + wait after the last keystroke "
              f"{preview['debounce_s']} s = {preview['keystroke_to_image_s']} s (first preview {preview['first_s']} s)")
    for name, row in results.get("scaling", {}).items():
        print(f"scaling: {name}: {row['wall_s']} s, {row['ms_per_document']} ms per document, peak {row['peak_mib']} MiB")
    for name, value in results.get("ratios", {}).items():
        print(f"ratio: {name}: {value}")


README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- bench/results.json: start -->", "<!-- bench/results.json: end -->"


def markdown_table(results: dict) -> str:
    """The README's table of a full run: every row of results.json, ours and the peers', and the
    ratios the targets are stated in (tests/test_bench.py holds the README to results.json)."""
    n, cores = results["documents"], results["machine"]["cores"]
    lines = [f"{n} documents, {cores} cores, Python {results['machine']['python']}; whole processes, files "
             f"written to disk, medians of the runs (`make bench`).", "",
             "| run | wall s | peak MiB |", "|---|---:|---:|"]
    lines += [f"| {name} | {row['wall_s']:.2f} | {row['peak_mib']} |" for name, row in results["batch"].items()]
    lines += [f"| one document: {name} | {row['wall_s']:.2f} | {row['peak_mib']} |"
              for name, row in results["one"].items()]
    lines += ["", "| per document, one process, file written | median ms |", "|---|---:|"]
    lines += [f"| {name} | {ms:.1f} |" for name, ms in results["per_document_ms"].items()]
    if "scaling" in results:
        lines += ["", "| scale | wall s | ms per document | peak MiB |", "|---|---:|---:|---:|"]
        lines += [f"| {name} | {row['wall_s']:.2f} | {row['ms_per_document']:.1f} | {row['peak_mib']} |"
                  for name, row in results["scaling"].items()]
    notes = []
    if "output_bytes" in results:
        notes.append("output bytes: " + ", ".join(f"{tool} {size:,}" for tool, size in results["output_bytes"].items()))
    if "preview" in results:
        preview = results["preview"]
        notes.append(f"workbench preview: {preview['server_s']} s of work + {preview['debounce_s']} s of waiting "
                     f"after the last keystroke = {preview['keystroke_to_image_s']} s")
    if "pdf" in results:
        pdf = results["pdf"]
        notes.append(f"PDF: {pdf['documents']} documents {pdf['first_batch_s']} s, again {pdf['again_batch_s']} s; "
                     f"one {pdf['one_document_warm_s']} s warm, {pdf['one_document_cold_s']} s cold")
    notes += [f"ratio, {name}: **{value}**" for name, value in results.get("ratios", {}).items()]
    return "\n".join(lines + [""] + [f"- {note}" for note in notes])


def write_readme_table(results: dict) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    README.write_text(text[:start] + "\n" + markdown_table(results) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
