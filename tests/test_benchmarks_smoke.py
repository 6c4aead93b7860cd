"""The benchmark harness still runs (on 20 units, once). Timings are never
asserted here: they depend on the machine. ``make bench`` is the real run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not (ROOT / "benchmarks" / "__main__.py").exists(),
                    reason="benchmarks/ is not part of this checkout")
def test_the_harness_runs_on_a_tiny_cohort(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--units", "20", "--repeat", "1",
         "--cache", str(tmp_path / "cache"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {"nproc", "cpu", "python"} <= set(report["machine"])
    runs = {r["workload"]: r for r in report["runs"]}
    assert set(runs) == {"synthetic", "real"}
    for run in runs.values():
        assert run["units"] == 20 and run["input_cells"] > 0
        for export, summary in run["summary"].items():
            assert summary["errors"] == [], (export, summary["errors"])
            wall = summary["wall"]
            for key in ("a", "a_read", "b", "c", "b/a", "c/a_read"):
                assert wall[key] is not None and wall[key] > 0, (export, key)
            assert summary["memory_mb"]["a"] and summary["memory_mb"]["b"]
        # the command is also set against the floor writing every cell of its own workbook
        cells = run["summary"]["command"]["wall"]
        assert cells["a_cells"] > 0 and cells["b/a_cells"] > 0
    assert "| synthetic | 20 | table |" in proc.stdout
