"""The harness: every measurement of one run, side by side, with the ratios
issue 6 sets as targets.

For each workload and cohort size N it (1) writes the collection workbook
once (cached), (2) runs dtikit end to end once to learn the shapes of its
output and read them back, then (3) repeats, each in a fresh process:
the floor (a), dtikit end to end (b), score + rank alone (c) and the pandas
pipeline (d). It reports medians, the ratios b/a, c/a_read, b/d, peak memory
b/a, and time per unit at each N.
"""

from __future__ import annotations

import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from . import workload as wl

ROOT = Path(__file__).resolve().parent
TARGETS = {
    "b/a": ("≤", 1.25, "end to end within 1.25× the floor (at 10,000 units)"),
    "c/a_read": ("≤", 0.2, "score + rank at most 0.2× the floor's read time"),
    "b/d": ("≤", 0.1, "at least 10× faster than the pandas pipeline"),
    "mem b/a": ("≤", 2.0, "peak memory at most 2× the floor's"),
    "growth": ("≤", 1.2, "time per unit at the largest N within 1.2× of that at 1,000"),
}

COMMAND = "command"
"""The export that is the user's whole command (``dtikit score … -o results.xlsx``)."""
COMMAND_CELLS = "command_cells"
"""A second floor for the command, not its target: read every cell, and write
every cell of the command's own workbook (the breakdown's too) as the floor
writes, so that what the command's extra cells cost the floor shows."""
COMMAND_TARGETS = {
    "b/a": ("≤", 1.5, "the user's command within 1.5× the floor (read + ranking table)"),
    "mem b/a": ("≤", 2.0, "its peak memory at most 2× the floor's"),
}


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for dist in ("dtikit", "numpy", "python-calamine", "openpyxl", "pandas"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def have_pandas() -> bool:
    import importlib.util

    return importlib.util.find_spec("pandas") is not None


def measure(kind: str, workbook: Path, *args: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.measure", kind, str(workbook), *args]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT.parent), env.get("PYTHONPATH", "")])
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT.parent)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"kind": kind, "error": f"exit {proc.returncode}: {proc.stderr[-800:]}",
                "maxrss_mb": None}
    record: dict[str, Any] = json.loads(lines[-1])
    return record


