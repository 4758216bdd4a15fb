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
    assert {"chuongtrinh cold", "chuongtrinh no change", "docxtpl", "python-docx"} <= set(data["batch"])
    assert set(data["per_document_ms"]) == {"chuongtrinh", "docxtpl", "python-docx"}
    assert "per document, one process" in completed.stdout
