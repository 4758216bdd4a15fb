"""The benchmark script runs on a tiny input (timings themselves are never asserted)."""
import json
import subprocess
import sys

from .conftest import ROOT


def test_benchmark_runs_on_three_provinces(tmp_path):
    results = tmp_path / "results.json"
    completed = subprocess.run([sys.executable, "bench/run.py", "--limit", "3", "--no-pdf", "--output", str(results)],
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["documents"] == 3
    cores = data["machine"]["cores"]
    assert {f"chuongtrinh, {cores} processes, first run", "chuongtrinh, 1 process, warm run", "chuongtrinh no change",
            "docxtpl, 1 process", f"docxtpl, {cores} processes", "python-docx, 1 process"} <= set(data["batch"])
    assert {"chuongtrinh first run", "chuongtrinh warm run", "docxtpl", "python-docx"} == set(data["one"])
    assert set(data["per_document_ms"]) == {"chuongtrinh write + save", "chuongtrinh load + compose + write + save",
                                            "chuongtrinh build, check, store (workbench)",
                                            "docxtpl", "python-docx"}
    # every target is a ratio of two rows of this one run
    assert {"1 process, with the check: docxtpl ÷ chuongtrinh", "no change ÷ first run (target ≤ 0.1)",
            "one document, whole process, warm: docxtpl ÷ chuongtrinh"} <= set(data["ratios"])
    assert all(size > 0 for size in data["output_bytes"].values())
    assert "per document, one process, file written" in completed.stdout


def test_the_readme_table_is_the_one_bench_results_json_gives():
    """The README's speed table is bench/run.py's rendering of the committed results, every row."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index(bench.TABLE_START) + len(bench.TABLE_START):readme.index(bench.TABLE_END)]
    assert table.strip() == bench.markdown_table(results).strip()
    for name in results["batch"]:
        assert f"| {name} |" in table
