"""One measurement, in a fresh process: ``python -m benchmarks.measure KIND ...``.

Each measurement runs alone in its own interpreter so that its peak memory
(``ru_maxrss``) is its own and no cache of an earlier run helps it. It prints
one JSON line: wall and CPU seconds of the timed part, the phases inside it,
peak resident memory, and the error if it failed. Modules are imported before
the clock starts (the floor is not charged for importing python-calamine or
openpyxl either).

Kinds:

* ``floor`` — python-calamine reads every cell of the input workbook, then
  openpyxl (write-only) writes every cell of dtikit's results workbook (the
  same sheets, rows and values, read back beforehand), without styles, charts
  or any logic;
* ``dtikit`` — dtikit end to end: import the collection workbook, score, rank
  and classify, export the results workbook;
* ``command`` — the user's own command, ``dtikit score RUBRIC collection.xlsx -o
  results.xlsx``, with its defaults (the results workbook with the breakdown
  of the first 1,000 units, and the terminal summary, printed into a buffer),
  run in this process through the click app;
* ``score_rank`` — dtikit's score + rank alone, on the cohort already in memory;
* ``pandas`` — ``read_excel`` + row sums + ``rank`` + ``to_excel``.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Clock:
    """Wall and CPU time of named phases."""

    def __init__(self) -> None:
        self.phases: dict[str, dict[str, float]] = {}
        self._wall = time.perf_counter()
        self._cpu = time.process_time()
        self.start_wall = self._wall
        self.start_cpu = self._cpu

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        self.phases[name] = {"wall": wall - self._wall, "cpu": cpu - self._cpu}
        self._wall, self._cpu = wall, cpu

    def total(self) -> dict[str, float]:
        return {"wall": self._wall - self.start_wall, "cpu": self._cpu - self.start_cpu}


def _maxrss_mb() -> float:
    """Peak resident memory of this process. Linux: VmHWM, the high-water mark of
    this address space (``ru_maxrss`` would carry over the parent's from before
    the exec); elsewhere ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


# ------------------------------------------------------------------- kinds


def floor(workbook: Path, shape: Path, out: Path) -> Clock:
    import openpyxl
    import python_calamine as pc

    with shape.open("rb") as f:
        sheets: list[tuple[str, list[list[Any]]]] = pickle.load(f)
    clock = Clock()
    wb = pc.CalamineWorkbook.from_path(str(workbook))
    cells = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in rows)
    wb.close()
    clock.lap("read")
    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(out)
    clock.lap("write")
    return clock


def _reader(kind: str) -> Callable[..., Any]:
    """The import, with room for a 100,000-unit collection: its sheet XML
    (≈ 640 MB) is more than the default pre-flight limit (512 MB per member,
    sized for 10,000 units), which a province raises the same way."""
    import functools

    from dtikit.formats.safety import Limits

    limits = Limits(max_file_bytes=1024 * 2**20, max_member_bytes=2048 * 2**20,
                    max_total_bytes=4096 * 2**20)
    if kind == "fast":
        from dtikit.formats.columnwise import read_collection

        return functools.partial(read_collection, limits=limits)
    from dtikit.formats.xlsx_read import read_assessments

    return functools.partial(read_assessments, limits=limits, columnwise=False)


def dtikit_e2e(workbook: Path, workload: str, out: Path, reader: str, export: str) -> Clock:
    import dtikit
    from benchmarks.workload import rubric_for
    from dtikit.formats.xlsx_results import write_results

    read = _reader(reader)
    rubric = rubric_for(workload)
    clock = Clock()
    report = read(rubric, workbook)
    if report.rejected:
        raise RuntimeError(f"{len(report.rejected)} units rejected: {report.rejected[0]}")
    clock.lap("read")
    cards = dtikit.score(rubric, report.assessments)
    clock.lap("score")
    results = dtikit.rank(cards, rubric)
    clock.lap("rank")
    if export == "table":
        from benchmarks.export import write_ranking_table

        write_ranking_table(rubric, results, out)
    else:
        write_results(rubric, results, (), out)
    clock.lap("export")
    return clock


def command(workbook: Path, workload: str, out: Path) -> Clock:
    import contextlib
    import io

    from benchmarks.workload import rubric_for
    from dtikit.cli import cli
    from dtikit.convert import dumps

    if workload == "synthetic":  # not installed by a plugin: given as a rubric file
        rubric_arg = str(out.with_suffix(".rubric.json"))
        Path(rubric_arg).write_text(dumps(rubric_for(workload)), encoding="utf-8")
    else:
        rubric_arg = rubric_for(workload).id
    out.unlink(missing_ok=True)  # the command does not overwrite a file
    terminal = io.StringIO()
    clock = Clock()
    with contextlib.redirect_stdout(terminal):
        try:
            cli.main(["score", rubric_arg, str(workbook), "-o", str(out)],
                     prog_name="dtikit", standalone_mode=False)
        except SystemExit as exc:  # 1: some input rows rejected (listed), still a result
            if exc.code not in (0, 1, None):
                raise
    clock.lap("command")
    if not terminal.getvalue().strip() or not out.exists():
        raise RuntimeError(f"the command wrote no summary or no {out}: "
                           f"{terminal.getvalue()[-400:]}")
    return clock


def score_rank(workbook: Path, workload: str, reader: str) -> Clock:
    import dtikit
    from benchmarks.workload import rubric_for

    rubric = rubric_for(workload)
    report = _reader(reader)(rubric, workbook)
    gc.collect()
    clock = Clock()
    cards = dtikit.score(rubric, report.assessments)
    clock.lap("score")
    dtikit.rank(cards, rubric)
    clock.lap("rank")
    return clock


def pandas_pipeline(workbook: Path, out: Path) -> Clock:
    import pandas as pd

    clock = Clock()
    # row 4 holds the machine keys: the header a pandas user would pick
    df = pd.read_excel(workbook, sheet_name=0, header=3, engine="calamine")
    clock.lap("read")
    numbers = df.select_dtypes("number")
    df["Tổng"] = numbers.sum(axis=1)
    df["Xếp hạng"] = df["Tổng"].rank(method="min", ascending=False)
    df = df.sort_values("Xếp hạng")
    clock.lap("compute")
    df.to_excel(out, index=False, engine="openpyxl")
    clock.lap("write")
    return clock


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    p.add_argument("kind", choices=["floor", "dtikit", "command", "score_rank", "pandas"])
    p.add_argument("workbook", type=Path)
    p.add_argument("--workload", default="synthetic")
    p.add_argument("--out", type=Path)
    p.add_argument("--shape", type=Path)
    p.add_argument("--reader", default="fast", choices=["fast", "formats"])
    p.add_argument("--export", default="results", choices=["results", "table"])
    args = p.parse_args(argv)
    record: dict[str, Any] = {"kind": args.kind, "error": None}
    try:
        if args.kind == "floor":
            clock = floor(args.workbook, args.shape, args.out)
        elif args.kind == "dtikit":
            clock = dtikit_e2e(args.workbook, args.workload, args.out, args.reader, args.export)
        elif args.kind == "command":
            clock = command(args.workbook, args.workload, args.out)
        elif args.kind == "score_rank":
            clock = score_rank(args.workbook, args.workload, args.reader)
        else:
            clock = pandas_pipeline(args.workbook, args.out)
        record.update(clock.total(), phases=clock.phases)
    except Exception as exc:  # reported, not raised: the harness shows what failed
        record["error"] = f"{type(exc).__name__}: {exc}"
        record["traceback"] = traceback.format_exc(limit=6)
    record["maxrss_mb"] = _maxrss_mb()
    print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