def read_shape(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet of a workbook as plain values: what the floor writes."""
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    try:
        return [(name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in wb.sheet_names]
    finally:
        wb.close()


def _median(records: Sequence[dict[str, Any]], key: str, phase: str | None = None
            ) -> float | None:
    values = []
    for r in records:
        if r.get("error"):
            continue
        src = r["phases"].get(phase) if phase else r
        if src is not None and src.get(key) is not None:
            values.append(src[key])
    return statistics.median(values) if values else None


def _mem(records: Sequence[dict[str, Any]]) -> float | None:
    values = [r["maxrss_mb"] for r in records if not r.get("error") and r.get("maxrss_mb")]
    return statistics.median(values) if values else None


def _ratio(x: float | None, y: float | None) -> float | None:
    return None if x is None or not y else x / y


def summarise(n: int, m: dict[str, list[dict[str, Any]]], export: str) -> dict[str, Any]:
    out: dict[str, Any] = {"export": export}
    for clock in ("wall", "cpu"):
        a = _median(m.get(f"floor_{export}", []), clock)
        a_read = _median(m.get(f"floor_{export}", []), clock, "read")
        b = _median(m.get(f"dtikit_{export}", []), clock)
        c = _median(m.get("score_rank", []), clock)
        d = _median(m.get("pandas", []), clock)
        out[clock] = {
            "a": a, "a_read": a_read, "b": b, "c": c, "d": d,
            "b/a": _ratio(b, a), "c/a_read": _ratio(c, a_read), "b/d": _ratio(b, d),
            "b_ms_per_unit": None if b is None else 1000 * b / n,
            "a_ms_per_unit": None if a is None else 1000 * a / n,
            "phases_b": {ph: _median(m.get(f"dtikit_{export}", []), clock, ph)
                         for ph in ("read", "score", "rank", "export")},
        }
    if export == COMMAND:
        for clock in ("wall", "cpu"):
            a = _median(m.get(f"floor_{COMMAND_CELLS}", []), clock)
            out[clock]["a_cells"] = a
            out[clock]["b/a_cells"] = _ratio(out[clock]["b"], a)
    mem_a, mem_b = _mem(m.get(f"floor_{export}", [])), _mem(m.get(f"dtikit_{export}", []))
    out["memory_mb"] = {"a": mem_a, "b": mem_b, "c": _mem(m.get("score_rank", [])),
                        "d": _mem(m.get("pandas", [])), "b/a": _ratio(mem_b, mem_a)}
    out["errors"] = sorted({f"{k}: {r['error'].splitlines()[0]}" for k, rs in m.items()
                            for r in rs if r.get("error")})
    return out


def run(units: Sequence[int], *, repeat: int = 3, workloads: Sequence[str] = ("synthetic",),
        cache: Path = ROOT / ".cache", reader: str = "fast",
        exports: Sequence[str] = ("table", "results"), pandas: bool = True,
        pandas_max: int = 10_000, big_repeat: int = 1, big: int = 50_000,
        log: Any = print) -> dict[str, Any]:
    cache.mkdir(parents=True, exist_ok=True)
    out_dir = cache / "out"
    out_dir.mkdir(exist_ok=True)
    use_pandas = pandas and have_pandas()
    if pandas and not use_pandas:
        log("pandas is not installed: the pandas pipeline (d) is skipped "
            "(pip install 'dtikit[bench]')")
    report: dict[str, Any] = {"machine": machine(), "reader": reader, "runs": []}
    for name in workloads:
        for n in units:
            t0 = time.time()
            book = wl.workbook(cache, name, n)
            log(f"[{name} × {n}] workbook {book.name} ({book.stat().st_size / 1e6:.1f} MB, "
                f"written in {time.time() - t0:.0f} s if new)")
            reps = big_repeat if n >= big else repeat
            m: dict[str, list[dict[str, Any]]] = {}
            for export in exports:
                out = out_dir / f"{name}-{n}-{export}.xlsx"
                # the user's command is held to the floor of the published table:
                # read every cell, write the ranking table
                warm = measure("dtikit", book, "--workload", name, "--out", str(out),
                               "--reader", reader,
                               "--export", "table" if export == COMMAND else export)
                if warm.get("error"):
                    log(f"  dtikit ({export}) failed: {warm['error']}")
                    m.setdefault(f"dtikit_{export}", []).append(warm)
                    continue
                shape = out_dir / f"{name}-{n}-{export}.shape.pkl"
                with shape.open("wb") as f:
                    pickle.dump(read_shape(out), f)
                if export == COMMAND:  # and every cell of its own workbook, for comparison
                    own = _command_out(out_dir, name, n)
                    own.unlink(missing_ok=True)
                    first = measure("command", book, "--workload", name, "--out", str(own))
                    if first.get("error"):
                        log(f"  the command failed: {first['error']}")
                        continue
                    with (out_dir / f"{name}-{n}-{COMMAND_CELLS}.shape.pkl").open("wb") as f:
                        pickle.dump(read_shape(own), f)
            for rep in range(reps):
                for export in exports:
                    out = out_dir / f"{name}-{n}-{export}.xlsx"
                    shape = out_dir / f"{name}-{n}-{export}.shape.pkl"
                    if shape.exists():
                        m.setdefault(f"floor_{export}", []).append(measure(
                            "floor", book, "--shape", str(shape),
                            "--out", str(out_dir / f"floor-{export}.xlsx")))
                    if export == COMMAND:
                        cells = out_dir / f"{name}-{n}-{COMMAND_CELLS}.shape.pkl"
                        if cells.exists():
                            m.setdefault(f"floor_{COMMAND_CELLS}", []).append(measure(
                                "floor", book, "--shape", str(cells),
                                "--out", str(out_dir / f"floor-{COMMAND_CELLS}.xlsx")))
                        m.setdefault(f"dtikit_{export}", []).append(measure(
                            "command", book, "--workload", name,
                            "--out", str(_command_out(out_dir, name, n))))
                        continue
                    m.setdefault(f"dtikit_{export}", []).append(measure(
                        "dtikit", book, "--workload", name, "--out", str(out),
                        "--reader", reader, "--export", export))
                m.setdefault("score_rank", []).append(measure(
                    "score_rank", book, "--workload", name, "--reader", reader))
                if use_pandas and n <= pandas_max:
                    m.setdefault("pandas", []).append(measure(
                        "pandas", book, "--out", str(out_dir / "pandas.xlsx")))
                log(f"  repetition {rep + 1}/{reps} done")
            entry = {"workload": name, "units": n, "repetitions": reps,
                     "input_cells": input_cells(name, n), "measurements": m,
                     "summary": {e: summarise(n, m, e) for e in exports}}
            report["runs"].append(entry)
            log(table_rows([entry]))
    report["growth"] = growth(report["runs"])
    report["machine"]["loadavg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return report


def _command_out(out_dir: Path, name: str, n: int) -> Path:
    """Where the user's command writes its results workbook."""
    return out_dir / f"{name}-{n}-command-results.xlsx"


def input_cells(name: str, n: int) -> int:
    from dtikit.formats.spec import leaf_inputs

    inputs = leaf_inputs(wl.rubric_for(name)).values()
    per_unit = sum(2 if i.kind == "ratio" else len(i.choices) if i.kind == "parts" else 1
                   for i in inputs)
    return per_unit * n


def growth(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Time per unit at the largest N over time per unit at the smallest, per
    workload and export (end to end, and the floor for comparison)."""
    out: dict[str, Any] = {}
    by: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    for r in runs:
        for export, s in r["summary"].items():
            by.setdefault((r["workload"], export), []).append((r["units"], s))
    for (name, export), items in by.items():
        items.sort(key=lambda x: x[0])
        (n0, s0), (n1, s1) = items[0], items[-1]
        if n0 == n1:
            continue
        out[f"{name}/{export}"] = {
            "from": n0, "to": n1,
            "b": _ratio(s1["wall"]["b_ms_per_unit"], s0["wall"]["b_ms_per_unit"]),
            "a": _ratio(s1["wall"]["a_ms_per_unit"], s0["wall"]["a_ms_per_unit"]),
        }
    return out


def _f(x: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if x is None else fmt.format(x)


def table_rows(runs: Sequence[dict[str, Any]], clock: str = "wall") -> str:
    head = ("| workload | N | export | floor a (read) s | dtikit b s | score+rank c s "
            "| pandas d s | b/a | c/a_read | b/d | mem a→b MB | b ms/unit |")
    lines = [head, "|" + "---|" * 12]
    for r in runs:
        for export, s in r["summary"].items():
            t = s[clock]
            mem = s["memory_mb"]
            lines.append(
                f"| {r['workload']} | {r['units']:,} | {export} "
                f"| {_f(t['a'])} ({_f(t['a_read'])}) | {_f(t['b'])} | {_f(t['c'], '{:.3f}')} "
                f"| {_f(t['d'])} | {_f(t['b/a'])} | {_f(t['c/a_read'], '{:.3f}')} "
                f"| {_f(t['b/d'], '{:.3f}')} | {_f(mem['a'], '{:.0f}')}→{_f(mem['b'], '{:.0f}')} "
                f"| {_f(t['b_ms_per_unit'], '{:.3f}')} |")
            if t.get("a_cells") is not None:
                lines.append(f"|   the floor writing every cell of the command's own workbook: "
                             f"{_f(t['a_cells'])} s, b/a {_f(t['b/a_cells'])} |")
            for err in s["errors"]:
                lines.append(f"|   ⚠ {err} |")
    return "\n".join(lines)


def save(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")
